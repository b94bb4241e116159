import { describe, expect, it } from 'vitest';
import type { OwnerRef, Pod } from '../model/index.js';
import { harness } from './testing/harness.js';

function runningPods(h: ReturnType<typeof harness>, n: number, labels = { app: 'web' }, owner?: OwnerRef): Pod[] {
  h.cluster.addNode('n1', { cpuMillis: 64000, pods: 500 });
  const pods: Pod[] = [];
  for (let i = 0; i < n; i++) {
    const p = h.cluster.createPod({ labels, ...(owner ? { owner } : {}) });
    h.cluster.bind(p, 'n1');
    h.cluster.setPhase(p, 'Running');
    pods.push(p);
  }
  return pods;
}

describe('evictions and PodDisruptionBudgets', () => {
  it('minAvailable 2 of 3: the first eviction is allowed, the second (while the first terminates) trips', () => {
    const h = harness();
    h.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 });
    const [a, b] = runningPods(h, 3);
    const cluster = h.checker.guardEvictions(h.cluster);
    expect(cluster.evictPod(a!.uid)).toEqual({ ok: true });
    expect(h.violations).toEqual([]);
    h.clock.t = 12;
    cluster.evictPod(b!.uid);
    expect(h.codes()).toEqual(['PDB_VIOLATED']);
    const v = h.violations[0]!;
    expect(v.objects).toEqual({ pod: b!.uid, pdb: 'default/web' });
    expect(v.at).toBe(12);
    expect(v.message).toContain('healthy 2, desired healthy 2');
  });

  it('maxUnavailable 1 of 3: one at a time (a percentage rounds up: 34% of 3 is 2 → also one)', () => {
    for (const maxUnavailable of [1, '34%'] as const) {
      const h = harness();
      h.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable });
      const [a, b] = runningPods(h, 3);
      const cluster = h.checker.guardEvictions(h.cluster);
      cluster.evictPod(a!.uid);
      expect(h.violations).toEqual([]);
      cluster.evictPod(b!.uid);
      expect(h.codes()).toEqual(maxUnavailable === 1 ? ['PDB_VIOLATED'] : []);
    }
  });

  it('after the evicted pod is replaced by its ReplicaSet and runs, another eviction is allowed again', () => {
    const h = harness();
    h.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
    const owner = { kind: 'ReplicaSet', name: 'web' };
    const [a, b] = runningPods(h, 3, { app: 'web' }, owner);
    const cluster = h.checker.guardEvictions(h.cluster);
    cluster.evictPod(a!.uid);
    const replacement = h.cluster.createPod({ labels: { app: 'web' }, owner });
    h.cluster.bind(replacement, 'n1');
    h.cluster.setPhase(replacement, 'Running');
    cluster.evictPod(b!.uid); // a is still terminating, but its replacement took its place in the count
    expect(h.violations).toEqual([]);
  });

  it('a ReplicaSet pod evicted and not yet replaced still counts: evicting two in one go trips', () => {
    const h = harness();
    h.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
    const [a, b] = runningPods(h, 3, { app: 'web' }, { kind: 'ReplicaSet', name: 'web' });
    const cluster = h.checker.guardEvictions(h.cluster);
    cluster.evictPod(a!.uid);
    cluster.evictPod(b!.uid);
    expect(h.codes()).toEqual(['PDB_VIOLATED']);
  });

  it('an eviction the API refused is not a violation', () => {
    const h = harness();
    h.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, minAvailable: 1 });
    const [a] = runningPods(h, 1);
    h.cluster.refuseEvictionsWith = 'web';
    const cluster = h.checker.guardEvictions(h.cluster);
    expect(cluster.evictPod(a!.uid)).toEqual({ ok: false, reason: 'pdb', pdb: 'web' });
    expect(h.violations).toEqual([]);
  });

  it('pending pods, and pods of other namespaces or labels, are not protected', () => {
    const h = harness();
    h.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, minAvailable: 5 });
    const [other] = runningPods(h, 1, { app: 'batch' });
    const elsewhere = h.cluster.createPod({ namespace: 'ci', labels: { app: 'web' } });
    h.cluster.bind(elsewhere, 'n1');
    h.cluster.setPhase(elsewhere, 'Running');
    const pending = h.cluster.createPod({ labels: { app: 'web' } });
    const cluster = h.checker.guardEvictions(h.cluster);
    for (const p of [other!, elsewhere, pending]) cluster.evictPod(p.uid);
    expect(h.violations).toEqual([]);
  });

  it('learns PDBs added after their pods, and works through beforeEviction/afterEviction without the guard', () => {
    const h = harness();
    const [a] = runningPods(h, 2);
    h.cluster.addPdb({ name: 'web', namespace: 'default', selector: {}, minAvailable: 2 });
    h.checker.beforeEviction(a!);
    const result = h.cluster.evictPod(a!.uid);
    h.checker.afterEviction(a!.uid, result);
    expect(h.codes()).toEqual(['PDB_VIOLATED']);
  });

  it('the guarded cluster passes every other call through to the cluster', () => {
    const h = harness();
    const cluster = h.checker.guardEvictions(h.cluster);
    cluster.addNode('n9');
    expect(cluster.node('n9')?.name).toBe('n9');
    expect([...cluster.nodes()].map((n) => n.name)).toEqual(['n9']);
    expect(cluster.refuseEvictionsWith).toBeUndefined();
  });
});
