import { afterEach, describe, expect, it } from 'vitest';
import { resources, type NodeClaim } from '../../src/model/index.js';
import type { Cluster, ClusterEvent } from '../../src/cluster/cluster.js';
import type { SimCluster } from '../../src/cluster/sim/index.js';
import { nodeSpec, podSpec, world } from '../cluster/fixtures.js';
import { eventually, kubeClusterFor, liveWorld, type LiveWorld } from './harness.js';

/**
 * The Cluster port's documented semantics, checked the same way on the SimCluster itself and on the
 * KubeCluster adapter talking to the SimCluster through the API server.
 */
interface Subject {
  readonly cluster: Cluster;
  /** The simulation behind it (for setup and to check what reached it). */
  readonly sim: SimCluster;
  /** Let setup done on the sim reach the subject, and the subject's writes reach the sim. */
  settle(): Promise<void>;
}

let live: LiveWorld | undefined;
const cleanups: (() => void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) c();
  await live?.close();
  live = undefined;
});

const subjects: Record<string, () => Promise<Subject>> = {
  SimCluster: async () => {
    const w = world();
    return { cluster: w.cluster, sim: w.cluster, settle: async () => w.clock.run(w.clock.now() + 2) };
  },
  'KubeCluster over the API server': async () => {
    live = await liveWorld({ pumpSeconds: 0 });
    const w = live;
    const { kube } = await kubeClusterFor(w);
    cleanups.push(() => kube.stop());
    const snapshot = (c: Cluster): string =>
      JSON.stringify([
        [...c.pods()].map((p) => [p.uid, p.status.nodeName, p.status.phase, p.status.nominatedNodeName, p.status.deletionAt !== undefined]).sort(),
        [...c.nodes()].map((n) => [n.name, n.unschedulable, n.taints.length, Object.keys(n.labels).length]).sort(),
        [...c.nodeClaims()].map((nc) => nc.name).sort(),
        c.pdbs().length,
      ]);
    return {
      cluster: kube,
      sim: w.sim,
      settle: async () => {
        w.advance(2);
        await kube.idle();
        await eventually(() => snapshot(kube) === snapshot(w.sim), 5000, 'the adapter to match the simulation');
      },
    };
  },
};

function claim(name: string): NodeClaim {
  return {
    name,
    nodePoolName: 'default',
    nodeClassName: 'default',
    createdAt: 0,
    requirements: [],
    instanceTypeOptions: ['m5.large'],
    requests: resources({ cpuMillis: 100 }),
    taints: [],
    startupTaints: [],
    templateHash: 'h',
    status: {},
  };
}

describe.each(Object.keys(subjects))('Cluster port contract: %s', (name) => {
  it('evictions: unknown pods, PDB refusals, terminating pods', async () => {
    const s = await subjects[name]();
    s.sim.registerNode(nodeSpec('n1'));
    s.sim.addPdb({ name: 'one-left', namespace: 'default', selector: { matchLabels: { app: 'db' } }, minAvailable: 1 });
    s.sim.createPod(podSpec({ labels: { app: 'db' } }), 'db-0');
    s.sim.createPod(podSpec({ labels: { app: 'db' } }), 'db-1');
    await s.settle();
    const c = s.cluster;
    expect(c.evictPod('default/nope')).toEqual({ ok: false, reason: 'not-found' });
    expect(c.evictionBlockedBy('default/db-0')).toBeUndefined();
    expect(c.evictPod('default/db-0')).toEqual({ ok: true });
    expect(c.pod('default/db-0')!.status.deletionAt).toBeDefined();
    expect(c.evictPod('default/db-0')).toEqual({ ok: true });
    expect(c.evictionBlockedBy('default/db-1')).toBe('one-left');
    expect(c.evictPod('default/db-1')).toEqual({ ok: false, reason: 'pdb', pdb: 'one-left' });
    await s.settle();
    expect(s.sim.pod('default/db-1')!.status.deletionAt).toBeUndefined();
  });

  it('nodes: labels merge, taints replace by key and effect, cordon adds the unschedulable taint', async () => {
    const s = await subjects[name]();
    s.sim.registerNode(nodeSpec('n1', { labels: { a: '1' } }));
    await s.settle();
    const c = s.cluster;
    c.setNodeLabels('n1', { b: '2' });
    c.addNodeTaint('n1', { key: 'k', value: 'v1', effect: 'NoSchedule' });
    c.addNodeTaint('n1', { key: 'k', value: 'v2', effect: 'NoSchedule' });
    c.addNodeTaint('n1', { key: 'k', effect: 'NoExecute' });
    c.cordonNode('n1', true);
    const n = c.node('n1')!;
    expect(n.labels).toMatchObject({ a: '1', b: '2' });
    expect(n.unschedulable).toBe(true);
    expect(n.taints).toEqual([
      { key: 'k', value: 'v2', effect: 'NoSchedule' },
      { key: 'k', effect: 'NoExecute' },
      { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' },
    ]);
    c.removeNodeTaint('n1', 'k');
    c.cordonNode('n1', false);
    expect(c.node('n1')!.taints).toEqual([]);
    await s.settle();
    expect(s.sim.node('n1')!.labels).toMatchObject({ a: '1', b: '2' });
    expect(s.sim.node('n1')!.taints).toEqual([]);
    expect(() => c.setNodeLabels('missing', { x: 'y' })).toThrow();
  });

  it('pods: pending, nomination only for unbound pods; deleting a node deletes its pods', async () => {
    const s = await subjects[name]();
    s.sim.registerNode(nodeSpec('n1'));
    s.sim.createPod(podSpec({ cpuMillis: 100_000 }), 'too-big');
    s.sim.createPod(podSpec(), 'fits');
    await s.settle();
    const c = s.cluster;
    expect([...c.pendingPods()].map((p) => p.uid)).toEqual(['default/too-big']);
    expect(c.pod('default/too-big')!.status.unschedulable).toBe(true);
    c.nominatePod('default/too-big', 'future-node');
    c.nominatePod('default/fits', 'future-node');
    expect(c.pod('default/too-big')!.status.nominatedNodeName).toBe('future-node');
    expect(c.pod('default/fits')!.status.nominatedNodeName).toBeUndefined();
    const events: ClusterEvent['kind'][] = [];
    c.watch((e) => events.push(e.kind));
    c.deleteNode('n1');
    expect(c.node('n1')).toBeUndefined();
    expect(c.pod('default/fits')).toBeUndefined();
    expect(events).toEqual(['pod-deleted', 'node-deleted']);
    await s.settle();
    expect(s.sim.pod('default/too-big')!.status.nominatedNodeName).toBe('future-node');
    expect(s.sim.node('n1')).toBeUndefined();
  });

  it('NodeClaims: create, update status, delete, each announced', async () => {
    const s = await subjects[name]();
    const c = s.cluster;
    const events: string[] = [];
    c.watch((e) => 'nodeClaim' in e && events.push(`${e.kind} ${e.nodeClaim.status.instanceType ?? '-'}`));
    c.createNodeClaim(claim('nc-1'));
    c.updateNodeClaimStatus('nc-1', { instanceType: 'm5.large' });
    expect(c.nodeClaim('nc-1')!.status.instanceType).toBe('m5.large');
    expect(() => c.updateNodeClaimStatus('nc-404', { instanceType: 'x' })).toThrow();
    await s.settle();
    expect(s.sim.nodeClaim('nc-1')!.status.instanceType).toBe('m5.large');
    c.deleteNodeClaim('nc-1');
    expect(c.nodeClaim('nc-1')).toBeUndefined();
    await s.settle();
    expect(s.sim.nodeClaim('nc-1')).toBeUndefined();
    expect(events.slice(0, 2)).toEqual(['nodeclaim-added -', 'nodeclaim-updated m5.large']);
    expect(events.at(-1)).toBe('nodeclaim-deleted m5.large');
  });
});
