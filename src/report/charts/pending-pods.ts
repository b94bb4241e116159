import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, base, countAxis, firstSeedPerPolicy, hours, policyColor, seedNote, timeAxis, type ChartDef } from './common.js';

/** Pending (unbound) workload pods over time, one line per policy. */
export const pendingPodsChart: ChartDef = {
  id: 'pending-pods',
  title: 'Pending pods over time',
  build(runs, palette) {
    const shown = firstSeedPerPolicy(runs, palette);
    const values = shown.flatMap((r) => r.series.map((s) => ({ h: hours(s.t, r.startAt), policy: r.policy, pending: s.pending })));
    return {
      ...base(this.title, seedNote(shown)),
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: {
        x: timeAxis,
        y: { field: 'pending', type: 'quantitative', title: 'pending pods', axis: countAxis },
        color: policyColor(palette),
      },
    } as TopLevelSpec;
  },
};
