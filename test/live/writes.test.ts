import { afterEach, describe, expect, it } from 'vitest';
import { resources, type NodeClaim } from '../../src/model/index.js';
import { CoreV1Api } from '../../src/cluster/kube/client.js';
import { nodeSpec, podSpec } from '../cluster/fixtures.js';
import { eventually, kubeClusterFor, liveWorld, type LiveWorld } from './harness.js';

let world: LiveWorld | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await world?.close();
  world = undefined;
});

async function setup(): Promise<{ w: LiveWorld } & Awaited<ReturnType<typeof kubeClusterFor>>> {
  world = await liveWorld();
  const w = world;
  w.sim.registerNode(nodeSpec('node-a'));
  w.sim.registerNode(nodeSpec('node-b'));
  const k = await kubeClusterFor(w);
  cleanups.push(() => k.kube.stop());
  return { w, ...k };
}

function claim(name: string, at: number): NodeClaim {
  return {
    name,
    nodePoolName: 'default',
    nodeClassName: 'default',
    createdAt: at,
    requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] }],
    instanceTypeOptions: ['m5.large', 'm5.xlarge'],
    requests: resources({ cpuMillis: 1500, memoryMiB: 3072, pods: 3 }),
    taints: [],
    startupTaints: [{ key: 'example.com/booting', effect: 'NoSchedule' }],
    templateHash: 'abc123',
    status: {},
  };
}

describe('KubeCluster writes reach the served SimCluster', () => {
  it('node labels, taints and cordon: applied to the cache at once, then on the server', async () => {
    const { w, kube, errors } = await setup();
    kube.setNodeLabels('node-a', { team: 'ml' });
    kube.addNodeTaint('node-a', { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    kube.cordonNode('node-b', true);
    // Synchronous, as in the simulation:
    expect(kube.node('node-a')!.labels.team).toBe('ml');
    expect(kube.node('node-a')!.taints).toEqual([{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }]);
    expect(kube.node('node-b')!.unschedulable).toBe(true);
    await kube.idle();
    expect(w.sim.node('node-a')!.labels.team).toBe('ml');
    expect(w.sim.node('node-a')!.taints).toEqual([{ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }]);
    expect(w.sim.node('node-b')!.unschedulable).toBe(true);
    // The server's node controller equivalent adds the unschedulable taint on cordon.
    expect(w.sim.node('node-b')!.taints).toEqual([{ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }]);

    kube.removeNodeTaint('node-a', 'karpenter.sh/disrupted');
    kube.cordonNode('node-b', false);
    await kube.idle();
    expect(w.sim.node('node-a')!.taints).toEqual([]);
    expect(w.sim.node('node-b')!.taints).toEqual([]);
    expect(w.sim.node('node-b')!.unschedulable).toBe(false);
    expect(errors).toEqual([]);
  });

  it('a taint added on the server meanwhile survives the adapter adding its own (read-modify-write)', async () => {
    const { w, kube, errors } = await setup();
    w.sim.addNodeTaint('node-a', { key: 'other-controller', effect: 'NoExecute' });
    // The adapter has not necessarily seen the server's taint; its patch is computed from a fresh read.
    kube.addNodeTaint('node-a', { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    await kube.idle();
    expect(w.sim.node('node-a')!.taints.map((t) => t.key).sort()).toEqual(['karpenter.sh/disrupted', 'other-controller']);
    await eventually(() => kube.node('node-a')!.taints.length === 2, 5000, 'both taints in the cache');
    expect(errors).toEqual([]);
  });

  it('pods: nomination as an annotation, delete, and node delete takes its pods along', async () => {
    const { w, kube, errors } = await setup();
    w.sim.createPod(podSpec({ cpuMillis: 64_000 }), 'big');
    w.sim.createPod(podSpec(), 'small');
    await eventually(() => kube.pod('default/big')?.status.unschedulable && kube.pod('default/small')?.status.nodeName, 5000, 'pods settled');
    kube.nominatePod('default/big', 'node-planned');
    expect(kube.pod('default/big')!.status.nominatedNodeName).toBe('node-planned');
    await kube.idle();
    expect(w.sim.pod('default/big')!.status.nominatedNodeName).toBe('node-planned');
    const core = w.kubeConfig.makeApiClient(CoreV1Api);
    const served = await core.readNamespacedPod({ namespace: 'default', name: 'big' });
    expect(served.metadata?.annotations?.['fleetsim.io/nominated-node']).toBe('node-planned');

    kube.deletePod('default/big');
    expect(kube.pod('default/big')).toBeUndefined();
    const node = kube.pod('default/small')!.status.nodeName!;
    kube.deleteNode(node);
    expect(kube.node(node)).toBeUndefined();
    expect(kube.pod('default/small')).toBeUndefined();
    await kube.idle();
    expect(w.sim.pod('default/big')).toBeUndefined();
    expect(w.sim.node(node)).toBeUndefined();
    expect(w.sim.pod('default/small')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('NodeClaims: create, status updates, delete through the fleetsim.io CRD', async () => {
    const { w, kube, clock, errors } = await setup();
    const now = clock.now();
    kube.createNodeClaim(claim('default-x7k2p', now));
    kube.updateNodeClaimStatus('default-x7k2p', { launchRequestedAt: now + 0.25, instanceType: 'm5.large', capacityType: 'spot', pricePerHour: 0.0342 });
    expect(kube.nodeClaim('default-x7k2p')!.status.instanceType).toBe('m5.large');
    await kube.idle();
    const simClaim = w.sim.nodeClaim('default-x7k2p')!;
    expect(simClaim.instanceTypeOptions).toEqual(['m5.large', 'm5.xlarge']);
    expect(simClaim.requests).toMatchObject({ cpuMillis: 1500, memoryMiB: 3072, pods: 3 });
    expect(simClaim.startupTaints).toEqual([{ key: 'example.com/booting', effect: 'NoSchedule' }]);
    expect(simClaim.status).toMatchObject({ instanceType: 'm5.large', capacityType: 'spot', pricePerHour: 0.0342 });
    // Simulated time = Unix time − EPOCH; the launch request was 0.25 s after the claim, kept to the microsecond.
    expect(simClaim.status.launchRequestedAt! + 1_700_000_000).toBeCloseTo(now + 0.25, 5);

    kube.updateNodeClaimStatus('default-x7k2p', { deletionAt: now + 60, deletionReason: 'Empty' });
    await kube.idle();
    expect(w.sim.nodeClaim('default-x7k2p')!.status.deletionReason).toBe('Empty');
    kube.deleteNodeClaim('default-x7k2p');
    expect(kube.nodeClaim('default-x7k2p')).toBeUndefined();
    await kube.idle();
    expect(w.sim.nodeClaim('default-x7k2p')).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('a write the server refuses is reported and the cache goes back to the server state', async () => {
    const { w, kube, errors } = await setup();
    w.server.faults.failRequests(1, 500, { method: 'PATCH', path: /\/nodes\/node-a$/ });
    kube.setNodeLabels('node-a', { team: 'ml' });
    expect(kube.node('node-a')!.labels.team).toBe('ml');
    await kube.idle();
    expect(errors.map((e) => [e.op, e.key, (e.error as { code?: number }).code])).toEqual([['label', 'node/node-a', 500]]);
    expect(kube.node('node-a')!.labels.team).toBeUndefined();
    expect(w.sim.node('node-a')!.labels.team).toBeUndefined();
  });
});

describe('evictions', () => {
  async function guarded(): Promise<{ w: LiveWorld } & Awaited<ReturnType<typeof kubeClusterFor>>> {
    const s = await setup();
    s.w.sim.addPdb({ name: 'web-pdb', namespace: 'default', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 });
    // Bare pods: no ReplicaSet brings a replacement up, so the budget stays spent after one eviction.
    for (const name of ['web-1', 'web-2', 'web-3']) s.w.sim.createPod(podSpec({ labels: { app: 'web' }, terminationGracePeriodSeconds: 3600 }), name);
    await eventually(() => [...s.kube.pods()].filter((p) => p.status.phase === 'Running').length === 3 && s.kube.pdbs().length === 1, 5000, '3 running web pods and the PDB');
    return s;
  }

  it('a PDB with minAvailable 2 of 3 allows one eviction, then refuses (locally and on the server with 429)', async () => {
    const { w, kube, errors } = await guarded();
    const [first, second] = [...kube.pods()].map((p) => p.uid).sort();
    expect(kube.evictionBlockedBy(first)).toBeUndefined();
    expect(kube.evictPod(first)).toEqual({ ok: true });
    expect(kube.pod(first)!.status.deletionAt).toBeDefined();
    // 3 healthy − 1 terminating = 2 = minAvailable: no further disruption allowed.
    expect(kube.evictPod(second)).toEqual({ ok: false, reason: 'pdb', pdb: 'web-pdb' });
    await kube.idle();
    expect(w.server.faults.count({ method: 'POST', path: /\/eviction$/ })).toBe(1);
    const core = w.kubeConfig.makeApiClient(CoreV1Api);
    const [ns, name] = second.split('/');
    await expect(core.createNamespacedPodEviction({ namespace: ns, name, body: { metadata: { name, namespace: ns } } })).rejects.toMatchObject({ code: 429 });
    expect(errors).toEqual([]);
  });

  it('retries an eviction answered 429 with backoff until it goes through', async () => {
    const { w, kube, errors } = await guarded();
    w.server.faults.rejectEvictions(2);
    const uid = [...kube.pods()].map((p) => p.uid).sort()[0];
    expect(kube.evictPod(uid)).toEqual({ ok: true });
    await kube.idle();
    expect(w.server.faults.count({ method: 'POST', path: /\/eviction$/, status: 429 })).toBe(2);
    expect(w.server.faults.count({ method: 'POST', path: /\/eviction$/, status: 201 })).toBe(1);
    await eventually(() => w.sim.pod(uid) === undefined || w.sim.pod(uid)!.status.deletionAt !== undefined, 5000, 'pod terminating in the sim');
    expect(errors).toEqual([]);
  });

  it('gives up after maxAttempts 429s, reports it, and the pod is no longer shown as terminating', async () => {
    const { w, kube, errors } = await guarded();
    w.server.faults.rejectEvictions(5);
    const uid = [...kube.pods()].map((p) => p.uid).sort()[0];
    kube.evictPod(uid);
    await kube.idle();
    expect(w.server.faults.count({ method: 'POST', path: /\/eviction$/, status: 429 })).toBe(5);
    expect(errors.map((e) => [e.op, e.key, (e.error as { code?: number }).code])).toEqual([['evict', `pod/${uid}`, 429]]);
    expect(kube.pod(uid)!.status.deletionAt).toBeUndefined();
    expect(w.sim.pod(uid)!.status.deletionAt).toBeUndefined();
  });
});
