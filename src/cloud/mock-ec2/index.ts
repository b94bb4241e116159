export { MockEc2 } from './mock-ec2.js';
export type { InstanceEvent, InstanceEventKind } from './events.js';
export type { BillingEntry } from './billing.js';
export { billedSeconds, costUsd, MINIMUM_BILLED_SECONDS } from './billing.js';
export type { TerminationReason } from './instances.js';
export { ASG_TAG } from './asg.js';
export { hazardPerSecond, MONTH_SECONDS } from './spot-market.js';
export {
  DEFAULT_MOCK_EC2_OPTIONS,
  resolveOptions,
  type BootTimings,
  type CapacityCrunch,
  type LogNormal,
  type MockEc2Options,
  type PoolDepthOverride,
  type PoolSelector,
  type Range,
  type ResolvedMockEc2Options,
  type SpotOptions,
  type SpotPriceProcess,
  type TokenBucketSpec,
  type ZoneOutage,
} from './options.js';
