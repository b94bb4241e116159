/** `fleetsim sweep`: grids of simulated runs over scenario values, local or as a Kubernetes Indexed Job. */
export { parseSetSpec, parseSetSpecs, parsePath, formatPath, splitValues, type SetSpec, type PathSegment } from './set-spec.js';
export { applyAssignments, type Assignment } from './apply.js';
export { parseShard, inShard, pointId, shortPath, WHOLE, type ShardSpec, type SweepGrid, type SweepPoint, type SweepRunRef, type GridFile } from './grid.js';
export { planSweep, type SweepPlan, type SweepPlanOptions } from './plan.js';
export { sweepScenarioFile, sweepHeadline, type SweepOptions, type SweepOutcome } from './sweep.js';
export { mergeSweepShards, type MergeOutcome } from './merge.js';
export { buildSweepResult, sweepJson, type SweepResult, type SweepPointEntry, type SweepPolicyEntry, type SweepRunEntry, type SweepFigureStats } from './result.js';
export { sweepCharts, SWEEP_CHART_FIGURES, type SweepChart } from './charts.js';
export { writeSweepReport } from './report.js';
export { SweepRunError } from './pool.js';
export {
  buildSweepJob,
  sweepJobYaml,
  emitSweepJob,
  dnsLabel,
  COMPLETION_INDEX_ENV,
  COMPLETION_INDEX_ANNOTATION,
  DEFAULT_PVC,
  DEFAULT_RESULTS_PATH,
  type SweepJobOptions,
  type EmitSweepJobOptions,
} from './k8s-job.js';
