import { guessFormat, openTrace, TRACE_FORMATS, type TraceFormat } from './formats/index.js';
import { FleetsimTraceWriter } from './formats/fleetsim-writer.js';
import type { BadRowPolicy } from './io/bad-rows.js';
import { Peaks } from './inspect-peaks.js';
import { TemplateResolver } from './template-resolver.js';
import { counted, transformEvents, type TraceTransform } from './transform.js';
import { InputError } from '../scenario/errors.js';
import { newSourceStats, totalStats, type WorkloadSource, type WorkloadStats } from './types.js';

export interface Percentiles {
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
}

export interface TraceInspection {
  readonly file: string;
  readonly format: TraceFormat;
  readonly stats: WorkloadStats;
  readonly counts: { pods: number; deletes: number; scales: number; deployments: number; jobs: number; jobPods: number };
  /** First and last event times (seconds). */
  readonly timeSpan: { firstSeconds: number; lastSeconds: number; durationSeconds: number };
  /** Pod and Job arrivals per time bucket (empty buckets included). */
  readonly arrivals: {
    readonly bucketSeconds: number;
    readonly buckets: readonly { startSeconds: number; pods: number; jobs: number; scales: number }[];
    readonly meanPodsPerSecond: number;
    readonly peakPodsPerSecond: number;
  };
  /** Per created pod (bare pods; one per Job and per Deployment template). */
  readonly requests: { cpuMillis: Percentiles; memoryMiB: Percentiles; gpus: Percentiles };
  /** Run time of pods and Job pods that have one. */
  readonly durationSeconds: Percentiles;
  /**
   * Peak requested resources alive at once: a pod lives from arrival until deleted or arrival +
   * run time (no pending time); a Deployment counts replicas × requests; a Job min(parallelism,
   * completions) pods for ceil(completions / parallelism) × run time.
   */
  readonly peakConcurrent: { cpuMillis: number; cpuAt: number; memoryMiB: number; memoryAt: number; gpus: number; gpusAt: number; pods: number; podsAt: number };
}

export interface InspectOptions {
  /** Arrival histogram bucket (default 3600 s). */
  readonly bucketSeconds?: number;
  /** Default `fail`. */
  readonly onBadRow?: BadRowPolicy;
  /** The format's options (as under a scenario trace's `options:`). */
  readonly formatOptions?: unknown;
}

class Samples {
  private a = new Float64Array(1024);
  n = 0;
  sum = 0;
  push(v: number): void {
    if (this.n === this.a.length) {
      const b = new Float64Array(this.a.length * 2);
      b.set(this.a);
      this.a = b;
    }
    this.a[this.n++] = v;
    this.sum += v;
  }
  percentiles(): Percentiles {
    if (this.n === 0) return { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, max: 0 };
    const s = this.a.subarray(0, this.n).sort();
    const q = (p: number): number => s[Math.min(this.n - 1, Math.ceil(p * this.n) - 1)]!;
    return { count: this.n, mean: this.sum / this.n, p50: q(0.5), p90: q(0.9), p99: q(0.99), max: s[this.n - 1]! };
  }
}

function resolveFormat(file: string, format: TraceFormat | undefined): TraceFormat {
  const f = format ?? guessFormat(file);
  if (!f) throw new InputError([{ file, message: `cannot tell the trace format from the file name; give --format (${TRACE_FORMATS.join(', ')})` }]);
  return f;
}

/** Read a trace (any format) and describe it. Streams: memory grows with pods alive at once. */
export function inspectTrace(file: string, format?: TraceFormat, options: InspectOptions = {}): TraceInspection {
  const fmt = resolveFormat(file, format);
  const bucket = options.bucketSeconds ?? 3600;
  const stats = newSourceStats(`trace ${file} (${fmt})`);
  const resolver = new TemplateResolver(new Map(), {}, true);
  const events = counted(openTrace(fmt, { file, resolver, onBadRow: options.onBadRow ?? 'fail', stats }, options.formatOptions, new Map()), stats);
  const counts = { pods: 0, deletes: 0, scales: 0, deployments: 0, jobs: 0, jobPods: 0 };
  const buckets = new Map<number, { pods: number; jobs: number; scales: number }>();
  const cpu = new Samples();
  const mem = new Samples();
  const gpus = new Samples();
  const durations = new Samples();
  const peaks = new Peaks();
  const deployments = new Set<string>();
  let first = Infinity;
  let last = -Infinity;
  for (const e of events) {
    first = Math.min(first, e.at);
    last = Math.max(last, e.at);
    peaks.advance(e.at);
    const b = Math.floor(e.at / bucket);
    let slot = buckets.get(b);
    if (!slot) buckets.set(b, (slot = { pods: 0, jobs: 0, scales: 0 }));
    const spec = e.kind === 'pod' ? e.spec : e.kind === 'delete-pod' ? undefined : e.template;
    if (spec && !(e.kind === 'scale' && deployments.has(`${e.namespace}/${e.name}`))) {
      cpu.push(spec.requests.cpuMillis);
      mem.push(spec.requests.memoryMiB);
      gpus.push(spec.requests.gpus);
      if (spec.durationSeconds !== undefined && e.kind !== 'scale') durations.push(spec.durationSeconds);
    }
    switch (e.kind) {
      case 'pod':
        counts.pods++;
        slot.pods++;
        peaks.addPod(e.id, e.at, e.spec);
        break;
      case 'delete-pod':
        counts.deletes++;
        peaks.deletePod(e.id);
        break;
      case 'scale':
        counts.scales++;
        slot.scales++;
        deployments.add(`${e.namespace}/${e.name}`);
        peaks.scale(`${e.namespace}/${e.name}`, e.replicas, e.template);
        break;
      case 'job':
        counts.jobs++;
        counts.jobPods += e.completions;
        slot.jobs++;
        peaks.addJob(`${e.namespace}/${e.name}`, e.at, e.template, e.completions, e.parallelism);
        break;
    }
  }
  counts.deployments = deployments.size;
  if (first === Infinity) first = last = 0;
  const firstBucket = Math.floor(first / bucket);
  const lastBucket = Math.floor(last / bucket);
  const list: { startSeconds: number; pods: number; jobs: number; scales: number }[] = [];
  for (let b = firstBucket; b <= lastBucket && buckets.size > 0; b++) list.push({ startSeconds: b * bucket, ...(buckets.get(b) ?? { pods: 0, jobs: 0, scales: 0 }) });
  const span = last - first;
  return {
    file,
    format: fmt,
    stats: totalStats([stats]),
    counts,
    timeSpan: { firstSeconds: first, lastSeconds: last, durationSeconds: span },
    arrivals: {
      bucketSeconds: bucket,
      buckets: list,
      meanPodsPerSecond: span > 0 ? counts.pods / span : 0,
      peakPodsPerSecond: list.reduce((m, x) => Math.max(m, x.pods / bucket), 0),
    },
    requests: { cpuMillis: cpu.percentiles(), memoryMiB: mem.percentiles(), gpus: gpus.percentiles() },
    durationSeconds: durations.percentiles(),
    peakConcurrent: peaks.result(),
  };
}

export interface ConvertOptions {
  readonly onBadRow?: BadRowPolicy;
  readonly formatOptions?: unknown;
  /** Reshape while converting (window, compress, sample, replicas, shift). */
  readonly transform?: TraceTransform;
  /** Salt for `transform.sample` (default 0). */
  readonly sampleSalt?: number;
}

export interface ConvertResult {
  readonly input: string;
  readonly format: TraceFormat;
  readonly output: string;
  readonly rowsWritten: number;
  readonly stats: WorkloadStats;
}

/**
 * Convert a trace in any format to fleetsim's own format (CSV, or JSON Lines when `output` ends in
 * .jsonl/.ndjson), in time order. Pod templates are kept by name only (the fleetsim.io/template label).
 */
export function convertTrace(input: string, format: TraceFormat | undefined, output: string, options: ConvertOptions = {}): ConvertResult {
  const fmt = resolveFormat(input, format);
  const stats = newSourceStats(`trace ${input} (${fmt})`);
  const resolver = new TemplateResolver(new Map(), {}, true);
  let events: WorkloadSource = openTrace(fmt, { file: input, resolver, onBadRow: options.onBadRow ?? 'fail', stats }, options.formatOptions, new Map());
  if (options.transform) events = transformEvents(events, options.transform, options.sampleSalt ?? 0, stats);
  const writer = new FleetsimTraceWriter(output);
  try {
    for (const e of counted(events, stats)) writer.write(e);
  } finally {
    writer.close();
  }
  return { input, format: fmt, output, rowsWritten: writer.rows, stats: totalStats([stats]) };
}

/** A short human-readable report of an inspection (for `fleetsim trace inspect`). */
export function formatInspection(r: TraceInspection): string {
  const p = (x: Percentiles, unit: string): string =>
    `p50 ${round(x.p50)} · p90 ${round(x.p90)} · p99 ${round(x.p99)} · max ${round(x.max)} ${unit} (mean ${round(x.mean)}, n=${x.count})`;
  const t = r.stats.totals;
  return [
    `${r.file} (${r.format})`,
    `records: ${t.read} read, ${t.used} used, ${t.skipped} skipped, ${t.filtered} filtered; ${t.events} events`,
    `objects: ${r.counts.pods} pods, ${r.counts.deletes} deletes, ${r.counts.deployments} deployments (${r.counts.scales} scalings), ${r.counts.jobs} jobs (${r.counts.jobPods} pods)`,
    `time: ${round(r.timeSpan.firstSeconds)} s → ${round(r.timeSpan.lastSeconds)} s (${round(r.timeSpan.durationSeconds / 3600)} h)`,
    `arrivals: mean ${round(r.arrivals.meanPodsPerSecond)} pods/s, peak ${round(r.arrivals.peakPodsPerSecond)} pods/s per ${r.arrivals.bucketSeconds} s bucket`,
    `cpu requests: ${p(r.requests.cpuMillis, 'm')}`,
    `memory requests: ${p(r.requests.memoryMiB, 'MiB')}`,
    `gpus: ${p(r.requests.gpus, '')}`,
    `run time: ${p(r.durationSeconds, 's')}`,
    `peak concurrent requests: ${round(r.peakConcurrent.cpuMillis / 1000)} cpu at ${round(r.peakConcurrent.cpuAt)} s, ${round(r.peakConcurrent.memoryMiB / 1024)} GiB at ${round(r.peakConcurrent.memoryAt)} s, ${r.peakConcurrent.gpus} gpus at ${round(r.peakConcurrent.gpusAt)} s, ${r.peakConcurrent.pods} pods at ${round(r.peakConcurrent.podsAt)} s`,
  ].join('\n');
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
