import { describe, expect, it } from 'vitest';
import { PdbIndex } from '../../src/baselines/cluster-autoscaler/scale-down/pdb-index.js';
import { allowedFromCounts } from '../../src/baselines/cluster-autoscaler/scale-down/pdb-tracker.js';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import type { Pod, PodDisruptionBudget } from '../../src/model/index.js';
import { disruptionsAllowed, isHealthy, pdbSelects, pdbStatus } from '../../src/scheduling/index.js';
import { caWorld } from './ca-world.js';

function pods(n: { running: number; pending: number; terminating: number; succeeded: number }): Pod[] {
  const out: Pod[] = [];
  const add = (status: Pod['status']): void => {
    const uid = `p${out.length}`;
    out.push({ ...podSpec(100, 100, { app: 'web' }), uid, name: uid, createdAt: 0, status });
  };
  for (let i = 0; i < n.running; i++) add({ phase: 'Running', nodeName: 'n', unschedulable: false });
  for (let i = 0; i < n.pending; i++) add({ phase: 'Pending', unschedulable: true });
  for (let i = 0; i < n.terminating; i++) add({ phase: 'Running', nodeName: 'n', unschedulable: false, deletionAt: 1 });
  for (let i = 0; i < n.succeeded; i++) add({ phase: 'Succeeded', nodeName: 'n', unschedulable: false });
  return out;
}

describe('PDB counts for the scale-down', () => {
  it('allowedFromCounts agrees with scheduling/pdb over pod lists (minAvailable, maxUnavailable, ints and percentages)', () => {
    const budgets: PodDisruptionBudget[] = [
      { name: 'a', namespace: 'default', selector: { matchLabels: { app: 'web' } }, minAvailable: 2 },
      { name: 'b', namespace: 'default', selector: { matchLabels: { app: 'web' } }, minAvailable: '50%' },
      { name: 'c', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 },
      { name: 'd', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: '20%' },
      { name: 'e', namespace: 'default', selector: { matchLabels: { app: 'web' } } },
    ];
    const shapes = [
      { running: 0, pending: 0, terminating: 0, succeeded: 0 },
      { running: 5, pending: 0, terminating: 0, succeeded: 0 },
      { running: 3, pending: 2, terminating: 1, succeeded: 4 },
      { running: 7, pending: 1, terminating: 2, succeeded: 0 },
      { running: 1, pending: 6, terminating: 0, succeeded: 1 },
    ];
    for (const pdb of budgets) {
      for (const shape of shapes) {
        const list = pods(shape);
        const expected = list.filter((p) => p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed').length;
        const healthy = list.filter(isHealthy).length;
        expect(allowedFromCounts(pdb, expected, healthy), `${pdb.name} ${JSON.stringify(shape)}`).toBe(disruptionsAllowed(pdb, list));
      }
    }
    // Hand-worked: 7 running + 1 pending + 2 terminating → expected 10, healthy 7; maxUnavailable 20% → desired 8 → 0 allowed.
    expect(allowedFromCounts(budgets[3]!, 10, 7)).toBe(0);
    // minAvailable 50% of 10 → 5 → 2 allowed.
    expect(allowedFromCounts(budgets[1]!, 10, 7)).toBe(2);
  });

  it('the index keeps each budget’s members and counts in step with the cluster as pods come, run, terminate and go', () => {
    const w = caWorld({ groups: [nodeGroup('general', 'm5.xlarge', { maxSize: 6, desiredCapacity: 2 })], options: { scaleDownUnneededSeconds: 60 } });
    const web: PodDisruptionBudget = { name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: '25%' };
    const index = new PdbIndex(w.cluster);
    w.cluster.scaleDeployment('default', 'web', 6, podSpec(500, 512, { app: 'web' }));
    w.cluster.scaleDeployment('default', 'api', 3, podSpec(500, 512, { app: 'api' }));
    w.ca.start();
    const check = (): void => {
      const budgets = index.sync();
      const all = [...w.cluster.pods()];
      for (const b of budgets) {
        const selected = all.filter((p) => pdbSelects(b.pdb, p));
        const status = pdbStatus(b.pdb, all);
        expect([b.pdb.name, b.expected, b.healthy]).toEqual([b.pdb.name, status.expectedPods, status.currentHealthy]);
        expect([...b.members.keys()]).toEqual(selected.map((p) => p.uid));
        expect(index.firstHealthy(b)?.uid).toBe(selected.find(isHealthy)?.uid);
      }
    };
    w.clock.run(30);
    check();
    w.cluster.addPdb(web);
    check();
    w.cluster.scaleDeployment('default', 'web', 14, podSpec(500, 512, { app: 'web' }));
    w.clock.run(200);
    check();
    const first = [...w.cluster.pods()].find((p) => p.labels.app === 'web' && isHealthy(p))!;
    w.cluster.evictPod(first.uid);
    check(); // terminating: no longer healthy, still expected
    w.cluster.addPdb({ name: 'api', namespace: 'default', selector: { matchLabels: { app: 'api' } }, minAvailable: 2 });
    w.cluster.scaleDeployment('default', 'web', 2, podSpec(500, 512, { app: 'web' }));
    w.clock.run(1500);
    check();
    expect(index.sync().map((b) => b.expected)).toEqual([2, 3]);
  });
});
