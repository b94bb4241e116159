export { simulateScheduling, orderNodePools } from './simulate.js';
export { comparePods } from './pod-queue.js';
export { SimulationCache } from './simulation-cache.js';
export { SharedSignatures } from './pod-signature.js';
export { templateRequirements } from './template.js';
export { WELL_KNOWN_LABEL_KEYS, INSTANCE_TYPE_LABEL_KEYS, isWellKnown } from './well-known.js';
export { NOT_REACHED } from './types.js';
export type {
  SimulationOptions,
  InstanceTypesByPool,
  ExistingNodePlacement,
  PlannedNodeClaim,
  UnschedulablePod,
  SchedulingResult,
} from './types.js';
