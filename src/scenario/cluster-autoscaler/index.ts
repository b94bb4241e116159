/** Cluster Autoscaler configuration (flags, priority expander, node groups) → fleetsim's model. */
export { parseClusterAutoscalerOptions, defaultClusterAutoscalerOptions, parsePriorities, DEFAULT_LOOP_DURATION } from './options.js';
export type { CaOptionsInput, CaSource } from './options.js';
export { CA_VERSIONS, DEFAULT_CA_VERSION, FLAGS, EXPANDERS, UNSIMULATED_FLAGS, flagDefault } from './flags.js';
export type { CaVersion, FlagSpec, FlagType, FlagValue } from './flags.js';
export { regexProblem, PRIORITY_EXPANDER_CONFIGMAP } from './priority-expander.js';
export type { Priorities } from './priority-expander.js';
export { parseNodeGroups } from './node-groups.js';
export type { NodeGroupOptions } from './node-groups.js';
export { deriveNodeGroups } from './derive-node-groups.js';
export type { DeriveOptions, DerivedNodeGroups } from './derive-node-groups.js';
