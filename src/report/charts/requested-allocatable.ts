import type { TopLevelSpec } from 'vega-lite';
import { HEIGHT, base, firstSeedPerPolicy, hours, policyColor, seedNote, timeAxis, type ChartDef } from './common.js';

/** Requested vs allocatable CPU and memory over time (solid: allocatable, dashed: requested). */
export const requestedAllocatableChart: ChartDef = {
  id: 'requested-allocatable',
  title: 'Requested vs allocatable',
  build(runs, palette) {
    const shown = firstSeedPerPolicy(runs, palette);
    const values = shown.flatMap((r) =>
      r.series.flatMap((s) => {
        const h = hours(s.t, r.startAt);
        return [
          { h, policy: r.policy, resource: 'CPU (cores)', kind: 'allocatable', value: s.allocatableCpu },
          { h, policy: r.policy, resource: 'CPU (cores)', kind: 'requested', value: s.requestedCpu },
          { h, policy: r.policy, resource: 'memory (GiB)', kind: 'allocatable', value: s.allocatableMemoryGiB },
          { h, policy: r.policy, resource: 'memory (GiB)', kind: 'requested', value: s.requestedMemoryGiB },
        ];
      }),
    );
    return {
      ...base(this.title, seedNote(shown)),
      data: { values },
      facet: { column: { field: 'resource', type: 'nominal', title: null } },
      resolve: { scale: { y: 'independent' } },
      spec: {
        width: 300,
        height: HEIGHT,
        mark: { type: 'line', interpolate: 'step-after', strokeWidth: 1.5 },
        encoding: {
          x: timeAxis,
          y: { field: 'value', type: 'quantitative', title: null },
          color: policyColor(palette),
          strokeDash: {
            field: 'kind',
            type: 'nominal',
            title: null,
            scale: { domain: ['allocatable', 'requested'], range: [[1, 0], [4, 3]] },
          },
        },
      },
    } as TopLevelSpec;
  },
};
