import { describe, expect, it } from 'vitest';
import { timeseriesFrom } from '../../metrics/timeseries-table.js';
import { buildChartData, CDF_POINTS, MAX_POINTS } from '../chart-data.js';
import { makePalette } from './colors.js';
import { CHARTS } from './index.js';
import { pendingPodsChart } from './pending-pods.js';

function series(n: number, spikeAt: number) {
  return timeseriesFrom(
    Array.from({ length: n }, (_, i) => ({
      t: i * 60,
      pendingPods: i === spikeAt ? 99 : 1,
      runningPods: 0,
      nodesOnDemand: 1,
      nodesSpot: 0,
      allocatableCpuCores: 2,
      allocatableMemoryGiB: 8,
      requestedCpuCores: 1,
      requestedMemoryGiB: 1,
      costPerHour: 0.1,
      costUsd: i * 0.01,
    })),
  );
}

describe('chart data', () => {
  const data = buildChartData({
    policy: 'karpenter',
    seed: 1,
    startAt: 0,
    endAt: 1300 * 60,
    timeseries: series(1300, 777),
    instances: [
      { instanceType: 'm5.large', capacityType: 'on-demand', launchedAt: 0, terminatedAt: 3600 },
      { instanceType: 'm5.large', capacityType: 'spot', launchedAt: 1800 },
      { instanceType: 'c5.large', capacityType: 'spot', launchedAt: 0, terminatedAt: 60 },
    ],
    pendingSeconds: Float64Array.from({ length: 1000 }, (_, i) => 1000 - i),
    events: [],
  });

  it('downsamples long series keeping peaks and the final cumulative cost', () => {
    expect(data.series).toHaveLength(MAX_POINTS);
    expect(Math.max(...data.series.map((s) => s.pending))).toBe(99);
    expect(data.series.at(-1)!.costUsd).toBe(12.99);
    expect(data.series[0]!.t).toBe(0);
  });

  it('keeps at most CDF_POINTS quantiles from the smallest to the largest pending time', () => {
    expect(data.pendingCdf).toHaveLength(CDF_POINTS);
    expect(data.pendingCdf[0]).toEqual({ seconds: 1, fraction: 0.001 });
    expect(data.pendingCdf.at(-1)).toEqual({ seconds: 1000, fraction: 1 });
  });

  it('counts node-hours per instance and capacity type up to the horizon', () => {
    // m5 on-demand 1 h; m5 spot from 0.5 h to the horizon (21.6667 h); c5 spot 1 min
    expect(data.instanceMix).toEqual([
      { instanceType: 'm5.large', capacityType: 'spot', nodeHours: 21.167, launched: 1 },
      { instanceType: 'm5.large', capacityType: 'on-demand', nodeHours: 1, launched: 1 },
      { instanceType: 'c5.large', capacityType: 'spot', nodeHours: 0.017, launched: 1 },
    ]);
    const at = (t: number, type: string) => data.instanceTypeSeries.find((s) => s.t === t && s.instanceType === type)?.nodes;
    expect(at(0, 'm5.large')).toBe(1);
    expect(at(0, 'c5.large')).toBe(1);
    expect(at(2040, 'm5.large')).toBe(2);
    expect(at(2040, 'c5.large')).toBe(0);
  });

  it('draws the pending-pods chart from the series in hours', () => {
    const palette = makePalette(['karpenter'], []);
    const spec = pendingPodsChart.build([data], palette) as { data: { values: { h: number; pending: number }[] } };
    expect(spec.data.values).toHaveLength(MAX_POINTS);
    expect(spec.data.values.find((v) => v.pending === 99)!.h).toBeCloseTo((777 * 60) / 3600, 1);
    for (const c of CHARTS) expect(() => c.build([data], palette)).not.toThrow();
  });
});

describe('palette', () => {
  it('gives a policy the same colour whatever else is shown', () => {
    const alone = makePalette(['cluster-autoscaler'], []);
    const both = makePalette(['karpenter', 'cluster-autoscaler', 'my-policy'], []);
    expect(alone.policyColor('cluster-autoscaler')).toBe(both.policyColor('cluster-autoscaler'));
    expect(alone.policy.range).toEqual([both.policyColor('cluster-autoscaler')]);
    expect(new Set(['karpenter', 'cluster-autoscaler', 'my-policy'].map((p) => both.policyColor(p))).size).toBe(3);
    expect(both.policy.domain).toEqual(['karpenter', 'cluster-autoscaler', 'my-policy']);
    expect(both.capacityType.domain).toEqual(['on-demand', 'spot']);
  });
});
