import { describe, expect, it } from 'vitest';
import { nodeSpec, podsOf, podSpec, running, world } from './fixtures.js';

const fixedStart = { podStartSeconds: { median: 1, p95: 1 } };
const webPdb = (o: { minAvailable?: number | string; maxUnavailable?: number | string }) => ({
  name: 'web-pdb',
  namespace: 'default',
  selector: { matchLabels: { app: 'web' } },
  ...o,
});

describe('Eviction API with PodDisruptionBudgets', () => {
  it('minAvailable 2 of 3: one eviction allowed, the second refused until the replacement is Running', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.addPdb(webPdb({ minAvailable: 2 }));
    cluster.scaleDeployment('default', 'web', 3, podSpec({ labels: { app: 'web' } }));
    clock.run(10);
    expect(running(podsOf(cluster, 'web'))).toHaveLength(3);
    expect(cluster.disruptionsAllowed('default', 'web-pdb')).toBe(1);

    expect(cluster.evictPod('default/web-1')).toEqual({ ok: true });
    expect(cluster.evictionBlockedBy('default/web-2')).toBe('web-pdb');
    expect(cluster.evictPod('default/web-2')).toEqual({ ok: false, reason: 'pdb', pdb: 'web-pdb' });
    // The replacement (web-4) is created and bound at 10 and Running at 11.
    clock.run(10.9);
    expect(cluster.evictPod('default/web-2')).toEqual({ ok: false, reason: 'pdb', pdb: 'web-pdb' });
    clock.run(11);
    expect(cluster.pod('default/web-4')!.status.phase).toBe('Running');
    expect(cluster.evictPod('default/web-2')).toEqual({ ok: true });
  });

  it('maxUnavailable as a percentage of the Deployment replicas', () => {
    // 4 replicas, maxUnavailable 50% → 2 may be down at once.
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.addPdb(webPdb({ maxUnavailable: '50%' }));
    cluster.scaleDeployment('default', 'web', 4, podSpec({ labels: { app: 'web' } }));
    clock.run(10);
    expect(cluster.evictPod('default/web-1').ok).toBe(true);
    expect(cluster.evictPod('default/web-2').ok).toBe(true);
    expect(cluster.evictPod('default/web-3')).toEqual({ ok: false, reason: 'pdb', pdb: 'web-pdb' });
  });

  it('minAvailable as a percentage of the replicas, rounded up', () => {
    // 5 replicas, minAvailable 50% → ceil(2.5) = 3 must stay healthy → 2 evictions allowed.
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.addPdb(webPdb({ minAvailable: '50%' }));
    cluster.scaleDeployment('default', 'web', 5, podSpec({ labels: { app: 'web' } }));
    clock.run(10);
    expect(cluster.disruptionsAllowed('default', 'web-pdb')).toBe(2);
    expect(cluster.evictPod('default/web-1').ok).toBe(true);
    expect(cluster.evictPod('default/web-2').ok).toBe(true);
    expect(cluster.evictPod('default/web-3')).toEqual({ ok: false, reason: 'pdb', pdb: 'web-pdb' });
  });

  it('never refuses a Pending pod, and answers not-found for unknown pods', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.addPdb(webPdb({ minAvailable: 5 }));
    cluster.scaleDeployment('default', 'web', 1, podSpec({ labels: { app: 'web' } }));
    clock.run(10); // no nodes: the pod stays Pending
    expect(cluster.evictPod('default/web-1')).toEqual({ ok: true });
    expect(cluster.evictPod('default/nope')).toEqual({ ok: false, reason: 'not-found' });
  });

  it('refuses pods selected by two PDBs', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.addPdb(webPdb({ maxUnavailable: 3 }));
    cluster.addPdb({ name: 'all', namespace: 'default', selector: {}, maxUnavailable: 3 });
    cluster.scaleDeployment('default', 'web', 3, podSpec({ labels: { app: 'web' } }));
    clock.run(10);
    expect(cluster.evictPod('default/web-1')).toEqual({ ok: false, reason: 'pdb', pdb: 'web-pdb' });
  });
});

describe('graceful termination', () => {
  it('an evicted pod exits after min(terminationGracePeriodSeconds, 5 s)', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    const quick = cluster.createPod(podSpec({ terminationGracePeriodSeconds: 2 }));
    const slow = cluster.createPod(podSpec({ terminationGracePeriodSeconds: 30 }));
    clock.run(10);
    cluster.evictPod(quick.uid);
    cluster.evictPod(slow.uid);
    expect(quick.status.deletionAt).toBe(10);
    clock.run(11.9);
    expect(cluster.pod(quick.uid)).toBeDefined();
    clock.run(12);
    expect(cluster.pod(quick.uid)).toBeUndefined();
    expect(quick.status.finishedAt).toBe(12);
    clock.run(14.9);
    expect([...cluster.podsOnNode('n')].map((p) => p.uid)).toEqual([slow.uid]);
    clock.run(15);
    expect(cluster.pod(slow.uid)).toBeUndefined();
  });

  it('a pod that takes its whole grace period is removed at the TGP (podShutdownSeconds 600)', () => {
    const { clock, cluster } = world({ ...fixedStart, podShutdownSeconds: 600 });
    cluster.registerNode(nodeSpec('n'));
    const pod = cluster.createPod(podSpec({ terminationGracePeriodSeconds: 30 }));
    clock.run(10);
    cluster.evictPod(pod.uid);
    clock.run(39.9);
    expect(cluster.pod(pod.uid)?.status.deletionAt).toBe(10);
    clock.run(40);
    expect(cluster.pod(pod.uid)).toBeUndefined();
  });

  it('deletePod removes at once, without PDB checks', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    cluster.addPdb(webPdb({ minAvailable: 1 }));
    const pod = cluster.createPod(podSpec({ labels: { app: 'web' } }));
    clock.run(10);
    cluster.deletePod(pod.uid);
    expect(cluster.pod(pod.uid)).toBeUndefined();
    expect([...cluster.podsOnNode('n')]).toEqual([]);
  });
});

describe('node loss', () => {
  it('deleting a node deletes its pods; the Deployment recreates them on the remaining node', () => {
    const { clock, cluster } = world({ ...fixedStart, tieBreak: 'name' });
    cluster.registerNode(nodeSpec('a'));
    cluster.registerNode(nodeSpec('b'));
    cluster.scaleDeployment('default', 'web', 4, podSpec({ cpuMillis: 500 }));
    clock.run(10);
    const onA = [...cluster.podsOnNode('a')].map((p) => p.uid);
    expect(onA).toHaveLength(2); // LeastAllocated alternates a, b
    cluster.deleteNode('a');
    expect(cluster.node('a')).toBeUndefined();
    for (const uid of onA) expect(cluster.pod(uid)).toBeUndefined();
    clock.run(20);
    const web = podsOf(cluster, 'web');
    expect(web).toHaveLength(4);
    expect(web.every((p) => p.status.nodeName === 'b' && p.status.phase === 'Running')).toBe(true);
  });

  it('a NotReady node keeps its pods for the 300 s default toleration, then they are replaced elsewhere', () => {
    const { clock, cluster } = world({ ...fixedStart, tieBreak: 'name' });
    cluster.addDaemonSet({ name: 'proxy', namespace: 'kube-system', template: podSpec() });
    cluster.registerNode(nodeSpec('a'));
    clock.run(5);
    cluster.scaleDeployment('default', 'web', 2, podSpec());
    clock.run(10);
    cluster.registerNode(nodeSpec('b'));
    cluster.markNodeNotReady('a');
    expect(cluster.node('a')!.ready).toBe(false);
    clock.run(309.9);
    expect(podsOf(cluster, 'web').filter((p) => p.status.nodeName === 'a' && p.status.deletionAt === undefined)).toHaveLength(2);
    clock.run(310);
    // Evicted at 310; the dead kubelet never confirms, so they stay terminating on a; replacements go to b.
    clock.run(320);
    const web = podsOf(cluster, 'web');
    expect(web.filter((p) => p.status.nodeName === 'a').every((p) => p.status.deletionAt === 310)).toBe(true);
    expect(running(web).map((p) => p.status.nodeName)).toEqual(['b', 'b']);
    // The daemon pod tolerates not-ready:NoExecute without a limit and stays.
    expect([...cluster.podsOnNode('a')].filter((p) => p.owner?.kind === 'DaemonSet' && p.status.deletionAt === undefined)).toHaveLength(1);
    cluster.deleteNode('a');
    expect(podsOf(cluster, 'web')).toHaveLength(2);
  });

  it('a NoExecute taint evicts pods that do not tolerate it at once', () => {
    const { clock, cluster } = world(fixedStart);
    cluster.registerNode(nodeSpec('n'));
    const plain = cluster.createPod(podSpec());
    const tolerant = cluster.createPod(podSpec({ tolerations: [{ key: 'maintenance', operator: 'Exists', effect: 'NoExecute' }] }));
    clock.run(10);
    cluster.addNodeTaint('n', { key: 'maintenance', effect: 'NoExecute' });
    expect(plain.status.deletionAt).toBe(10);
    expect(tolerant.status.deletionAt).toBeUndefined();
  });
});

describe('NodeClaims', () => {
  it('are created, patched and deleted with events', () => {
    const { cluster, events } = world();
    cluster.createNodeClaim({
      name: 'default-abc',
      nodePoolName: 'default',
      nodeClassName: 'default',
      createdAt: 0,
      requirements: [],
      instanceTypeOptions: ['m5.large'],
      requests: { cpuMillis: 100, memoryMiB: 100, gpus: 0, pods: 1, ephemeralMiB: 0 },
      taints: [],
      startupTaints: [],
      templateHash: 'h',
      status: {},
    });
    cluster.updateNodeClaimStatus('default-abc', { instanceId: 'i-1', launchedAt: 3 });
    expect(cluster.nodeClaim('default-abc')!.status).toEqual({ instanceId: 'i-1', launchedAt: 3 });
    cluster.deleteNodeClaim('default-abc');
    expect([...cluster.nodeClaims()]).toEqual([]);
    expect(events.map((e) => e.kind)).toEqual(['nodeclaim-added', 'nodeclaim-updated', 'nodeclaim-deleted']);
    expect(() => cluster.updateNodeClaimStatus('default-abc', {})).toThrow(/does not exist/);
  });
});
