import type { TopLevelSpec } from 'vega-lite';
import { base, emptyChart, firstSeedPerPolicy, seedNote, type ChartDef } from './common.js';

/** Node-hours per instance type, split by capacity type, one panel per policy. */
export const instanceMixChart: ChartDef = {
  id: 'instance-mix',
  title: 'Instance-type mix (node-hours)',
  build(runs, palette) {
    const shown = firstSeedPerPolicy(runs, palette);
    const values = shown.flatMap((r) => r.instanceMix.map((m) => ({ policy: r.policy, ...m })));
    if (values.length === 0) return emptyChart(this.title, 'No instances launched');
    const types = new Set(values.map((v) => v.instanceType)).size;
    return {
      ...base(this.title, seedNote(shown)),
      data: { values },
      facet: { column: { field: 'policy', type: 'nominal', title: null, sort: palette.policy.domain } },
      spec: {
        width: Math.max(180, Math.round(560 / Math.max(1, shown.length))),
        height: Math.min(360, Math.max(40, 16 * types)),
        mark: 'bar',
        encoding: {
          y: { field: 'instanceType', type: 'nominal', title: null, sort: '-x' },
          x: { field: 'nodeHours', type: 'quantitative', title: 'node-hours', aggregate: 'sum' },
          color: { field: 'capacityType', type: 'nominal', title: 'capacity type', scale: palette.capacityType },
          tooltip: [
            { field: 'instanceType', type: 'nominal' },
            { field: 'capacityType', type: 'nominal' },
            { field: 'nodeHours', type: 'quantitative', aggregate: 'sum' },
            { field: 'launched', type: 'quantitative', aggregate: 'sum' },
          ],
        },
      },
    } as TopLevelSpec;
  },
};
