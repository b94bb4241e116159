import type { TopLevelSpec } from 'vega-lite';
import { WIDTH, base, emptyChart, hours, type ChartDef } from './common.js';
import { eventLabel } from './colors.js';

/** Disruptions, spot interruptions, rebalance recommendations and launch failures over time, per run. */
export const disruptionsChart: ChartDef = {
  id: 'disruptions',
  title: 'Disruptions and interruptions',
  build(runs, palette) {
    const multi = runs.length > 1;
    const values = runs.flatMap((r) =>
      r.events.map((e) => ({
        h: hours(e.at, r.startAt),
        run: multi ? `${r.policy} seed ${r.seed}` : r.policy,
        event: eventLabel(e.kind, e.reason),
      })),
    );
    if (values.length === 0) return emptyChart(this.title, 'No disruptions, interruptions or launch failures');
    const rows = new Set(values.map((v) => v.run)).size;
    return {
      ...base(this.title, 'each mark is one node disrupted, one spot notice or one failed launch'),
      width: WIDTH,
      height: Math.max(60, 28 * rows),
      data: { values },
      mark: { type: 'tick', thickness: 2 },
      encoding: {
        x: { field: 'h', type: 'quantitative', title: 'time (h)' },
        y: { field: 'run', type: 'nominal', title: null },
        color: { field: 'event', type: 'nominal', title: 'event', scale: palette.eventKind },
      },
    } as TopLevelSpec;
  },
};
