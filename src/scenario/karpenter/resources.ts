import type { Resources } from '../../model/index.js';
import { cpuMillisOf, memoryMiBOf } from '../../model/quantity.js';

export { cpuMillisOf, memoryMiBOf };
import { describeFound, isObj, type Path, type Reader } from './reader.js';

function badQuantity(r: Reader, path: Path, example: string, value: unknown): undefined {
  return r.problem(path, `expected a Kubernetes quantity such as ${example}, found ${describeFound(value)}`);
}

const CPU_EXAMPLE = '"1000", "500m" or 4';
const MEMORY_EXAMPLE = '"1000Gi", "512Mi" or "4G"';
const COUNT_EXAMPLE = '"8" or 8';

/** Resource names that map to fields of `Resources`; every other name goes to `extended`. */
const GPU_NAMES = ['nvidia.com/gpu', 'amd.com/gpu'];

/**
 * A NodePool `limits` map (cpu, memory, nvidia.com/gpu, pods, ephemeral-storage, nodes, extended names)
 * → the model's partial resources. Problems for values that are not quantities.
 */
export function readLimits(r: Reader, value: unknown, path: Path): (Partial<Resources> & { nodes?: number }) | undefined {
  if (!isObj(value)) return r.expected(path, 'a mapping of resource names to quantities (cpu: "1000", memory: 1000Gi)', value);
  const out: { -readonly [K in keyof Resources]?: Resources[K] } & { nodes?: number } = {};
  const extended: Record<string, number> = {};
  for (const [name, q] of Object.entries(value)) {
    const p = [...path, name];
    if (name === 'cpu') {
      const v = cpuMillisOf(q);
      if (v === undefined) badQuantity(r, p, CPU_EXAMPLE, q);
      else out.cpuMillis = v;
    } else if (name === 'memory' || name === 'ephemeral-storage') {
      const v = memoryMiBOf(q);
      if (v === undefined) badQuantity(r, p, MEMORY_EXAMPLE, q);
      else if (name === 'memory') out.memoryMiB = v;
      else out.ephemeralMiB = v;
    } else {
      const millis = cpuMillisOf(q);
      const v = millis === undefined ? undefined : millis / 1000;
      if (v === undefined || !Number.isInteger(v)) {
        badQuantity(r, p, COUNT_EXAMPLE, q);
        continue;
      }
      if (GPU_NAMES.includes(name)) out.gpus = (out.gpus ?? 0) + v;
      else if (name === 'pods') out.pods = v;
      else if (name === 'nodes') out.nodes = v;
      else extended[name] = v;
    }
  }
  if (Object.keys(extended).length > 0) out.extended = extended;
  return out;
}

const RESERVED_KEYS = ['cpu', 'memory', 'ephemeral-storage', 'pid'] as const;

/** kubelet systemReserved / kubeReserved: cpu, memory, ephemeral-storage (pid is accepted, not simulated). */
export function readReserved(r: Reader, value: unknown, path: Path): Partial<Resources> | undefined {
  const obj = r.object(value, path, RESERVED_KEYS);
  if (!obj) return undefined;
  const out: { -readonly [K in keyof Resources]?: Resources[K] } = {};
  if (obj.cpu !== undefined) {
    const v = cpuMillisOf(obj.cpu);
    if (v === undefined) badQuantity(r, [...path, 'cpu'], '"100m" or "1"', obj.cpu);
    else out.cpuMillis = v;
  }
  if (obj.memory !== undefined) {
    const v = memoryMiBOf(obj.memory);
    if (v === undefined) badQuantity(r, [...path, 'memory'], '"100Mi" or "1Gi"', obj.memory);
    else out.memoryMiB = v;
  }
  if (obj['ephemeral-storage'] !== undefined) {
    const v = memoryMiBOf(obj['ephemeral-storage']);
    if (v === undefined) badQuantity(r, [...path, 'ephemeral-storage'], '"1Gi"', obj['ephemeral-storage']);
    else out.ephemeralMiB = v;
  }
  if (obj.pid !== undefined && cpuMillisOf(obj.pid) === undefined) badQuantity(r, [...path, 'pid'], '"1000"', obj.pid);
  return out;
}

export const EVICTION_SIGNALS = ['memory.available', 'nodefs.available', 'nodefs.inodesFree', 'imagefs.available', 'imagefs.inodesFree', 'pid.available'] as const;

/** An eviction threshold for memory.available: an absolute quantity ("100Mi") or a percentage ("5%"). */
export type MemoryThreshold = { memoryMiB: number } | { percent: number };

/** kubelet evictionHard (or evictionSoft): validates every signal; returns the memory.available threshold. */
export function readEviction(r: Reader, value: unknown, path: Path): { memory?: MemoryThreshold } | undefined {
  const obj = r.object(value, path, EVICTION_SIGNALS);
  if (!obj) return undefined;
  const out: { memory?: MemoryThreshold } = {};
  for (const [signal, q] of Object.entries(obj)) {
    if (!(EVICTION_SIGNALS as readonly string[]).includes(signal)) continue;
    const p = [...path, signal];
    const pct = typeof q === 'string' ? /^(\d+(?:\.\d+)?)%$/.exec(q.trim()) : null;
    if (pct) {
      const percent = Number(pct[1]);
      if (percent > 100) r.problem(p, `expected a percentage from 0% to 100%, found ${describeFound(q)}`);
      else if (signal === 'memory.available') out.memory = { percent };
      continue;
    }
    const isCount = signal.endsWith('inodesFree') || signal === 'pid.available';
    const v = isCount ? cpuMillisOf(q) : memoryMiBOf(q);
    if (v === undefined) badQuantity(r, p, isCount ? '"10%" or "1000"' : '"100Mi" or "5%"', q);
    else if (signal === 'memory.available') out.memory = { memoryMiB: v };
  }
  return out;
}
