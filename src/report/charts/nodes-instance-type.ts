import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, base, countAxis, firstSeedPerPolicy, hours, seedNote, timeAxis, type ChartDef } from './common.js';

/** Running nodes by instance type (stacked; the most used types, the rest as "other"), one panel per policy. */
export const nodesByInstanceTypeChart: ChartDef = {
  id: 'nodes-instance-type',
  title: 'Nodes by instance type',
  build(runs, palette) {
    const shown = firstSeedPerPolicy(runs, palette);
    const values = shown.flatMap((r) =>
      r.instanceTypeSeries.map((s) => ({ h: hours(s.t, r.startAt), policy: r.policy, instanceType: s.instanceType, nodes: s.nodes })),
    );
    return {
      ...base(this.title, seedNote(shown)),
      data: { values },
      facet: { row: { field: 'policy', type: 'nominal', title: null, sort: palette.policy.domain } },
      spec: {
        width: WIDTH,
        height: Math.round(HEIGHT * 0.7),
        mark: { type: 'area', interpolate: 'step-after' },
        encoding: {
          x: timeAxis,
          y: { field: 'nodes', type: 'quantitative', stack: 'zero', title: 'nodes', axis: countAxis },
          color: { field: 'instanceType', type: 'nominal', title: 'instance type', scale: palette.instanceType },
        },
      },
    } as TopLevelSpec;
  },
};
