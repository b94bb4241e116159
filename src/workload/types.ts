import type { PodSpec } from '../model/index.js';

/**
 * What a workload does to the cluster over simulated time. Every source yields these in non-decreasing
 * `at` (simulated seconds from the start of the run); the driver applies them at their time.
 */
export type WorkloadEvent = PodEvent | DeletePodEvent | ScaleEvent | JobEvent;

/** Create one pod (bare, or owned when `spec.owner` is set). `id` is unique within the run. */
export interface PodEvent {
  readonly kind: 'pod';
  readonly at: number;
  readonly id: string;
  readonly spec: PodSpec;
}

/** Delete the pod created by the `pod` event with the same `id` (a user's delete, not an eviction). */
export interface DeletePodEvent {
  readonly kind: 'delete-pod';
  readonly at: number;
  readonly id: string;
}

/** Create or scale a Deployment to `replicas` (0 deletes its pods). */
export interface ScaleEvent {
  readonly kind: 'scale';
  readonly at: number;
  readonly namespace: string;
  readonly name: string;
  readonly replicas: number;
  readonly template: PodSpec;
}

/** Create a Job that runs `completions` pods to completion, at most `parallelism` at once. */
export interface JobEvent {
  readonly kind: 'job';
  readonly at: number;
  readonly namespace: string;
  readonly name: string;
  readonly template: PodSpec;
  readonly completions: number;
  readonly parallelism: number;
}

/** A time-ordered stream of events, read lazily (a file reader or a generator). */
export type WorkloadSource = Iterable<WorkloadEvent>;

/**
 * Counters of one source, updated while it is read. For formats with one record per object (a pod, a
 * scaling, a Job), `read = used + skipped + filtered` plus the records that only delete pods. For
 * lifecycle formats (Google task events, SimKube) `read` counts event rows / manifests while `used`
 * and `filtered` count the objects they describe. A window's end stops reading, so rows after it are
 * not read at all.
 */
export interface SourceStats {
  /** e.g. `trace traces/web.csv (fleetsim)` or `generator poisson #2`. */
  readonly name: string;
  /** Records (rows, trace events, generated objects) read. */
  read: number;
  /** Objects (pods, Deployment scalings, Jobs) that produced events. */
  used: number;
  /** Bad records skipped under `onBadRow: skip`. */
  skipped: number;
  /** Good records dropped on purpose: window, sampling, reader options (never-ran pods, ...). */
  filtered: number;
  /** Events emitted (pods, deletes, scalings, jobs). */
  events: number;
  /** The first few skipped records' reasons (file:line:column: message), at most 20. */
  readonly skippedExamples: string[];
}

/** What the summary reports about the workload. */
export interface WorkloadStats {
  readonly sources: readonly SourceStats[];
  readonly totals: { read: number; used: number; skipped: number; filtered: number; events: number };
}

export const MAX_SKIPPED_EXAMPLES = 20;

export function newSourceStats(name: string): SourceStats {
  return { name, read: 0, used: 0, skipped: 0, filtered: 0, events: 0, skippedExamples: [] };
}

export function totalStats(sources: readonly SourceStats[]): WorkloadStats {
  const totals = { read: 0, used: 0, skipped: 0, filtered: 0, events: 0 };
  for (const s of sources) {
    totals.read += s.read;
    totals.used += s.used;
    totals.skipped += s.skipped;
    totals.filtered += s.filtered;
    totals.events += s.events;
  }
  return { sources: sources.map((s) => ({ ...s, skippedExamples: [...s.skippedExamples] })), totals };
}

/** A source together with the counters it updates while being read. */
export interface CountedSource {
  readonly events: WorkloadSource;
  readonly stats: SourceStats;
}

/** Well-known labels and annotations fleetsim puts on workload pods. */
export const WorkloadLabels = {
  /** The pod template a pod was built from. */
  template: 'fleetsim.io/template',
  /** The trace row id (pods) or object name a pod came from. */
  traceId: 'fleetsim.io/trace-id',
  /** A fractional GPU share in thousandths (Alibaba gpu_milli), informational. */
  gpuMilli: 'fleetsim.io/gpu-milli',
  /** Priority band of a Google trace task (free, best-effort, mid, production, monitoring). */
  priorityBand: 'fleetsim.io/priority-band',
} as const;
