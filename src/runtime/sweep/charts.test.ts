import { describe, expect, it } from 'vitest';
import { MAIN_FIGURES } from '../../report/index.js';
import { sweepCharts, sweepPalette, valueLabel } from './charts.js';
import { renderSweepHtml } from './html.js';
import type { SweepFigureStats, SweepResult } from './result.js';

function stats(mean: number | null, low: number | null = null, high: number | null = null): SweepFigureStats {
  return { mean, low, high, n: low === null ? 1 : 2 };
}

function figures(cost: number, p95: number | null): Record<string, SweepFigureStats> {
  const all = Object.fromEntries(MAIN_FIGURES.map((f) => [f.key, stats(1)]));
  return { ...all, costUsd: stats(cost, cost - 1, cost + 1), pendingP95: stats(p95), efficiency: stats(cost / 10) };
}

/** Two swept paths (numbers and durations) and one fixed; two policies. */
const RESULT: SweepResult = {
  schemaVersion: 1,
  scenario: 'demo <&>',
  scenarioSha256: '0'.repeat(64),
  parameters: [
    { path: 'horizon', values: ['30m'] },
    { path: 'cloud.spot.interruptionMultiplier', values: [1, 40] },
    { path: 'x.consolidateAfter', values: ['5m', '0s'] },
  ],
  policies: ['karpenter', 'cluster-autoscaler'],
  seedsPerPoint: 2,
  figures: MAIN_FIGURES.map((f) => ({ key: f.key, label: f.label, unit: f.unit, lowerIsBetter: f.lowerIsBetter })),
  points: [
    [1, '5m'],
    [1, '0s'],
    [40, '5m'],
    [40, '0s'],
  ].map(([m, c], i) => ({
    id: `p00${i}`,
    values: { horizon: '30m', 'cloud.spot.interruptionMultiplier': m, 'x.consolidateAfter': c },
    horizonSeconds: 1800,
    policies: [
      { policy: 'karpenter', runs: [{ seed: 1, dir: `runs/p00${i}/karpenter/seed-1`, figures: {} }], figures: figures(10 + i, i === 0 ? null : 5) },
      { policy: 'cluster-autoscaler', runs: [], figures: figures(20 + i, 7) },
    ],
  })),
};

describe('sweep charts', () => {
  const charts = sweepCharts(RESULT);

  it('charts cost, pending p95 and efficiency against each path with more than one value', () => {
    expect(charts.map((c) => c.id)).toEqual(['costUsd-by-1', 'pendingP95-by-1', 'efficiency-by-1', 'costUsd-by-2', 'pendingP95-by-2', 'efficiency-by-2']);
    expect(charts[0]!.title).toBe('cost against cloud.spot.interruptionMultiplier');
  });

  it('puts numbers on a linear axis and other values in command-line order', () => {
    const spec = (i: number) => charts[i]!.spec as unknown as { encoding: { x: { type: string; sort?: string[] } }; data: { values: Record<string, unknown>[] } };
    expect(spec(0).encoding.x.type).toBe('quantitative');
    expect(spec(3).encoding.x).toMatchObject({ type: 'ordinal', sort: ['5m', '0s'] });
    // cost: one row per point and policy, the other swept path telling lines apart, the interval kept
    expect(spec(0).data.values).toHaveLength(8);
    expect(spec(0).data.values[0]).toEqual({ x: 1, policy: 'karpenter', other: '5m', mean: 10, low: 9, high: 11 });
    // a figure without a value (no pod ever pending) is left out rather than drawn at 0
    expect(spec(1).data.values).toHaveLength(7);
  });

  it('colours policies with the report palette', () => {
    const palette = sweepPalette(RESULT);
    const color = (charts[0]!.spec as unknown as { encoding: { color: { scale: { domain: string[]; range: string[] } } } }).encoding.color.scale;
    expect(color.domain).toEqual(palette.policy.domain);
    expect(color.range).toEqual(palette.policy.domain.map((p) => palette.policyColor(p)));
  });

  it('labels values as written, collections as JSON', () => {
    expect([valueLabel(1), valueLabel('5m'), valueLabel(true), valueLabel(null), valueLabel(['a', 'b'])]).toEqual(['1', '5m', 'true', 'null', '["a","b"]']);
  });
});

describe('sweep index.html', () => {
  it('escapes names and values, and links each run report', () => {
    const html = renderSweepHtml(RESULT, [{ id: 'c', title: 't', svg: '<svg id="a"></svg>' }], sweepPalette(RESULT));
    expect(html).toContain('Sweep: demo &lt;&amp;&gt;');
    expect(html).not.toContain('demo <&>');
    expect(html).toContain('<a href="runs/p001/karpenter/seed-1/index.html">seed 1</a>');
    expect(html).toContain('<svg id="c-c-a">');
    // cost 10 with its interval [9, 11] in the karpenter table
    expect(html).toContain('<td>10.00<div class="ci">[9.00 – 11.00]</div></td>');
  });
});
