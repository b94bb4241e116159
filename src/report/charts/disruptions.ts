import type { TopLevelSpec } from 'vega-lite';
import { WIDTH, base, emptyChart, hours, type ChartDef } from './common.js';
import { EVENT_BINS } from '../chart-data.js';
import { eventLabel } from './colors.js';

/** The width of one event bin, e.g. "86 min". */
function binWidth(horizonSeconds: number): string {
  const minutes = horizonSeconds / EVENT_BINS / 60;
  return minutes >= 90 ? `${(minutes / 60).toFixed(1)} h` : `${Math.max(1, Math.round(minutes))} min`;
}

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
        ...(e.count !== undefined ? { events: e.count } : {}),
      })),
    );
    const binned = runs.filter((r) => r.events.length < r.eventsTotal);
    const subtitle = binned.length
      ? `one mark per event kind and ${binWidth(binned[0]!.endAt - binned[0]!.startAt)}; ${binned
          .map((r) => `${multi ? `${r.policy} seed ${r.seed}: ` : ''}${r.eventsTotal.toLocaleString('en-US')} events`)
          .join(', ')} in all (events.csv)`
      : 'each mark is one node disrupted, one spot notice or one failed launch';
    if (values.length === 0) return emptyChart(this.title, 'No disruptions, interruptions or launch failures');
    const rows = new Set(values.map((v) => v.run)).size;
    return {
      ...base(this.title, subtitle),
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
