export { InvariantChecker, type InvariantSummary } from './checker.js';
export { InvariantViolation, InvariantCodes, isInvariantViolation, type InvariantCode, type ViolationDetails, type ViolationSink } from './violation.js';
export type { NodePoolChangeLike } from './disruption-budgets.js';
export type { FinishInput, InstanceEventLike, InvariantOptions, LedgerEntryLike, PodTotals } from './types.js';
export { DEFAULT_REGISTRATION_GRACE_SECONDS, DEFAULT_REGISTRATION_TIMEOUT_SECONDS } from './types.js';
export type { PodFateTally } from './pod-fates.js';
export { isScheduledBudgetActive, scheduledBudgetActivity, parseCron, cronWindowActive, type CronFields } from './cron-budgets.js';
