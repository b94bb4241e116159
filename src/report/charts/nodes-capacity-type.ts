import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, WIDTH, base, countAxis, firstSeedPerPolicy, hours, seedNote, timeAxis, type ChartDef } from './common.js';

/** Running nodes by capacity type (stacked), one panel per policy. */
export const nodesByCapacityTypeChart: ChartDef = {
  id: 'nodes-capacity-type',
  title: 'Nodes by capacity type',
  build(runs, palette) {
    const shown = firstSeedPerPolicy(runs, palette);
    const values = shown.flatMap((r) =>
      r.series.flatMap((s) => [
        { h: hours(s.t, r.startAt), policy: r.policy, capacityType: 'on-demand', nodes: s.nodesOnDemand },
        { h: hours(s.t, r.startAt), policy: r.policy, capacityType: 'spot', nodes: s.nodesSpot },
      ]),
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
          color: { field: 'capacityType', type: 'nominal', title: 'capacity type', scale: palette.capacityType },
          order: { field: 'capacityType', sort: 'ascending' },
        },
      },
    } as TopLevelSpec;
  },
};
