import { describe, expect, it } from 'vitest';
import {
  balancedAllocationScore,
  leastAllocatedScore,
  mostAllocatedScore,
  nodeAffinityScores,
  normalizeScores,
  taintTolerationScores,
} from './score.js';
import { nodeView, podSpec } from './test-fixtures.js';

// A 4-core / 8 GiB node with 1 core and 2 GiB already requested.
const node = nodeView({ allocatable: { cpuMillis: 4000, memoryMiB: 8192 }, requested: { cpuMillis: 1000, memoryMiB: 2048, pods: 1 } });
const pod = podSpec({ cpuMillis: 1000, memoryMiB: 2048 });

describe('NodeResourcesFit scores', () => {
  it('LeastAllocated: (4000−2000)·100/4000 = 50 and (8192−4096)·100/8192 = 50 → 50', () => {
    expect(leastAllocatedScore(pod, node)).toBe(50);
  });
  it('LeastAllocated averages with integer division: cpu 75, mem 37 → 56', () => {
    // cpu: (4000 − 1000)·100/4000 = 75; memory: (8192 − 5120)·100/8192 = 37.5 → 37; (75 + 37)/2 = 56
    expect(leastAllocatedScore(podSpec({ cpuMillis: 0, memoryMiB: 3072 }), nodeView({ allocatable: { cpuMillis: 4000, memoryMiB: 8192 }, requested: { cpuMillis: 900, memoryMiB: 2048 } }))).toBe(56);
  });
  it('MostAllocated: 2000·100/4000 = 50, 4096·100/8192 = 50 → 50; over capacity caps at 100', () => {
    expect(mostAllocatedScore(pod, node)).toBe(50);
    expect(mostAllocatedScore(podSpec({ cpuMillis: 9000, memoryMiB: 8192 }), node)).toBe(100);
  });
  it('LeastAllocated gives 0 for a resource that would exceed capacity', () => {
    // cpu over → 0; memory (8192 − 3072)·100/8192 = 62.5 → 62; (0 + 62)/2 = 31
    expect(leastAllocatedScore(podSpec({ cpuMillis: 5000, memoryMiB: 1024 }), node)).toBe(31);
  });
  it('zero requests count as 100m cpu and 200 MiB for scoring', () => {
    const empty = nodeView({ allocatable: { cpuMillis: 1000, memoryMiB: 1000 } });
    // cpu (1000 − 100)·100/1000 = 90; memory (1000 − 200)·100/1000 = 80 → 85
    expect(leastAllocatedScore(podSpec(), empty)).toBe(85);
    expect(mostAllocatedScore(podSpec(), empty)).toBe(15);
  });
  it('BalancedAllocation: 100·(1 − |f_cpu − f_mem| / 2)', () => {
    // cpu 2000/4000 = 0.5; memory (2048 + 200 default)/8192 = 0.2744; 100·(1 − 0.1128) = 88.7 → 88
    expect(balancedAllocationScore(podSpec({ cpuMillis: 1000 }), node)).toBe(88);
    expect(balancedAllocationScore(pod, node)).toBe(100);
  });
});

describe('normalized scores', () => {
  it('DefaultNormalizeScore scales to the max, reverse flips', () => {
    expect(normalizeScores([0, 5, 10])).toEqual([0, 50, 100]);
    expect(normalizeScores([1, 3])).toEqual([33, 100]);
    expect(normalizeScores([1, 3], true)).toEqual([67, 0]);
    expect(normalizeScores([0, 0])).toEqual([0, 0]);
    expect(normalizeScores([0, 0], true)).toEqual([100, 100]);
  });
  it('NodeAffinity: preferred weights normalized across nodes', () => {
    const p = podSpec({
      affinity: { nodeAffinity: { preferred: [{ weight: 80, term: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a'] }] } }, { weight: 20, term: { matchExpressions: [{ key: 'ssd', operator: 'Exists', values: [] }] } }] } },
    });
    expect(nodeAffinityScores(p, [{ labels: { zone: 'a', ssd: '1' } }, { labels: { zone: 'a' } }, { labels: { ssd: '1' } }, { labels: {} }])).toEqual([100, 80, 20, 0]);
  });
  it('TaintToleration: intolerable PreferNoSchedule taints lower the score; NoSchedule taints do not count', () => {
    const nodes = [
      { taints: [] },
      { taints: [{ key: 'spot', effect: 'PreferNoSchedule' as const }] },
      { taints: [{ key: 'spot', effect: 'PreferNoSchedule' as const }, { key: 'x', effect: 'PreferNoSchedule' as const }, { key: 'y', effect: 'NoSchedule' as const }] },
    ];
    expect(taintTolerationScores(podSpec(), nodes)).toEqual([100, 50, 0]);
    expect(taintTolerationScores(podSpec({ tolerations: [{ operator: 'Exists' }] }), nodes)).toEqual([100, 100, 100]);
  });
});
