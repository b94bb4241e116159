import type { V1Container, V1LimitRange, V1PodSpec } from '@kubernetes/client-node';
import { parseQuantityNanos, QuantityError } from '../model/quantity.js';

/** Resource amounts in nano-units (value × 10⁹), exact as Kubernetes' Quantity arithmetic. */
export type ResourceNanos = Map<string, bigint>;

/** A quantity problem: the path below the object (e.g. ["spec", "containers", 0, "resources", "requests", "cpu"]) and the message. */
export type QuantityProblem = (path: readonly (string | number)[], message: string) => void;

/** A namespace's Container-type LimitRange defaults (`defaultRequest`, then `default`). */
export interface LimitDefaults {
  readonly defaultRequest: Readonly<Record<string, string>>;
  readonly default: Readonly<Record<string, string>>;
  /** The LimitRange the defaults come from, for messages. */
  readonly source: string;
}

/** Parse a quantity as Kubernetes' JSON decoding does (surrounding spaces trimmed); undefined after reporting a problem. */
export function quantityNanos(value: unknown, path: readonly (string | number)[], problem: QuantityProblem): bigint | undefined {
  if (typeof value !== 'string' && typeof value !== 'number') {
    problem(path, `expected a quantity such as "500m", "1.5", "2Gi", "1G" or "1e3", found ${value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value}`);
    return undefined;
  }
  try {
    const nanos = parseQuantityNanos(typeof value === 'string' ? value.trim() : value);
    if (nanos < 0n) {
      problem(path, `a resource amount cannot be negative, found ${JSON.stringify(value)}`);
      return undefined;
    }
    return nanos;
  } catch (e) {
    if (e instanceof QuantityError) {
      problem(path, e.message);
      return undefined;
    }
    throw e;
  }
}

function readMap(v: unknown, path: readonly (string | number)[], problem: QuantityProblem): ResourceNanos {
  const out: ResourceNanos = new Map();
  if (v === undefined || v === null) return out;
  if (typeof v !== 'object' || Array.isArray(v)) {
    problem(path, 'expected a mapping of resource names to quantities');
    return out;
  }
  for (const [name, q] of Object.entries(v as Record<string, unknown>)) {
    const n = quantityNanos(q, [...path, name], problem);
    if (n !== undefined) out.set(name, n);
  }
  return out;
}

/** The LimitRange's defaults for containers, or undefined when it has no Container limit with defaults. */
export function limitDefaultsOf(lr: V1LimitRange, source: string): LimitDefaults | undefined {
  for (const item of lr.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const defaultRequest = { ...(item.defaultRequest ?? {}) };
    const dflt = { ...(item._default ?? (item as unknown as { default?: Record<string, string> }).default ?? {}) };
    if (Object.keys(defaultRequest).length + Object.keys(dflt).length > 0) return { defaultRequest, default: dflt, source };
  }
  return undefined;
}

export interface ContainerRequests {
  readonly requests: ResourceNanos;
  /** cpu / memory that are neither requested, limited nor defaulted. */
  readonly missing: readonly string[];
  /** Resources defaulted from the LimitRange. */
  readonly defaulted: readonly string[];
}

/**
 * A container's effective requests: its requests; where a resource has none, its limit (the API
 * server's defaulting); else the namespace LimitRange's defaultRequest, else its default limit
 * (the LimitRanger admission plugin).
 */
export function containerRequests(c: V1Container, path: readonly (string | number)[], lr: LimitDefaults | undefined, problem: QuantityProblem): ContainerRequests {
  const requests = readMap(c.resources?.requests, [...path, 'resources', 'requests'], problem);
  const limits = readMap(c.resources?.limits, [...path, 'resources', 'limits'], problem);
  for (const [name, v] of limits) if (!requests.has(name)) requests.set(name, v);
  const defaulted: string[] = [];
  if (lr) {
    const lrPath = ['LimitRange', lr.source];
    for (const [name, q] of [...Object.entries(lr.default), ...Object.entries(lr.defaultRequest)]) {
      if (requests.has(name)) continue;
      const fromRequest = lr.defaultRequest[name];
      const v = quantityNanos(fromRequest ?? q, lrPath, problem);
      if (v !== undefined) {
        requests.set(name, v);
        defaulted.push(name);
      }
    }
  }
  const missing = ['cpu', 'memory'].filter((r) => !requests.has(r));
  return { requests, missing, defaulted };
}

function add(a: ResourceNanos, b: ResourceNanos): ResourceNanos {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0n) + v);
  return out;
}

function max(a: ResourceNanos, b: ResourceNanos): ResourceNanos {
  const out = new Map(a);
  for (const [k, v] of b) out.set(k, (out.get(k) ?? 0n) > v ? out.get(k)! : v);
  return out;
}

export interface PodRequests {
  readonly requests: ResourceNanos;
  /** Containers (by name) missing a cpu or memory request, with what they miss. */
  readonly missing: readonly string[];
  readonly defaulted: boolean;
}

/**
 * A pod's effective requests as the scheduler computes them (Kubernetes' PodRequests): the sum of
 * the containers and of the sidecars (init containers with restartPolicy Always), at least the
 * largest init container (each counted with the sidecars started before it), plus spec.overhead.
 */
export function podRequests(spec: V1PodSpec, path: readonly (string | number)[], lr: LimitDefaults | undefined, problem: QuantityProblem): PodRequests {
  let sum: ResourceNanos = new Map();
  const missing: string[] = [];
  let defaulted = false;
  const read = (c: V1Container, p: readonly (string | number)[]): ResourceNanos => {
    const r = containerRequests(c, p, lr, problem);
    if (r.missing.length > 0) missing.push(`${c.name ?? '?'} (${r.missing.join(', ')})`);
    if (r.defaulted.length > 0) defaulted = true;
    return r.requests;
  };
  (spec.containers ?? []).forEach((c, i) => {
    sum = add(sum, read(c, [...path, 'containers', i]));
  });
  let sidecars: ResourceNanos = new Map();
  let init: ResourceNanos = new Map();
  (spec.initContainers ?? []).forEach((c, i) => {
    const r = read(c, [...path, 'initContainers', i]);
    if (c.restartPolicy === 'Always') {
      sum = add(sum, r);
      sidecars = add(sidecars, r);
      init = max(init, sidecars);
    } else {
      init = max(init, add(r, sidecars));
    }
  });
  sum = max(sum, init);
  if (spec.overhead) sum = add(sum, readMap(spec.overhead, [...path, 'overhead'], problem));
  return { requests: sum, missing, defaulted };
}

const GI = 1n << 30n;
const MI = 1n << 20n;
const KI = 1n << 10n;
const NANO = 1_000_000_000n;

const ceilDiv = (a: bigint, b: bigint): bigint => (a + b - 1n) / b;

/** CPU nanos → "250m" or "2" (rounded up to a millicore, as the scheduler's MilliValue). */
export function formatCpu(nanos: bigint): string {
  const milli = ceilDiv(nanos, 1_000_000n);
  return milli % 1000n === 0n ? String(milli / 1000n) : `${milli}m`;
}

/** Byte nanos → the shortest exact spelling: "2Gi", "384Mi", "100Ki", "10G", "1500k" or plain bytes (rounded up to a byte, as Quantity.Value). */
export function formatBytes(nanos: bigint): string {
  const bytes = ceilDiv(nanos, NANO);
  if (bytes === 0n) return '0';
  let best = String(bytes);
  for (const [suffix, unit] of [['Ei', 1n << 60n], ['Pi', 1n << 50n], ['Ti', 1n << 40n], ['Gi', GI], ['Mi', MI], ['Ki', KI], ['E', 10n ** 18n], ['P', 10n ** 15n], ['T', 10n ** 12n], ['G', 10n ** 9n], ['M', 10n ** 6n], ['k', 1000n]] as const) {
    if (bytes % unit !== 0n) continue;
    const text = `${bytes / unit}${suffix}`;
    if (text.length < best.length) best = text;
  }
  return best;
}

/** Requests in Kubernetes spelling for a scenario pod template (`pods` is not a request). */
export function formatRequests(r: ResourceNanos): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, v] of [...r].sort(([a], [b]) => a.localeCompare(b))) {
    if (name === 'pods') continue;
    if (name === 'cpu') out[name] = formatCpu(v);
    else if (name === 'memory' || name === 'ephemeral-storage' || name.startsWith('hugepages-')) out[name] = formatBytes(v);
    else out[name] = String(ceilDiv(v, NANO));
  }
  return out;
}

export function sameRequests(a: ResourceNanos, b: ResourceNanos): boolean {
  const fa = formatRequests(a);
  const fb = formatRequests(b);
  const keys = new Set([...Object.keys(fa), ...Object.keys(fb)]);
  for (const k of keys) if (fa[k] !== fb[k]) return false;
  return true;
}
