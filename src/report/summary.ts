import { DISRUPTION_REASONS, type DisruptionKind, type PodColumns, type RunData } from '../metrics/run-data.js';
import { costTotals, type CostTotals } from './cost-rows.js';
import { distribution, round, roundOrNull, type Distribution } from './stats.js';

/**
 * summary.json, schemaVersion 1 (docs: OUTPUTS.md). Deterministic: keys in a fixed order, seconds rounded
 * to 3 decimals, USD to 6, ratios to 6; no wall-clock values. A distribution of an empty set has null
 * entries. Only workload pods count (DaemonSet pods are excluded from `pods` and the time statistics).
 */
export interface Summary {
  readonly schemaVersion: 1;
  readonly scenario: string;
  readonly policy: string;
  readonly seed: number;
  readonly horizonSeconds: number;
  readonly pods: {
    readonly created: number;
    readonly scheduled: number;
    readonly completed: number;
    readonly evicted: number;
    readonly pendingAtEnd: number;
    readonly neverScheduled: number;
  };
  /** Creation → first binding; a pod never bound counts until its deletion or the horizon. */
  readonly pendingSeconds: Distribution;
  /** Creation → first Running, over pods that ran. */
  readonly startupSeconds: Distribution;
  /** Launch request → node Ready, over instances that became Ready. */
  readonly nodeReadySeconds: Distribution;
  readonly nodes: { readonly launched: number; readonly terminated: number; readonly peak: number; readonly meanActive: number };
  readonly cost: CostTotals;
  readonly costLowerBoundUsd: number;
  /** ∫ requested dt / ∫ allocatable dt over all nodes (DaemonSet pods included in requested). */
  readonly utilization: { readonly cpuRequestedMean: number; readonly memoryRequestedMean: number };
  readonly disruptions: Readonly<Record<DisruptionKind, number>>;
  readonly spot: { readonly interruptions: number; readonly rebalanceRecommendations: number };
  readonly launchFailures: { readonly insufficientCapacity: number; readonly other: number };
  readonly evictions: number;
  /** Optional, additive: statistics of the workload that was fed in (the runtime's workload driver). */
  readonly workload?: Readonly<Record<string, number | string>>;
}

/** Optional additions to summary.json (appended after the schemaVersion-1 fields; must be deterministic). */
export interface SummaryExtras {
  readonly workload?: Readonly<Record<string, number | string>>;
}

/** Pending time of pod i: creation → first binding, else → deletion, else → the horizon. */
export function pendingSecondsOf(pods: PodColumns, i: number, endAt: number): number {
  const bound = pods.bound[i]!;
  const finished = pods.finished[i]!;
  const end = !Number.isNaN(bound) ? bound : !Number.isNaN(finished) ? finished : endAt;
  return Math.max(0, end - pods.created[i]!);
}

function roundDistribution(d: Distribution, decimals: number): Distribution {
  return {
    p50: roundOrNull(d.p50, decimals),
    p90: roundOrNull(d.p90, decimals),
    p95: roundOrNull(d.p95, decimals),
    p99: roundOrNull(d.p99, decimals),
    max: roundOrNull(d.max, decimals),
    mean: roundOrNull(d.mean, decimals),
  };
}

export function buildSummary(data: RunData, extras: SummaryExtras = {}): Summary {
  const { pods, meta, totals } = data;
  const n = pods.count;
  const pending = new Float64Array(n);
  const startup: number[] = [];
  let scheduled = 0;
  let completed = 0;
  let evicted = 0;
  for (let i = 0; i < n; i++) {
    pending[i] = pendingSecondsOf(pods, i, meta.endAt);
    if (!Number.isNaN(pods.bound[i]!)) scheduled++;
    if (!Number.isNaN(pods.running[i]!)) startup.push(pods.running[i]! - pods.created[i]!);
    if (pods.completed[i]) completed++;
    if (pods.evictions[i]! > 0) evicted++;
  }
  const ready: number[] = [];
  let terminated = 0;
  for (const r of data.instances) {
    // Nodes that were already Ready when the run saw their instance (a scenario's initial nodes, static
    // nodes) had no launch to wait for: they are not in the launch → Ready distribution.
    const preexisting = r.launchRequestedAt === undefined && r.readyAt === r.launchedAt;
    if (r.readyAt !== undefined && !preexisting) ready.push(r.readyAt - (r.launchRequestedAt ?? r.launchedAt));
    if (r.terminatedAt !== undefined) terminated++;
  }
  const horizonSeconds = meta.endAt - meta.startAt;
  const ratio = (a: number, b: number): number => (b > 0 ? round(a / b, 6) : 0);
  const cost = costTotals(data.instances);
  return {
    schemaVersion: 1,
    scenario: meta.scenario,
    policy: meta.policy,
    seed: meta.seed,
    horizonSeconds: round(horizonSeconds, 3),
    pods: {
      created: n,
      scheduled,
      completed,
      evicted,
      pendingAtEnd: totals.pendingPodsAtEnd,
      neverScheduled: n - scheduled,
    },
    pendingSeconds: roundDistribution(distribution(pending), 3),
    startupSeconds: roundDistribution(distribution(Float64Array.from(startup)), 3),
    nodeReadySeconds: roundDistribution(distribution(Float64Array.from(ready)), 3),
    nodes: {
      launched: data.instances.length,
      terminated,
      peak: totals.peakInstances,
      meanActive: horizonSeconds > 0 ? round(totals.instanceSeconds / horizonSeconds, 3) : 0,
    },
    cost: {
      totalUsd: round(cost.totalUsd, 6),
      onDemandUsd: round(cost.onDemandUsd, 6),
      spotUsd: round(cost.spotUsd, 6),
      workloadUsd: round(cost.workloadUsd, 6),
      idleUsd: round(cost.idleUsd, 6),
      daemonsetUsd: round(cost.daemonsetUsd, 6),
    },
    costLowerBoundUsd: round(totals.costLowerBoundUsd, 6),
    utilization: {
      cpuRequestedMean: ratio(totals.requestedCpuMilliSeconds, totals.allocatableCpuMilliSeconds),
      memoryRequestedMean: ratio(totals.requestedMemoryMiBSeconds, totals.allocatableMemoryMiBSeconds),
    },
    disruptions: Object.fromEntries(DISRUPTION_REASONS.map((r) => [r, totals.disruptions[r] ?? 0])) as Record<DisruptionKind, number>,
    spot: { interruptions: totals.spotInterruptions, rebalanceRecommendations: totals.rebalanceRecommendations },
    launchFailures: { insufficientCapacity: totals.launchFailuresInsufficientCapacity, other: totals.launchFailuresOther },
    evictions: totals.evictions,
    ...(extras.workload ? { workload: roundValues(extras.workload) } : {}),
  };
}

function roundValues(r: Readonly<Record<string, number | string>>): Record<string, number | string> {
  return Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'number' ? round(v, 6) : v]));
}

/** The bytes of summary.json. */
export function summaryJson(summary: Summary): string {
  return JSON.stringify(summary, null, 2) + '\n';
}

/** cost / lower bound (≥ 1), or null when the bound is 0. */
export function efficiency(summary: Summary): number | null {
  return summary.costLowerBoundUsd > 0 ? summary.cost.totalUsd / summary.costLowerBoundUsd : null;
}
