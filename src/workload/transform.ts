import type { PodSpec } from '../model/index.js';
import type { SourceStats, WorkloadEvent, WorkloadSource } from './types.js';

/**
 * Reshaping a trace, applied in this order:
 * 1. `window`: keep events with startSeconds <= at < endSeconds (trace time) and rebase so the window
 *    starts at 0. Pods created before the window are not in the run (a cold start), and their deletes
 *    are dropped; reading stops at the window's end.
 * 2. `compress`: divide times and pod run times by the factor (2 = twice as fast, 0.5 = stretched).
 * 3. `sample`: keep each pod (with its delete) and each Job with this probability, decided by a
 *    seeded hash of its id, so the same seed keeps the same pods.
 * 4. `replicasFactor`: multiply Deployment replicas and Job completions/parallelism (rounded, at least
 *    1 when the original was at least 1).
 * 5. `shiftSeconds`: add to every time.
 */
export interface TraceTransform {
  readonly window?: { readonly startSeconds: number; readonly endSeconds?: number };
  readonly compress?: number;
  readonly sample?: number;
  readonly replicasFactor?: number;
  readonly shiftSeconds?: number;
}

/** FNV-1a of a string, salted; uniform in [0, 1). */
export function hashUnit(id: string, salt: number): number {
  let h = (0x811c9dc5 ^ Math.floor(salt * 0xffffffff)) >>> 0;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

function scaleCount(n: number, f: number): number {
  if (f === 1) return n;
  const r = Math.round(n * f);
  return n >= 1 ? Math.max(1, r) : r;
}

function withDuration(spec: PodSpec, k: number): PodSpec {
  return spec.durationSeconds === undefined || k === 1 ? spec : { ...spec, durationSeconds: spec.durationSeconds / k };
}

/** Apply a transform lazily. `salt` (from the run's random source) seeds the sampling. */
export function* transformEvents(source: WorkloadSource, t: TraceTransform, salt: number, stats: SourceStats): Generator<WorkloadEvent> {
  const start = t.window?.startSeconds ?? 0;
  const end = t.window?.endSeconds ?? Infinity;
  const k = t.compress ?? 1;
  const p = t.sample ?? 1;
  const f = t.replicasFactor ?? 1;
  const shift = t.shiftSeconds ?? 0;
  const time = (at: number): number => (at - start) / k + shift;
  for (const e of source) {
    if (e.at >= end) {
      if (e.kind !== 'delete-pod') stats.filtered++;
      break;
    }
    if (e.at < start) {
      if (e.kind !== 'delete-pod') stats.filtered++;
      continue;
    }
    switch (e.kind) {
      case 'pod':
        if (p < 1 && hashUnit(e.id, salt) >= p) {
          stats.filtered++;
          continue;
        }
        yield { kind: 'pod', at: time(e.at), id: e.id, spec: withDuration(e.spec, k) };
        break;
      case 'delete-pod':
        if (p < 1 && hashUnit(e.id, salt) >= p) continue;
        yield { kind: 'delete-pod', at: time(e.at), id: e.id };
        break;
      case 'scale':
        yield { ...e, at: time(e.at), replicas: scaleCount(e.replicas, f), template: withDuration(e.template, k) };
        break;
      case 'job':
        if (p < 1 && hashUnit(`${e.namespace}/${e.name}`, salt) >= p) {
          stats.filtered++;
          continue;
        }
        yield {
          ...e,
          at: time(e.at),
          completions: scaleCount(e.completions, f),
          parallelism: scaleCount(e.parallelism, f),
          template: withDuration(e.template, k),
        };
        break;
    }
  }
}

/** Count what a source finally emits: objects (pods, scalings, jobs) as `used`, all as `events`. */
export function* counted(source: WorkloadSource, stats: SourceStats): Generator<WorkloadEvent> {
  for (const e of source) {
    stats.events++;
    if (e.kind !== 'delete-pod') stats.used++;
    yield e;
  }
}
