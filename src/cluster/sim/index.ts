export { SimCluster } from './sim-cluster.js';
export type { RegisterNodeSpec } from './kubelet.js';
export type { JobStatus } from './job-controller.js';
export { DEFAULT_SIM_CLUSTER_OPTIONS, resolveSimClusterOptions, type ScoringStrategy, type SimClusterOptions } from './options.js';
export { podUid } from './pod-factory.js';
