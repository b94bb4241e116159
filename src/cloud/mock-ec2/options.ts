import type { CapacityType, InterruptionBucket } from '../../model/index.js';

/**
 * MockEc2's knobs, with defaults from the reference timings (data/README.md): every field is optional
 * in `MockEc2Options` and filled from `DEFAULT_MOCK_EC2_OPTIONS`. Times in seconds.
 */
export interface Range {
  readonly min: number;
  readonly max: number;
}

/** A lognormal given by its median and 95th percentile. */
export interface LogNormal {
  readonly median: number;
  readonly p95: number;
}

export interface BootTimings {
  /** EC2 pending → running (uniform). */
  readonly pendingToRunningSeconds: Range;
  /** running → node registered with the API server (kubelet up, node object created). */
  readonly runningToRegisteredSeconds: LogNormal;
  /** registered → node Ready (CNI, daemons). */
  readonly registeredToReadySeconds: LogNormal;
  /** Probability an instance runs but its node never registers (bad AMI, user data, networking). */
  readonly neverRegistersProbability: number;
}

/** Matches pools: an absent field matches every value. */
export interface PoolSelector {
  readonly instanceType?: string;
  readonly zone?: string;
  readonly capacityType?: CapacityType;
}

/** A scripted capacity crunch: matching pools have no capacity in [from, to). */
export interface CapacityCrunch extends PoolSelector {
  readonly from: number;
  readonly to: number;
}

/**
 * A scripted zone outage: at `from` every live instance in the zone is lost (terminated, reason
 * 'zone-outage'), and every pool in the zone has no capacity in [from, to).
 */
export interface ZoneOutage {
  readonly zone: string;
  readonly from: number;
  readonly to: number;
}

export interface PoolDepthOverride extends PoolSelector {
  /** How many instances the pool can hold at once. */
  readonly depth: number;
}

export interface TokenBucketSpec {
  readonly burst: number;
  readonly refillPerSecond: number;
}

export interface SpotPriceProcess {
  /** Mean reversion of log(price / base), per hour. */
  readonly reversionPerHour: number;
  /** Volatility of log(price / base), per √hour. */
  readonly volatilityPerSqrtHour: number;
  /** Prices change in steps of this length. */
  readonly intervalSeconds: number;
}

export interface SpotOptions {
  /** Reclaim spot instances at all. */
  readonly interruptions: boolean;
  /** Scales every pool's hazard (1 = Spot Advisor bucket mid-points). */
  readonly hazardMultiplier: number;
  /** Share of the hazard delivered as correlated reclaim waves within a pool (0 = independent). */
  readonly correlation: number;
  /** Fraction of a pool's instances a wave reclaims. */
  readonly waveFraction: number;
  /** A wave also leaves its pool without capacity for this long. */
  readonly waveCrunchSeconds: number;
  /** The interruption notice: warning → reclaim. */
  readonly noticeSeconds: number;
  /** Probability a rebalance recommendation precedes (or comes with) the warning. */
  readonly rebalanceProbability: number;
  /** How long before the warning the recommendation comes (0 = together). */
  readonly rebalanceLeadSeconds: Range;
  /** Optional seeded mean-reverting spot price; prices are fixed when absent. */
  readonly priceProcess?: SpotPriceProcess;
}

export interface AsgOptions {
  /** Delay between a desired-capacity change (or a lost instance) and the group acting on it. */
  readonly reactionSeconds: Range;
  /** Retry interval after a failed launch while the group is below desired. */
  readonly retrySeconds: number;
}

export interface ResolvedMockEc2Options {
  /** Mutating calls: CreateFleet, RunInstances, TerminateInstances, SetDesiredCapacity, TerminateInstanceInGroup. */
  readonly apiLatencySeconds: Range;
  /** Describe calls (get, list). */
  readonly describeLatencySeconds: Range;
  readonly boot: BootTimings;
  /** Boot overrides per instance family (e.g. "p5"). */
  readonly familyBoot: Readonly<Record<string, Partial<BootTimings>>>;
  /** Boot overrides per NodeClass name (Auto Scaling group name for ASG instances); win over family. */
  readonly nodeClassBoot: Readonly<Record<string, Partial<BootTimings>>>;
  /** Depth of every on-demand pool, and base depth of spot pools. */
  readonly poolDepth: number;
  /** Spot pool depth = poolDepth × this factor × a fixed per-pool spread in [0.5, 1.5). */
  readonly spotDepthFactor: Readonly<Record<InterruptionBucket, number>>;
  readonly poolDepthOverrides: readonly PoolDepthOverride[];
  readonly crunches: readonly CapacityCrunch[];
  /** Scripted zone outages (instances lost at `from`, the zone crunched until `to`). */
  readonly zoneOutages: readonly ZoneOutage[];
  /** Probability that an attempt on an otherwise available pool fails with InsufficientInstanceCapacity. */
  readonly iceProbability: number;
  /** Account vCPU quotas (unlimited when absent). */
  readonly vcpuLimits: { readonly onDemand?: number; readonly spot?: number };
  /** Request token buckets per EC2 action; `false` disables throttling. */
  readonly throttling: Readonly<Record<string, TokenBucketSpec>> | false;
  /** Price-capacity-optimized: how many of the cheapest available pools compete on depth. */
  readonly pcoCheapestCount: number;
  /** Offerings' `available` shows the mock's pool state; by default always true (EC2 does not tell). */
  readonly revealAvailability: boolean;
  /** Terminated instances stay visible to get/list/terminate this long, then are NotFound. */
  readonly terminatedRetentionSeconds: number;
  readonly spot: SpotOptions;
  readonly asg: AsgOptions;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? Partial<T[K]> : T[K] };
export type MockEc2Options = DeepPartial<ResolvedMockEc2Options>;

export const DEFAULT_MOCK_EC2_OPTIONS: ResolvedMockEc2Options = {
  apiLatencySeconds: { min: 1, max: 2 },
  describeLatencySeconds: { min: 0.1, max: 0.3 },
  // Node Ready after the launch request: median ≈ 30 s, p95 ≈ 60 s, rare tail beyond 100 s.
  boot: {
    pendingToRunningSeconds: { min: 5, max: 17 },
    runningToRegisteredSeconds: { median: 12, p95: 40 },
    registeredToReadySeconds: { median: 4, p95: 12 },
    neverRegistersProbability: 0,
  },
  familyBoot: {},
  nodeClassBoot: {},
  poolDepth: 2000,
  spotDepthFactor: { '<5%': 1, '5-10%': 0.8, '10-15%': 0.6, '15-20%': 0.4, '>20%': 0.25 },
  poolDepthOverrides: [],
  crunches: [],
  zoneOutages: [],
  iceProbability: 0,
  vcpuLimits: {},
  // Request buckets in the spirit of EC2's published limits (launches: 1000 burst, 2/s refill).
  throttling: {
    CreateFleet: { burst: 1000, refillPerSecond: 2 },
    RunInstances: { burst: 1000, refillPerSecond: 2 },
    TerminateInstances: { burst: 1000, refillPerSecond: 20 },
    CreateTags: { burst: 100, refillPerSecond: 10 },
    DescribeInstances: { burst: 100, refillPerSecond: 20 },
  },
  pcoCheapestCount: 3,
  revealAvailability: false,
  terminatedRetentionSeconds: 3600,
  spot: {
    interruptions: true,
    hazardMultiplier: 1,
    correlation: 0,
    waveFraction: 0.5,
    waveCrunchSeconds: 600,
    noticeSeconds: 120,
    rebalanceProbability: 0.5,
    rebalanceLeadSeconds: { min: 0, max: 600 },
  },
  asg: { reactionSeconds: { min: 10, max: 40 }, retrySeconds: 60 },
};

export function resolveOptions(o: MockEc2Options = {}): ResolvedMockEc2Options {
  const d = DEFAULT_MOCK_EC2_OPTIONS;
  return {
    ...d,
    ...o,
    boot: { ...d.boot, ...o.boot },
    spot: { ...d.spot, ...o.spot },
    asg: { ...d.asg, ...o.asg },
    spotDepthFactor: { ...d.spotDepthFactor, ...o.spotDepthFactor },
    vcpuLimits: { ...o.vcpuLimits },
    throttling: o.throttling === false ? false : { ...(d.throttling as Record<string, TokenBucketSpec>), ...o.throttling },
    familyBoot: { ...o.familyBoot },
    nodeClassBoot: { ...o.nodeClassBoot },
  } as ResolvedMockEc2Options;
}

export function matchesPool(sel: PoolSelector, instanceType: string, zone: string, capacityType: CapacityType): boolean {
  return (
    (sel.instanceType === undefined || sel.instanceType === instanceType) &&
    (sel.zone === undefined || sel.zone === zone) &&
    (sel.capacityType === undefined || sel.capacityType === capacityType)
  );
}
