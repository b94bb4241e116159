import { describe, expect, it } from 'vitest';
import { pod as fixturePod } from '../../engine/testing/fixtures.js';
import type { Pod, PodDisruptionBudget, PodPhase } from '../../model/index.js';
import { disruptionsAllowed as libraryAllowed } from '../../scheduling/index.js';
import { RandomSource } from '../../sim/random.js';
import { DisruptionBudgets } from './disruption-budgets.js';

/** A pod of app `app` (bound to n1 unless Pending), owned by ReplicaSet `owner` when given. */
function pod(uid: string, app: string, phase: PodPhase = 'Running', owner?: string): Pod {
  const p = fixturePod({ name: uid, labels: { app }, cpuMillis: 100, ...(phase === 'Pending' ? {} : { nodeName: 'n1' }), ...(owner !== undefined ? { owner: { kind: 'ReplicaSet', name: owner } } : {}) });
  p.status.phase = phase;
  return p;
}

const web = (extra: Partial<PodDisruptionBudget>): PodDisruptionBudget => ({ name: 'web-pdb', namespace: 'default', selector: { matchLabels: { app: 'web' } }, ...extra });

describe('DisruptionBudgets', () => {
  it('minAvailable 2 over 3 healthy pods allows 1; a terminating pod takes it to 0 and the others are refused', () => {
    const b = new DisruptionBudgets(() => undefined);
    const pods = [pod('a', 'web'), pod('b', 'web'), pod('c', 'web'), pod('x', 'db')];
    b.add(web({ minAvailable: 2 }), pods);
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(1);
    expect(b.blockedBy(pods[0]!)).toBeUndefined();
    pods[0]!.status.deletionAt = 5;
    b.podUpdated(pods[0]!);
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(0);
    expect(b.blockedBy(pods[1]!)).toBe('web-pdb');
    // A terminating pod is never refused, nor is a pod the budget does not select.
    expect(b.blockedBy(pods[0]!)).toBeUndefined();
    expect(b.blockedBy(pods[3]!)).toBeUndefined();
    b.podDeleted(pods[0]!);
    const d = pod('d', 'web');
    b.podAdded(d);
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(1);
  });

  it('maxUnavailable 50% takes the expected count from the Deployment scale (rounded up), bare pods one each', () => {
    let replicas = 4;
    const b = new DisruptionBudgets((key) => (key === 'default/ReplicaSet/web' ? replicas : undefined));
    const pods = [pod('a', 'web', 'Running', 'web'), pod('b', 'web', 'Running', 'web'), pod('c', 'web', 'Pending', 'web'), pod('bare', 'web')];
    b.add(web({ maxUnavailable: '50%' }), pods);
    // expected = 4 (scale) + 1 (bare) = 5; desired = 5 − ceil(2.5) = 2; healthy = 3 → 1.
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(1);
    replicas = 8;
    b.scaleChanged();
    // expected = 9; desired = 9 − ceil(4.5) = 4; healthy 3 → 0.
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(0);
  });

  it('finished pods count neither as expected nor as healthy', () => {
    const b = new DisruptionBudgets(() => undefined);
    const pods = [pod('a', 'web'), pod('b', 'web'), pod('c', 'web')];
    b.add(web({ minAvailable: '50%' }), pods);
    // expected 3, desired ceil(1.5) = 2, healthy 3 → 1.
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(1);
    pods[2]!.status.phase = 'Succeeded';
    b.podUpdated(pods[2]!);
    // expected 2, desired 1, healthy 2 → 1.
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(1);
    pods[1]!.status.phase = 'Failed';
    b.podUpdated(pods[1]!);
    // expected 1, desired 1, healthy 1 → 0.
    expect(b.disruptionsAllowed('default', 'web-pdb')).toBe(0);
  });

  it('agrees with the scheduling library over the member list through random pod changes', () => {
    const rnd = new RandomSource(7).stream('pdb-test');
    const scales = new Map<string, number>([
      ['default/ReplicaSet/r0', 3],
      ['default/ReplicaSet/r1', 5],
    ]);
    const scaleOf = (key: string): number | undefined => scales.get(key);
    const pdbs: PodDisruptionBudget[] = [web({ minAvailable: 3 }), { ...web({ maxUnavailable: '30%' }), name: 'web-max' }, { ...web({ minAvailable: '60%' }), name: 'web-pct' }];
    const b = new DisruptionBudgets(scaleOf);
    const live = new Map<string, Pod>();
    for (const p of pdbs) b.add(p, live.values());
    let next = 0;
    const expectedScale = (members: readonly Pod[]): number => {
      const owners = new Map<string, number>();
      let total = 0;
      for (const p of members) {
        if (p.status.phase === 'Succeeded' || p.status.phase === 'Failed') continue;
        const key = p.owner ? `default/ReplicaSet/${p.owner.name}` : undefined;
        const s = key === undefined ? undefined : scales.get(key);
        if (s === undefined) total++;
        else owners.set(key!, s);
      }
      for (const s of owners.values()) total += s;
      return total;
    };
    for (let step = 0; step < 600; step++) {
      const r = rnd.int(10);
      const all = [...live.values()];
      if (r < 4 || all.length === 0) {
        const owner = rnd.int(3);
        const p = pod(`p${next++}`, rnd.int(4) === 0 ? 'db' : 'web', rnd.int(2) === 0 ? 'Pending' : 'Running', owner === 2 ? undefined : `r${owner}`);
        live.set(p.uid, p);
        b.podAdded(p);
      } else if (r < 8) {
        const p = all[rnd.int(all.length)]!;
        const change = rnd.int(3);
        if (change === 0) p.status.phase = 'Running';
        else if (change === 1) p.status.deletionAt = step;
        else p.status.phase = rnd.int(2) === 0 ? 'Succeeded' : 'Failed';
        b.podUpdated(p);
      } else if (r < 9) {
        const p = all[rnd.int(all.length)]!;
        live.delete(p.uid);
        b.podDeleted(p);
      } else {
        scales.set('default/ReplicaSet/r0', rnd.int(10));
        b.scaleChanged();
      }
      const members = [...live.values()].filter((p) => p.labels.app === 'web');
      for (const p of pdbs) {
        const needsScale = p.maxUnavailable !== undefined || typeof p.minAvailable === 'string';
        expect(b.disruptionsAllowed('default', p.name)).toBe(libraryAllowed(p, members, needsScale ? expectedScale(members) : undefined));
      }
    }
  });
});
