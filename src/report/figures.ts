import { DISRUPTION_REASONS } from '../metrics/run-data.js';
import { efficiency, type Summary } from './summary.js';

/** The headline figures shown side by side and summarised across seeds in comparison.json. */
export interface Figure {
  readonly key: string;
  readonly label: string;
  readonly unit: string;
  /** Decimals when printed in HTML. */
  readonly decimals: number;
  readonly lowerIsBetter: boolean;
  /** A count: printed without decimals for a single run (means across seeds keep `decimals`). */
  readonly integer?: boolean;
  get(s: Summary): number | null;
}

export const MAIN_FIGURES: readonly Figure[] = [
  { key: 'costUsd', label: 'cost', unit: 'USD', decimals: 2, lowerIsBetter: true, get: (s) => s.cost.totalUsd },
  { key: 'efficiency', label: 'efficiency (cost / lower bound)', unit: '×', decimals: 3, lowerIsBetter: true, get: (s) => efficiency(s) },
  { key: 'costLowerBoundUsd', label: 'cost lower bound', unit: 'USD', decimals: 2, lowerIsBetter: true, get: (s) => s.costLowerBoundUsd },
  { key: 'pendingP50', label: 'pending p50', unit: 's', decimals: 1, lowerIsBetter: true, get: (s) => s.pendingSeconds.p50 },
  { key: 'pendingP95', label: 'pending p95', unit: 's', decimals: 1, lowerIsBetter: true, get: (s) => s.pendingSeconds.p95 },
  { key: 'pendingP99', label: 'pending p99', unit: 's', decimals: 1, lowerIsBetter: true, get: (s) => s.pendingSeconds.p99 },
  { key: 'nodeReadyP50', label: 'node ready p50', unit: 's', decimals: 1, lowerIsBetter: true, get: (s) => s.nodeReadySeconds.p50 },
  { key: 'nodeReadyP95', label: 'node ready p95', unit: 's', decimals: 1, lowerIsBetter: true, get: (s) => s.nodeReadySeconds.p95 },
  { key: 'cpuUtilization', label: 'CPU requested / allocatable', unit: '', decimals: 3, lowerIsBetter: false, get: (s) => s.utilization.cpuRequestedMean },
  {
    key: 'memoryUtilization',
    label: 'memory requested / allocatable',
    unit: '',
    decimals: 3,
    lowerIsBetter: false,
    get: (s) => s.utilization.memoryRequestedMean,
  },
  {
    key: 'disruptions',
    label: 'nodes disrupted',
    unit: '',
    decimals: 1,
    lowerIsBetter: true, integer: true,
    get: (s) => DISRUPTION_REASONS.reduce((a, r) => a + s.disruptions[r], 0),
  },
  { key: 'spotInterruptions', label: 'spot interruptions', unit: '', decimals: 1, lowerIsBetter: true, integer: true, get: (s) => s.spot.interruptions },
  { key: 'evictions', label: 'evictions', unit: '', decimals: 1, lowerIsBetter: true, integer: true, get: (s) => s.evictions },
  { key: 'nodesPeak', label: 'peak nodes', unit: '', decimals: 1, lowerIsBetter: true, integer: true, get: (s) => s.nodes.peak },
];
