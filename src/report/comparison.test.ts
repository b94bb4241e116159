import { describe, expect, it } from 'vitest';
import { sampleRun } from '../../test/report/sample-run.js';
import { buildComparison, type ComparisonRun } from './comparison.js';
import { buildSummary, type Summary } from './summary.js';

const base = buildSummary(sampleRun('x', 1));
function run(policy: string, seed: number, costUsd: number): ComparisonRun {
  const summary: Summary = { ...base, policy, seed, cost: { ...base.cost, totalUsd: costUsd } };
  return { policy, seed, summary, dir: `${policy}/seed-${seed}` };
}

describe('comparison.json', () => {
  const c = buildComparison([
    run('karpenter', 1, 10), run('karpenter', 2, 12), run('karpenter', 3, 14),
    run('cluster-autoscaler', 3, 14), run('cluster-autoscaler', 1, 9), run('cluster-autoscaler', 2, 10), run('cluster-autoscaler', 4, 11),
  ]);

  it('takes the first policy as baseline and lists seeds in order', () => {
    expect(c.baseline).toBe('karpenter');
    expect(c.policies.map((p) => p.policy)).toEqual(['karpenter', 'cluster-autoscaler']);
    expect(c.policies[1]!.seeds.map((s) => s.seed)).toEqual([1, 2, 3, 4]);
    expect(c.policies[1]!.seeds[0]!.dir).toBe('cluster-autoscaler/seed-1');
  });

  it('gives each policy the mean and 95 % t-interval across seeds', () => {
    // karpenter: 10, 12, 14 → mean 12, s = 2, t(2) = 4.303 → ± 4.303 × 2 / √3 = 4.968676
    expect(c.policies[0]!.figures.costUsd).toEqual({ mean: 12, low: 7.031324, high: 16.968676, n: 3 });
    expect(c.policies[1]!.figures.costUsd!.mean).toBe(11);
    expect(c.policies[0]!.differenceFromBaseline).toBeUndefined();
  });

  it('pairs differences by seed, ignoring seeds the baseline did not run', () => {
    // seeds 1..3: 9−10, 10−12, 14−14 = −1, −2, 0 → mean −1, s = 1 → ± 4.303 / √3 = 2.484338
    expect(c.policies[1]!.differenceFromBaseline!.costUsd).toEqual({ mean: -1, low: -3.484338, high: 1.484338, n: 3 });
  });
});
