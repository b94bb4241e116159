import { describe, expect, it } from 'vitest';
import { HpaModel, type HpaBehavior } from './hpa-model.js';

/** Run syncs every 15 s from `from` to `to` with utilization given by replicas → util. */
function run(hpa: HpaModel, from: number, to: number, util: (t: number, replicas: number) => number): [number, number][] {
  const out: [number, number][] = [];
  for (let t = from; t <= to; t += 15) out.push([t, hpa.sync(t, util(t, hpa.current))]);
  return out;
}

describe('HPA model (autoscaling/v2 defaults)', () => {
  // Load L served by replicas that each handle 1 unit at 100 %: utilization = L / replicas; target 50 %.
  const spec = { minReplicas: 1, maxReplicas: 100, targetUtilization: 0.5 };

  it('scales up as fast as max(4 pods, 100 %) per 15 s allows, reaching the desired count in 2 syncs', () => {
    const hpa = new HpaModel(spec, 1, 0);
    // Load 5 → at 1 replica 500 % → ratio 10 → desired 10; limit max(1 + 4, 2 × 1) = 5; then max(5 + 4, 2 × 5) = 10.
    expect(run(hpa, 15, 60, (_t, r) => 5 / r)).toEqual([
      [15, 5],
      [30, 10],
      [45, 10],
      [60, 10],
    ]);
  });

  it('picks the policy allowing the larger step (Max): 4 pods from 2, 100 % from 10', () => {
    const small = new HpaModel(spec, 2, 0);
    expect(small.sync(15, 100)).toBe(6);
    const large = new HpaModel(spec, 10, 0);
    expect(large.sync(15, 100)).toBe(20);
  });

  it('does not scale down until every recommendation of the last 300 s is lower', () => {
    const hpa = new HpaModel(spec, 1, 0);
    // Load 5 until 300 s, then 1: desired drops from 10 to ceil(0.2 × 10) = 2 at the 300 s sync.
    const trace = run(hpa, 15, 700, (t, r) => (t < 300 ? 5 : 1) / r);
    const at = (t: number): number => trace.find(([x]) => x === t)![1];
    // The last high recommendation was made at 285 s; it leaves the window only at 285 + 300 = 585 s.
    for (let t = 300; t < 585; t += 15) expect(at(t)).toBe(10);
    expect(at(585)).toBe(2);
  });

  it('ignores changes within the 10 % tolerance', () => {
    const hpa = new HpaModel(spec, 10, 0);
    expect(hpa.sync(15, 0.54)).toBe(10); // ratio 1.08
    expect(hpa.sync(30, 0.45)).toBe(10); // ratio 0.9: |0.9 − 1| = 0.1 is within the tolerance
    expect(hpa.sync(45, 0.56)).toBe(12); // ratio 1.12 → ceil(11.2)
  });

  it('clamps to min and max replicas', () => {
    const hpa = new HpaModel({ minReplicas: 2, maxReplicas: 8, targetUtilization: 0.5 }, 4, 0);
    expect(hpa.sync(15, 10)).toBe(8);
    const down = new HpaModel({ minReplicas: 2, maxReplicas: 8, targetUtilization: 0.5, behavior: fastDown }, 4, 0);
    expect(down.sync(15, 0)).toBe(2);
  });

  it('follows a custom behavior: no stabilization and at most 1 pod per 60 s down', () => {
    const hpa = new HpaModel({ ...spec, behavior: slowDown }, 10, 0);
    expect(run(hpa, 15, 120, () => 0.05).map(([, r]) => r)).toEqual([9, 9, 9, 9, 8, 8, 8, 8]);
  });
});

const fastDown: HpaBehavior = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
};
const slowDown: HpaBehavior = { ...fastDown, scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } };
