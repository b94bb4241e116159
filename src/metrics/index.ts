export * from './run-data.js';
export * from './recorder.js';
export { PodTable, podColumnsFrom } from './pod-table.js';
export { TimeseriesTable, timeseriesFrom } from './timeseries-table.js';
export { OPENCOST_DEFAULT_WEIGHTS, billedSeconds, requestShare, type CostWeights } from './cost-split.js';
export type { PriceLookup } from './fleet-tracker.js';
