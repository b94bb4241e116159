import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, base, firstSeedPerPolicy, hours, policyColor, seedNote, timeAxis, type ChartDef } from './common.js';

/** Cumulative cost and cost rate over time, one line per policy. */
export const costChart: ChartDef = {
  id: 'cost',
  title: 'Cumulative cost and cost rate',
  build(runs, palette) {
    const shown = firstSeedPerPolicy(runs, palette);
    const values = shown.flatMap((r) =>
      r.series.map((s) => ({ h: hours(s.t, r.startAt), policy: r.policy, costUsd: s.costUsd, costPerHour: s.costPerHour })),
    );
    const panel = (field: string, title: string, interpolate: string) => ({
      width: WIDTH,
      height: Math.round(HEIGHT * 0.8),
      mark: { type: 'line', interpolate, strokeWidth: 1.5 },
      encoding: { x: timeAxis, y: { field, type: 'quantitative', title }, color: policyColor(palette) },
    });
    return {
      ...base(this.title, seedNote(shown)),
      data: { values },
      vconcat: [panel('costUsd', 'cumulative cost (USD)', 'linear'), panel('costPerHour', 'cost rate (USD/h)', 'step-after')],
    } as TopLevelSpec;
  },
};
