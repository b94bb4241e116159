import type { RunChartData } from '../chart-data.js';
import { makePalette, type Palette } from './colors.js';
import type { ChartDef } from './common.js';
import { costChart } from './cost.js';
import { disruptionsChart } from './disruptions.js';
import { instanceMixChart } from './instance-mix.js';
import { nodesByCapacityTypeChart } from './nodes-capacity-type.js';
import { nodesByInstanceTypeChart } from './nodes-instance-type.js';
import { pendingCdfChart } from './pending-cdf.js';
import { pendingPodsChart } from './pending-pods.js';
import { requestedAllocatableChart } from './requested-allocatable.js';

export type { ChartDef } from './common.js';
export { makePalette, type Palette } from './colors.js';
export { renderSvg } from './render.js';

/** Every chart of a report, in page order. */
export const CHARTS: readonly ChartDef[] = [
  pendingPodsChart,
  pendingCdfChart,
  costChart,
  nodesByCapacityTypeChart,
  nodesByInstanceTypeChart,
  requestedAllocatableChart,
  disruptionsChart,
  instanceMixChart,
];

/** The palette for a set of runs: every policy, and instance types ranked by node-hours over all runs. */
export function paletteFor(runs: readonly RunChartData[]): Palette {
  const hoursByType = new Map<string, number>();
  for (const r of runs) {
    for (const m of r.instanceMix) hoursByType.set(m.instanceType, (hoursByType.get(m.instanceType) ?? 0) + m.nodeHours);
    for (const s of r.instanceTypeSeries) if (!hoursByType.has(s.instanceType)) hoursByType.set(s.instanceType, 0);
  }
  const types = [...hoursByType.entries()]
    .sort((a, b) => (a[0] === 'other' ? 1 : b[0] === 'other' ? -1 : b[1] - a[1] || (a[0] < b[0] ? -1 : 1)))
    .map(([t]) => t);
  return makePalette(runs.map((r) => r.policy), types);
}
