import type { CapacityType, Decision } from '../model/index.js';

/**
 * What a finished run hands to the reports: plain data, no behaviour. The recorder produces it
 * (`Recorder.finish`); `src/report/*` turns it into summary.json, the CSVs, the charts and the HTML.
 */
export interface RunMeta {
  readonly scenario: string;
  readonly policy: string;
  readonly seed: number;
  /** Simulated time the recording started (0 in simulation; epoch seconds live). */
  readonly startAt: number;
  /** The horizon: every open interval (pending pods, running instances) is closed here. */
  readonly endAt: number;
  /** Sampling step of the time series (simulated seconds). */
  readonly stepSeconds: number;
}

/** Disruption reasons counted in summary.json (`disruptions`). */
export const DISRUPTION_REASONS = ['emptiness', 'drift', 'underutilized', 'expiration', 'interruption'] as const;
export type DisruptionKind = (typeof DISRUPTION_REASONS)[number];

/**
 * One row per workload pod (DaemonSet pods excluded), in creation order, stored column-wise so that a
 * run with a million pods stays compact. Times are simulated seconds; NaN means "never happened".
 * The recorder's string columns (uid, owner, node) are made from compact ids when first read.
 */
export interface PodColumns {
  readonly count: number;
  readonly uid: readonly string[];
  /** `Kind/name` of the owner, or '' for a bare pod. */
  readonly owner: readonly string[];
  readonly cpuMillis: Float64Array;
  readonly memoryMiB: Float64Array;
  readonly gpus: Float64Array;
  readonly created: Float64Array;
  /** First time the pod was marked Unschedulable. */
  readonly unschedulable: Float64Array;
  /** First time the pod was nominated to an in-flight node. */
  readonly nominated: Float64Array;
  /** First binding (nodeName set). */
  readonly bound: Float64Array;
  /** First time Running. */
  readonly running: Float64Array;
  /** Completion or deletion. */
  readonly finished: Float64Array;
  /** Last node the pod was bound to ('' when never bound). */
  readonly node: readonly string[];
  readonly evictions: Uint16Array;
  /** 1 when the pod reached phase Succeeded. */
  readonly completed: Uint8Array;
}

/** One row per instance (a node that cost money), in launch order. */
export interface InstanceRow {
  readonly instanceId: string;
  readonly nodeName?: string;
  readonly nodeClaimName?: string;
  readonly groupName?: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly pricePerHour: number;
  readonly launchRequestedAt?: number;
  readonly launchedAt: number;
  readonly registeredAt?: number;
  readonly readyAt?: number;
  readonly terminatedAt?: number;
  readonly terminationReason?: string;
  readonly disruptionReason?: DisruptionKind;
  /** max(60, ceil(end − launchedAt)) where end is the termination or the horizon. */
  readonly billedSeconds: number;
  /** pricePerHour × billedSeconds / 3600, unrounded. */
  readonly costUsd: number;
  /** Share of the cost attributed to workload pods' requests (OpenCost-style split), unrounded. */
  readonly workloadUsd: number;
  /** Share attributed to DaemonSet pods' requests, unrounded. The rest of `costUsd` is idle. */
  readonly daemonsetUsd: number;
}

export type RunEventKind = 'disruption' | 'spot-interruption' | 'rebalance-recommendation' | 'launch-failure';

/** Node-level events for the timeline chart (events.csv). */
export interface RunEvent {
  readonly at: number;
  readonly kind: RunEventKind;
  /** Disruption reason, or the launch failure's error code. */
  readonly reason: string;
  readonly node: string;
  readonly instanceId: string;
}

/** The fixed-step samples, column-wise. CPU in cores, memory in GiB, money in USD. */
export interface TimeseriesColumns {
  readonly count: number;
  readonly t: Float64Array;
  readonly pendingPods: Float64Array;
  readonly runningPods: Float64Array;
  readonly nodesOnDemand: Float64Array;
  readonly nodesSpot: Float64Array;
  readonly allocatableCpuCores: Float64Array;
  readonly allocatableMemoryGiB: Float64Array;
  readonly requestedCpuCores: Float64Array;
  readonly requestedMemoryGiB: Float64Array;
  /** Σ pricePerHour of running instances. */
  readonly costPerHour: Float64Array;
  /** Cumulative billed cost so far (per second; 60 s minimum top-ups added at termination). */
  readonly costUsd: Float64Array;
}

export interface RunTotals {
  readonly launchRequests: number;
  readonly launchFailuresInsufficientCapacity: number;
  readonly launchFailuresOther: number;
  readonly spotInterruptions: number;
  readonly rebalanceRecommendations: number;
  readonly disruptions: Readonly<Record<DisruptionKind, number>>;
  /** Eviction events (a pod removed from a node being drained, before it finished). */
  readonly evictions: number;
  readonly pendingPodsAtEnd: number;
  readonly peakInstances: number;
  /** ∫ running instances dt. */
  readonly instanceSeconds: number;
  /** ∫ requested / allocatable over all nodes dt (millicores × s, MiB × s). */
  readonly requestedCpuMilliSeconds: number;
  readonly allocatableCpuMilliSeconds: number;
  readonly requestedMemoryMiBSeconds: number;
  readonly allocatableMemoryMiBSeconds: number;
  /** The fluid lower bound integrated over the horizon (see src/report/lower-bound.ts). */
  readonly costLowerBoundUsd: number;
}

export interface RunData {
  readonly meta: RunMeta;
  readonly pods: PodColumns;
  readonly instances: readonly InstanceRow[];
  readonly timeseries: TimeseriesColumns;
  readonly events: readonly RunEvent[];
  readonly decisions: readonly Decision[];
  /**
   * decisions.jsonl's text (chunks that end at line ends), when the recorder kept the log as text
   * (`decisions` is then parsed from it when first read). Writers prefer it.
   */
  readonly decisionsJsonl?: () => Iterable<string>;
  readonly totals: RunTotals;
}
