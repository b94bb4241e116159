import type { RunData, RunEventKind, TimeseriesColumns } from '../metrics/run-data.js';
import { bucketPlan, downsampleColumn, rowSampleIndices, type BucketPlan, type ColumnKind } from './downsample.js';
import { SlowestPods, type SlowPod } from './slowest-pods.js';
import { round } from './stats.js';
import { pendingSecondsOf } from './summary.js';

/**
 * The small, already-downsampled data the charts are drawn from. Built from a run's in-memory data or
 * from its data files (`fleetsim report`), rounded like the CSVs so that both give identical charts.
 * Time series longer than MAX_POINTS samples are cut to MAX_POINTS rows by min/max per bucket (see
 * downsample.ts: first and last samples kept, every column's extremes kept, so spikes of pending pods and
 * dips of node counts stay visible), the instance-type series likewise; the CSVs keep every sample. The pending-time CDF is computed from
 * every pod and drawn from at most CDF_POINTS quantiles. Up to MAX_EVENTS node events are drawn one mark
 * each; beyond that, one mark per (event kind, 1/EVENT_BINS of the horizon) with its count.
 */
export const MAX_POINTS = 1200;
export const CDF_POINTS = 200;
export const MAX_EVENTS = 2000;
export const EVENT_BINS = 300;
const TOP_INSTANCE_TYPES = 8;

export interface SeriesPoint {
  readonly t: number;
  readonly pending: number;
  readonly running: number;
  readonly nodesOnDemand: number;
  readonly nodesSpot: number;
  readonly allocatableCpu: number;
  readonly allocatableMemoryGiB: number;
  readonly requestedCpu: number;
  readonly requestedMemoryGiB: number;
  readonly costPerHour: number;
  readonly costUsd: number;
}

export interface RunChartData {
  readonly policy: string;
  readonly seed: number;
  readonly startAt: number;
  readonly endAt: number;
  readonly series: readonly SeriesPoint[];
  /** Running instances per instance type at the series' times (top types, the rest as "other"). */
  readonly instanceTypeSeries: readonly { t: number; instanceType: string; nodes: number }[];
  /** Node-hours and launches per (instance type, capacity type). */
  readonly instanceMix: readonly { instanceType: string; capacityType: string; nodeHours: number; launched: number }[];
  readonly pendingCdf: readonly { seconds: number; fraction: number }[];
  /** Node events to draw; `count` > 1 when events were binned (more than MAX_EVENTS in the run). */
  readonly events: readonly { at: number; kind: RunEventKind; reason: string; count?: number }[];
  /** Node events in the run (events.csv rows). */
  readonly eventsTotal: number;
  /** The pods with the longest pending time (at most SLOWEST_PODS), longest first. */
  readonly slowestPods: readonly SlowPod[];
  /** Workload pods in the run (pods.csv rows). */
  readonly podCount: number;
}

/** What a chart needs of an instance. */
export interface ChartInstance {
  readonly instanceType: string;
  readonly capacityType: string;
  readonly launchedAt: number;
  readonly terminatedAt?: number;
}

export interface ChartInputs {
  readonly policy: string;
  readonly seed: number;
  readonly startAt: number;
  readonly endAt: number;
  readonly timeseries: TimeseriesColumns;
  readonly instances: readonly ChartInstance[];
  /** Pending seconds of every workload pod, rounded like pods.csv (any order; sorted in place). */
  readonly pendingSeconds: Float64Array;
  /** The longest-pending pods (a SlowestPods fed with every pod in pods.csv order); none when absent. */
  readonly slowestPods?: SlowestPods;
  readonly events: readonly { at: number; kind: RunEventKind; reason: string }[];
}

export function chartDataFromRun(data: RunData): RunChartData {
  const p = data.pods;
  const pending = new Float64Array(p.count);
  const slowest = new SlowestPods();
  for (let i = 0; i < p.count; i++) {
    pending[i] = round(pendingSecondsOf(p, i, data.meta.endAt), 3);
    slowest.offer(i, pending[i]!, () => ({
      id: p.uid[i]!,
      owner: p.owner[i]!,
      created: round(p.created[i]!, 3),
      bound: Number.isNaN(p.bound[i]!) ? null : round(p.bound[i]!, 3),
      node: p.node[i]!,
      evictions: p.evictions[i]!,
    }));
  }
  return buildChartData({
    policy: data.meta.policy,
    seed: data.meta.seed,
    startAt: data.meta.startAt,
    endAt: data.meta.endAt,
    timeseries: data.timeseries,
    instances: data.instances.map((r) => ({
      instanceType: r.instanceType,
      capacityType: r.capacityType,
      launchedAt: round(r.launchedAt, 3),
      ...(r.terminatedAt !== undefined ? { terminatedAt: round(r.terminatedAt, 3) } : {}),
    })),
    pendingSeconds: pending,
    slowestPods: slowest,
    events: data.events.map((e) => ({ at: round(e.at, 3), kind: e.kind, reason: e.reason })),
  });
}

export function buildChartData(input: ChartInputs): RunChartData {
  const t = roundedColumn(input.timeseries.t, 3);
  const plan = bucketPlan(t.length, MAX_POINTS);
  const series = downsampleSeries(input.timeseries, t, plan);
  return {
    policy: input.policy,
    seed: input.seed,
    startAt: input.startAt,
    endAt: input.endAt,
    series,
    ...instanceCharts(input.instances, t, plan, input.endAt),
    pendingCdf: cdf(input.pendingSeconds),
    events: chartEvents(input.events, input.startAt, input.endAt),
    eventsTotal: input.events.length,
    slowestPods: input.slowestPods?.result() ?? [],
    podCount: input.slowestPods?.count ?? input.pendingSeconds.length,
  };
}

function roundedColumn(col: ArrayLike<number>, decimals: number): Float64Array {
  const out = new Float64Array(col.length);
  for (let i = 0; i < col.length; i++) out[i] = decimals === 0 ? Math.round(col[i]!) : round(col[i]!, decimals);
  return out;
}

function downsampleSeries(ts: TimeseriesColumns, t: Float64Array, plan: BucketPlan | undefined): SeriesPoint[] {
  // Rounded as in timeseries.csv before choosing extremes, so that a rebuild from the CSV picks the same rows.
  const col = (c: Float64Array, decimals: number, kind: ColumnKind = 'extremes'): number[] =>
    downsampleColumn(roundedColumn(c, decimals), plan, kind);
  const times = plan ? rowSampleIndices(plan).map((i) => t[i]!) : Array.from(t);
  const pending = col(ts.pendingPods, 0);
  const running = col(ts.runningPods, 0);
  const nodesOnDemand = col(ts.nodesOnDemand, 0);
  const nodesSpot = col(ts.nodesSpot, 0);
  const allocatableCpu = col(ts.allocatableCpuCores, 3);
  const allocatableMemoryGiB = col(ts.allocatableMemoryGiB, 3);
  const requestedCpu = col(ts.requestedCpuCores, 3);
  const requestedMemoryGiB = col(ts.requestedMemoryGiB, 3);
  const costPerHour = col(ts.costPerHour, 6);
  const costUsd = col(ts.costUsd, 6, 'at-time');
  return times.map((time, k) => ({
    t: time,
    pending: pending[k]!,
    running: running[k]!,
    nodesOnDemand: nodesOnDemand[k]!,
    nodesSpot: nodesSpot[k]!,
    allocatableCpu: allocatableCpu[k]!,
    allocatableMemoryGiB: allocatableMemoryGiB[k]!,
    requestedCpu: requestedCpu[k]!,
    requestedMemoryGiB: requestedMemoryGiB[k]!,
    costPerHour: costPerHour[k]!,
    costUsd: costUsd[k]!,
  }));
}

/**
 * Every event when there are at most MAX_EVENTS; otherwise one mark per (event kind and reason, bin of
 * 1/EVENT_BINS of the horizon) at the bin's first event, with the number of events it stands for.
 */
function chartEvents(
  events: ChartInputs['events'],
  startAt: number,
  endAt: number,
): { at: number; kind: RunEventKind; reason: string; count?: number }[] {
  if (events.length <= MAX_EVENTS) return events.map((e) => ({ at: e.at, kind: e.kind, reason: e.reason }));
  const width = Math.max(1e-9, (endAt - startAt) / EVENT_BINS);
  const bins = new Map<string, { at: number; kind: RunEventKind; reason: string; count: number }>();
  for (const e of events) {
    const bin = Math.min(EVENT_BINS - 1, Math.max(0, Math.floor((e.at - startAt) / width)));
    const key = `${bin}\u0000${e.kind}\u0000${e.reason}`;
    const cur = bins.get(key);
    if (!cur) bins.set(key, { at: e.at, kind: e.kind, reason: e.reason, count: 1 });
    else {
      cur.count++;
      if (e.at < cur.at) cur.at = e.at;
    }
  }
  return [...bins.values()].sort((a, b) => a.at - b.at || (a.kind + a.reason < b.kind + b.reason ? -1 : a.kind + a.reason > b.kind + b.reason ? 1 : 0));
}

function instanceCharts(
  instances: readonly ChartInstance[],
  t: Float64Array,
  plan: BucketPlan | undefined,
  endAt: number,
): Pick<RunChartData, 'instanceTypeSeries' | 'instanceMix'> {
  const mix = new Map<string, { instanceType: string; capacityType: string; nodeHours: number; launched: number }>();
  const hoursByType = new Map<string, number>();
  for (const r of instances) {
    const hours = Math.max(0, Math.min(r.terminatedAt ?? endAt, endAt) - r.launchedAt) / 3600;
    const key = `${r.instanceType}\u0000${r.capacityType}`;
    const m = mix.get(key) ?? { instanceType: r.instanceType, capacityType: r.capacityType, nodeHours: 0, launched: 0 };
    m.nodeHours += hours;
    m.launched++;
    mix.set(key, m);
    hoursByType.set(r.instanceType, (hoursByType.get(r.instanceType) ?? 0) + hours);
  }
  const ranked = [...hoursByType.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([type]) => type);
  const top = new Set(ranked.slice(0, TOP_INSTANCE_TYPES));
  const label = (type: string): string => (top.has(type) ? type : 'other');
  // Sweep: +1 at launch, −1 at termination; running instances per label at every sample time, then
  // downsampled like the other series (min/max per bucket).
  const changes = instances
    .flatMap((r) => [
      { at: r.launchedAt, label: label(r.instanceType), d: 1 },
      ...(r.terminatedAt !== undefined ? [{ at: r.terminatedAt, label: label(r.instanceType), d: -1 }] : []),
    ])
    .sort((a, b) => a.at - b.at || a.d - b.d);
  const labels = [...ranked.filter((type) => top.has(type)), ...(ranked.length > TOP_INSTANCE_TYPES ? ['other'] : [])];
  const running = new Map(labels.map((l) => [l, 0]));
  const counts = new Map(labels.map((l) => [l, new Float64Array(t.length)]));
  let k = 0;
  for (let i = 0; i < t.length; i++) {
    while (k < changes.length && changes[k]!.at <= t[i]!) {
      const c = changes[k++]!;
      running.set(c.label, running.get(c.label)! + c.d);
    }
    for (const l of labels) counts.get(l)![i] = running.get(l)!;
  }
  const times = plan ? rowSampleIndices(plan).map((i) => t[i]!) : Array.from(t);
  const perLabel = labels.map((l) => downsampleColumn(counts.get(l)!, plan));
  const series: { t: number; instanceType: string; nodes: number }[] = [];
  times.forEach((time, row) => labels.forEach((l, j) => series.push({ t: time, instanceType: l, nodes: perLabel[j]![row]! })));
  const instanceMix = [...mix.values()]
    .map((m) => ({ ...m, nodeHours: round(m.nodeHours, 3) }))
    .sort((a, b) => b.nodeHours - a.nodeHours || (a.instanceType + a.capacityType < b.instanceType + b.capacityType ? -1 : 1));
  return { instanceTypeSeries: series, instanceMix };
}

function cdf(values: Float64Array): { seconds: number; fraction: number }[] {
  values.sort();
  const n = values.length;
  if (n === 0) return [];
  const points = Math.min(n, CDF_POINTS);
  const out: { seconds: number; fraction: number }[] = [];
  for (let k = 0; k < points; k++) {
    const idx = points === 1 ? n - 1 : Math.round((k * (n - 1)) / (points - 1));
    out.push({ seconds: values[idx]!, fraction: round((idx + 1) / n, 6) });
  }
  return out;
}
