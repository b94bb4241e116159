import type { RunData, RunEventKind, TimeseriesColumns } from '../metrics/run-data.js';
import { round } from './stats.js';
import { pendingSecondsOf } from './summary.js';

/**
 * The small, already-downsampled data the charts are drawn from. Built from a run's in-memory data or
 * from its data files (`fleetsim report`), rounded like the CSVs so that both give identical charts.
 * Downsampling: a series longer than MAX_POINTS samples is cut into MAX_POINTS equal buckets, each drawn
 * at its first sample's time with the bucket's maximum (counts, capacity, requests, cost rate) or last
 * value (cumulative cost) — peaks stay visible; the CSVs keep every sample. The pending-time CDF keeps at
 * most CDF_POINTS quantiles; the event timeline the first MAX_EVENTS events.
 */
export const MAX_POINTS = 600;
export const CDF_POINTS = 200;
export const MAX_EVENTS = 2000;
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
  readonly events: readonly { at: number; kind: RunEventKind; reason: string }[];
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
  /** Pending seconds of every workload pod (any order; sorted in place). */
  readonly pendingSeconds: Float64Array;
  readonly events: readonly { at: number; kind: RunEventKind; reason: string }[];
}

export function chartDataFromRun(data: RunData): RunChartData {
  const p = data.pods;
  const pending = new Float64Array(p.count);
  for (let i = 0; i < p.count; i++) pending[i] = round(pendingSecondsOf(p, i, data.meta.endAt), 3);
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
    events: data.events.map((e) => ({ at: round(e.at, 3), kind: e.kind, reason: e.reason })),
  });
}

export function buildChartData(input: ChartInputs): RunChartData {
  const series = downsample(input.timeseries);
  return {
    policy: input.policy,
    seed: input.seed,
    startAt: input.startAt,
    endAt: input.endAt,
    series,
    ...instanceCharts(input.instances, series.map((s) => s.t), input.endAt),
    pendingCdf: cdf(input.pendingSeconds),
    events: input.events.slice(0, MAX_EVENTS).map((e) => ({ at: e.at, kind: e.kind, reason: e.reason })),
  };
}

function downsample(ts: TimeseriesColumns): SeriesPoint[] {
  const n = ts.count;
  const buckets = Math.min(n, MAX_POINTS);
  const out: SeriesPoint[] = [];
  const r3 = (x: number): number => round(x, 3);
  const r6 = (x: number): number => round(x, 6);
  for (let b = 0; b < buckets; b++) {
    const from = Math.floor((b * n) / buckets);
    const to = Math.floor(((b + 1) * n) / buckets);
    const max = (col: Float64Array, r: (x: number) => number): number => {
      let m = -Infinity;
      for (let i = from; i < to; i++) m = Math.max(m, r(col[i]!));
      return m;
    };
    out.push({
      t: r3(ts.t[from]!),
      pending: max(ts.pendingPods, Math.round),
      running: max(ts.runningPods, Math.round),
      nodesOnDemand: max(ts.nodesOnDemand, Math.round),
      nodesSpot: max(ts.nodesSpot, Math.round),
      allocatableCpu: max(ts.allocatableCpuCores, r3),
      allocatableMemoryGiB: max(ts.allocatableMemoryGiB, r3),
      requestedCpu: max(ts.requestedCpuCores, r3),
      requestedMemoryGiB: max(ts.requestedMemoryGiB, r3),
      costPerHour: max(ts.costPerHour, r6),
      costUsd: r6(ts.costUsd[to - 1]!),
    });
  }
  return out;
}

function instanceCharts(
  instances: readonly ChartInstance[],
  times: readonly number[],
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
  const ranked = [...hoursByType.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([t]) => t);
  const top = new Set(ranked.slice(0, TOP_INSTANCE_TYPES));
  const label = (t: string): string => (top.has(t) ? t : 'other');
  // Sweep: +1 at launch, −1 at termination; count running instances per label at each sample time.
  const changes = instances
    .flatMap((r) => [
      { at: r.launchedAt, label: label(r.instanceType), d: 1 },
      ...(r.terminatedAt !== undefined ? [{ at: r.terminatedAt, label: label(r.instanceType), d: -1 }] : []),
    ])
    .sort((a, b) => a.at - b.at || a.d - b.d);
  const labels = [...ranked.filter((t) => top.has(t)), ...(ranked.length > TOP_INSTANCE_TYPES ? ['other'] : [])];
  const running = new Map(labels.map((l) => [l, 0]));
  const series: { t: number; instanceType: string; nodes: number }[] = [];
  let k = 0;
  for (const t of times) {
    while (k < changes.length && changes[k]!.at <= t) {
      const c = changes[k++]!;
      running.set(c.label, running.get(c.label)! + c.d);
    }
    for (const l of labels) series.push({ t, instanceType: l, nodes: running.get(l)! });
  }
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
