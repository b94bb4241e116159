import { parseCount, parseCpuMillis, parseMemoryMiB, resources, type Resources } from '../../../model/index.js';
import type { QuantityMap } from './types.js';

/** Kubernetes resource names for the model's fields. */
export const ResourceNames = {
  cpu: 'cpu',
  memory: 'memory',
  pods: 'pods',
  gpu: 'nvidia.com/gpu',
  ephemeral: 'ephemeral-storage',
} as const;

function cpuQuantity(millis: number): string {
  return millis % 1000 === 0 ? String(millis / 1000) : `${Math.round(millis)}m`;
}

function binaryQuantity(mib: number): string {
  if (Number.isInteger(mib)) return mib !== 0 && mib % 1024 === 0 ? `${mib / 1024}Gi` : `${mib}Mi`;
  return `${Math.round(mib * 1024)}Ki`;
}

/**
 * Resources as a Kubernetes resource list. `includeZero`: write zero cpu/memory/pods too (node capacity
 * does; pod requests leave out what is zero). GPUs, ephemeral storage and extended resources appear only
 * when non-zero.
 */
export function toQuantities(r: Resources, includeZero = false): Record<string, string> {
  const out: Record<string, string> = {};
  if (includeZero || r.cpuMillis !== 0) out[ResourceNames.cpu] = cpuQuantity(r.cpuMillis);
  if (includeZero || r.memoryMiB !== 0) out[ResourceNames.memory] = binaryQuantity(r.memoryMiB);
  if (includeZero || r.pods !== 0) out[ResourceNames.pods] = String(r.pods);
  if (r.gpus !== 0) out[ResourceNames.gpu] = String(r.gpus);
  if (r.ephemeralMiB !== 0) out[ResourceNames.ephemeral] = binaryQuantity(r.ephemeralMiB);
  for (const [name, value] of Object.entries(r.extended ?? {})) if (value !== 0) out[name] = String(value);
  return out;
}

/** A Kubernetes resource list as model Resources (cpu rounded up to millicores, memory up to MiB). */
export function fromQuantities(list: QuantityMap | undefined): Resources {
  if (!list) return resources();
  const extended: Record<string, number> = {};
  let cpuMillis = 0;
  let memoryMiB = 0;
  let pods = 0;
  let gpus = 0;
  let ephemeralMiB = 0;
  for (const [name, q] of Object.entries(list)) {
    if (name === ResourceNames.cpu) cpuMillis = parseCpuMillis(q);
    else if (name === ResourceNames.memory) memoryMiB = parseMemoryMiB(q);
    else if (name === ResourceNames.pods) pods = parseCount(q);
    else if (name === ResourceNames.gpu) gpus = parseCount(q);
    else if (name === ResourceNames.ephemeral) ephemeralMiB = parseMemoryMiB(q);
    else if (!name.startsWith('hugepages-')) extended[name] = parseCount(q);
  }
  return resources({ cpuMillis, memoryMiB, pods, gpus, ephemeralMiB, extended });
}
