import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, base, emptyChart, policyColor, type ChartDef } from './common.js';

/** Cumulative distribution of pending time (creation → bound), one line per run, coloured by policy. */
export const pendingCdfChart: ChartDef = {
  id: 'pending-cdf',
  title: 'Pending time CDF',
  build(runs, palette) {
    const values = runs.flatMap((r) =>
      r.pendingCdf.map((p) => ({ policy: r.policy, run: `${r.policy} seed ${r.seed}`, seconds: p.seconds, fraction: p.fraction })),
    );
    if (values.length === 0) return emptyChart(this.title, 'No workload pods');
    return {
      ...base(this.title, 'creation → bound; pods never bound count until deletion or the horizon'),
      width: WIDTH,
      height: HEIGHT,
      data: { values },
      mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
      encoding: {
        x: { field: 'seconds', type: 'quantitative', title: 'pending seconds (symlog)', scale: { type: 'symlog' } },
        y: { field: 'fraction', type: 'quantitative', title: 'fraction of pods', scale: { domain: [0, 1] } },
        color: policyColor(palette),
        detail: { field: 'run', type: 'nominal' },
      },
    } as TopLevelSpec;
  },
};
