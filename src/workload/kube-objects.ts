import type {
  Affinity,
  LabelSelector,
  NodeSelectorTerm,
  PodAffinity,
  PodAffinityTerm,
  Requirement,
  Resources,
  Toleration,
  TopologySpreadConstraint,
} from '../model/index.js';
import { countOf, cpuMillisOf, memoryMiBOf } from './quantity.js';

/**
 * Kubernetes API shapes (as found in manifests and SimKube traces) → the model's types. Lenient on
 * purpose: fields the simulator does not model are ignored; values of the wrong type are reported by
 * throwing an Error whose message names the field.
 */
type Obj = Record<string, unknown>;

export function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function stringMap(v: unknown, field: string): Record<string, string> {
  if (v === undefined || v === null) return {};
  if (!isObj(v)) throw new Error(`${field}: expected a mapping of strings`);
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(v)) out[k] = String(x);
  return out;
}

const GPU_RESOURCES = new Set(['nvidia.com/gpu', 'amd.com/gpu']);

/** A `resources.requests` (or limits) map → Resources; throws on a value that is not a quantity. */
export function resourcesFromKube(v: unknown, field: string): Resources {
  const r = { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 };
  const extended: Record<string, number> = {};
  if (v === undefined || v === null) return r;
  if (!isObj(v)) throw new Error(`${field}: expected a mapping of resource names to quantities`);
  for (const [name, q] of Object.entries(v)) {
    const at = `${field}.${name}`;
    if (name === 'cpu') r.cpuMillis = need(cpuMillisOf(q), at, q);
    else if (name === 'memory') r.memoryMiB = need(memoryMiBOf(q), at, q);
    else if (name === 'ephemeral-storage') r.ephemeralMiB = need(memoryMiBOf(q), at, q);
    else if (GPU_RESOURCES.has(name)) r.gpus += need(countOf(q), at, q);
    else if (name !== 'pods') extended[name] = need(countOf(q) ?? memoryMiBOf(q), at, q);
  }
  return Object.keys(extended).length > 0 ? { ...r, extended } : r;
}

function need(n: number | undefined, field: string, q: unknown): number {
  if (n === undefined) throw new Error(`${field}: expected a Kubernetes quantity, found ${JSON.stringify(q)}`);
  return n;
}

function maxRes(a: Resources, b: Resources): Resources {
  const ext: Record<string, number> = { ...(a.extended ?? {}) };
  for (const [k, v] of Object.entries(b.extended ?? {})) ext[k] = Math.max(ext[k] ?? 0, v);
  return {
    cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
    memoryMiB: Math.max(a.memoryMiB, b.memoryMiB),
    gpus: Math.max(a.gpus, b.gpus),
    pods: 0,
    ephemeralMiB: Math.max(a.ephemeralMiB, b.ephemeralMiB),
    ...(Object.keys(ext).length > 0 ? { extended: ext } : {}),
  };
}

function sumRes(a: Resources, b: Resources): Resources {
  const ext: Record<string, number> = { ...(a.extended ?? {}) };
  for (const [k, v] of Object.entries(b.extended ?? {})) ext[k] = (ext[k] ?? 0) + v;
  return {
    cpuMillis: a.cpuMillis + b.cpuMillis,
    memoryMiB: a.memoryMiB + b.memoryMiB,
    gpus: a.gpus + b.gpus,
    pods: 0,
    ephemeralMiB: a.ephemeralMiB + b.ephemeralMiB,
    ...(Object.keys(ext).length > 0 ? { extended: ext } : {}),
  };
}

/** A container's effective requests: its requests, where absent its limits (as the API server defaults). */
function containerRequests(c: unknown, field: string): Resources {
  if (!isObj(c)) throw new Error(`${field}: expected a container object`);
  const res = isObj(c.resources) ? c.resources : {};
  const requests = isObj(res.requests) ? res.requests : {};
  const limits = isObj(res.limits) ? res.limits : {};
  return resourcesFromKube({ ...limits, ...requests }, `${field}.resources.requests`);
}

/**
 * A pod spec's effective requests as the scheduler computes them: the sum over containers, at least
 * the largest init container, plus the pod overhead.
 */
export function podRequestsFromKube(spec: Obj, field: string): Resources {
  let sum: Resources = { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 };
  arr(spec.containers).forEach((c, i) => {
    sum = sumRes(sum, containerRequests(c, `${field}.containers[${i}]`));
  });
  arr(spec.initContainers).forEach((c, i) => {
    sum = maxRes(sum, containerRequests(c, `${field}.initContainers[${i}]`));
  });
  if (spec.overhead !== undefined) sum = sumRes(sum, resourcesFromKube(spec.overhead, `${field}.overhead`));
  return sum;
}

export function tolerationsFromKube(v: unknown): Toleration[] {
  return arr(v)
    .filter(isObj)
    .map((t) => ({
      ...(typeof t.key === 'string' && t.key !== '' ? { key: t.key } : {}),
      ...(t.operator === 'Exists' || t.operator === 'Equal' ? { operator: t.operator } : {}),
      ...(typeof t.value === 'string' ? { value: t.value } : {}),
      ...(t.effect === 'NoSchedule' || t.effect === 'PreferNoSchedule' || t.effect === 'NoExecute' ? { effect: t.effect } : {}),
      ...(typeof t.tolerationSeconds === 'number' ? { tolerationSeconds: t.tolerationSeconds } : {}),
    }));
}

function selectorFromKube(v: unknown): LabelSelector | undefined {
  if (!isObj(v)) return undefined;
  const out: { matchLabels?: Record<string, string>; matchExpressions?: LabelSelector['matchExpressions'] } = {};
  if (isObj(v.matchLabels)) out.matchLabels = stringMap(v.matchLabels, 'matchLabels');
  if (Array.isArray(v.matchExpressions)) {
    out.matchExpressions = v.matchExpressions.filter(isObj).map((e) => ({
      key: String(e.key),
      operator: String(e.operator) as 'In' | 'NotIn' | 'Exists' | 'DoesNotExist',
      values: arr(e.values).map(String),
    }));
  }
  return out;
}

export function topologySpreadFromKube(v: unknown): TopologySpreadConstraint[] {
  return arr(v)
    .filter(isObj)
    .map((c) => {
      const selector = selectorFromKube(c.labelSelector);
      return {
        maxSkew: typeof c.maxSkew === 'number' ? c.maxSkew : 1,
        topologyKey: String(c.topologyKey ?? ''),
        whenUnsatisfiable: c.whenUnsatisfiable === 'ScheduleAnyway' ? 'ScheduleAnyway' : 'DoNotSchedule',
        ...(selector ? { labelSelector: selector } : {}),
        ...(typeof c.minDomains === 'number' ? { minDomains: c.minDomains } : {}),
        ...(c.nodeAffinityPolicy === 'Honor' || c.nodeAffinityPolicy === 'Ignore' ? { nodeAffinityPolicy: c.nodeAffinityPolicy } : {}),
        ...(c.nodeTaintsPolicy === 'Honor' || c.nodeTaintsPolicy === 'Ignore' ? { nodeTaintsPolicy: c.nodeTaintsPolicy } : {}),
      };
    });
}

function termFromKube(t: unknown): NodeSelectorTerm {
  const exprs = isObj(t) ? arr(t.matchExpressions) : [];
  return {
    matchExpressions: exprs.filter(isObj).map(
      (e): Requirement => ({ key: String(e.key), operator: String(e.operator) as Requirement['operator'], values: arr(e.values).map(String) }),
    ),
  };
}

function podAffinityTermFromKube(t: Obj): PodAffinityTerm {
  const selector = selectorFromKube(t.labelSelector);
  return {
    ...(selector ? { labelSelector: selector } : {}),
    ...(Array.isArray(t.namespaces) ? { namespaces: t.namespaces.map(String) } : {}),
    topologyKey: String(t.topologyKey ?? ''),
  };
}

function podAffinityFromKube(v: unknown): PodAffinity | undefined {
  if (!isObj(v)) return undefined;
  const required = arr(v.requiredDuringSchedulingIgnoredDuringExecution).filter(isObj).map(podAffinityTermFromKube);
  const preferred = arr(v.preferredDuringSchedulingIgnoredDuringExecution)
    .filter(isObj)
    .map((p) => ({ weight: Number(p.weight ?? 1), term: podAffinityTermFromKube(isObj(p.podAffinityTerm) ? p.podAffinityTerm : {}) }));
  return { ...(required.length ? { required } : {}), ...(preferred.length ? { preferred } : {}) };
}

/** A Kubernetes `affinity` object (nodeAffinity, podAffinity, podAntiAffinity) → the model's Affinity. */
export function affinityFromKube(v: unknown): Affinity | undefined {
  if (!isObj(v)) return undefined;
  const out: { nodeAffinity?: Affinity['nodeAffinity']; podAffinity?: PodAffinity; podAntiAffinity?: PodAffinity } = {};
  if (isObj(v.nodeAffinity)) {
    const na = v.nodeAffinity;
    const req = isObj(na.requiredDuringSchedulingIgnoredDuringExecution) ? na.requiredDuringSchedulingIgnoredDuringExecution : undefined;
    const required = req ? arr(req.nodeSelectorTerms).map(termFromKube) : [];
    const preferred = arr(na.preferredDuringSchedulingIgnoredDuringExecution)
      .filter(isObj)
      .map((p) => ({ weight: Number(p.weight ?? 1), term: termFromKube(p.preference) }));
    out.nodeAffinity = { ...(required.length ? { required } : {}), ...(preferred.length ? { preferred } : {}) };
  }
  const pa = podAffinityFromKube(v.podAffinity);
  if (pa) out.podAffinity = pa;
  const paa = podAffinityFromKube(v.podAntiAffinity);
  if (paa) out.podAntiAffinity = paa;
  return out;
}
