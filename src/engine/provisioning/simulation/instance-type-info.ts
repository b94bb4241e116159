import type { InstanceType, Offering, Resources } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import type { OfferingPools } from './offering-pools.js';
import { INSTANCE_TYPE_LABEL_KEYS } from './well-known.js';

/** An instance type as one simulation sees it: its label requirements and its available offerings as bits. */
export interface InstanceTypeInfo {
  readonly it: InstanceType;
  readonly requirements: Requirements;
  /** Union of the bits of the available offerings. */
  readonly offeringMask: number;
  readonly offeringBits: readonly number[];
  readonly offeringPrices: readonly number[];
}

const requirementsCache = new WeakMap<InstanceType, Requirements>();

/**
 * The instance type's labels as requirements; the well-known instance-type keys it lacks become
 * DoesNotExist (a pod asking for a GPU label does not fit a type without GPUs).
 */
export function instanceTypeRequirements(it: InstanceType): Requirements {
  let r = requirementsCache.get(it);
  if (!r) {
    const missing = [...INSTANCE_TYPE_LABEL_KEYS]
      .filter((k) => !Object.prototype.hasOwnProperty.call(it.labels, k))
      .map((key) => ({ key, operator: 'DoesNotExist' as const, values: [] }));
    r = Requirements.fromLabels(it.labels).intersect(Requirements.from(missing));
    requirementsCache.set(it, r);
  }
  return r;
}

const infoCache = new WeakMap<InstanceType, InstanceTypeInfo>();

/**
 * The instance type as this simulation sees it. The previous simulation's object is returned when the
 * available offerings and their prices did not change, so that templates built on it can be reused.
 */
export function instanceTypeInfo(
  it: InstanceType,
  pools: OfferingPools,
  available: (it: InstanceType, o: Offering) => boolean,
): InstanceTypeInfo {
  const cached = infoCache.get(it);
  if (cached) {
    let same = true;
    let j = 0;
    for (const o of it.offerings) {
      if (!available(it, o)) continue;
      if (j >= cached.offeringBits.length || cached.offeringBits[j] !== pools.bitOf(o) || cached.offeringPrices[j] !== o.pricePerHour) {
        same = false;
        break;
      }
      j++;
    }
    if (same && j === cached.offeringBits.length) return cached;
  }
  const { bits, prices } = pools.offeringTable(it, available);
  let mask = 0;
  for (const b of bits) mask |= b;
  const info = { it, requirements: instanceTypeRequirements(it), offeringMask: mask, offeringBits: bits, offeringPrices: prices };
  infoCache.set(it, info);
  return info;
}

/** The cheapest available offering price of `info` inside `mask`; Infinity when none. */
export function cheapestPrice(info: InstanceTypeInfo, mask: number): number {
  let best = Infinity;
  for (let i = 0; i < info.offeringBits.length; i++) {
    if (info.offeringBits[i] & mask && info.offeringPrices[i] < best) best = info.offeringPrices[i];
  }
  return best;
}

/** Component-wise maximum of allocatable-like vectors (a quick upper bound for "can anything fit"). */
export function maxOf(values: readonly Resources[]): Resources | undefined {
  if (values.length === 0) return undefined;
  let cpuMillis = 0;
  let memoryMiB = 0;
  let gpus = 0;
  let pods = 0;
  let ephemeralMiB = 0;
  let extended: Record<string, number> | undefined;
  for (const v of values) {
    if (v.cpuMillis > cpuMillis) cpuMillis = v.cpuMillis;
    if (v.memoryMiB > memoryMiB) memoryMiB = v.memoryMiB;
    if (v.gpus > gpus) gpus = v.gpus;
    if (v.pods > pods) pods = v.pods;
    if (v.ephemeralMiB > ephemeralMiB) ephemeralMiB = v.ephemeralMiB;
    if (v.extended) {
      extended ??= {};
      for (const [k, n] of Object.entries(v.extended)) if (n > (extended[k] ?? 0)) extended[k] = n;
    }
  }
  return { cpuMillis, memoryMiB, gpus, pods, ephemeralMiB, ...(extended ? { extended } : {}) };
}

/** Component-wise minimum (extended resources: the minimum over the vectors, absent counting as 0). */
export function minOf(values: readonly Resources[]): Resources | undefined {
  if (values.length === 0) return undefined;
  let { cpuMillis, memoryMiB, gpus, pods, ephemeralMiB } = values[0];
  let extended: Record<string, number> | undefined = values[0].extended ? { ...values[0].extended } : undefined;
  for (const v of values) {
    if (v.cpuMillis < cpuMillis) cpuMillis = v.cpuMillis;
    if (v.memoryMiB < memoryMiB) memoryMiB = v.memoryMiB;
    if (v.gpus < gpus) gpus = v.gpus;
    if (v.pods < pods) pods = v.pods;
    if (v.ephemeralMiB < ephemeralMiB) ephemeralMiB = v.ephemeralMiB;
    if (extended) for (const k of Object.keys(extended)) extended[k] = Math.min(extended[k], v.extended?.[k] ?? 0);
  }
  if (extended && Object.values(extended).every((x) => x === 0)) extended = undefined;
  return { cpuMillis, memoryMiB, gpus, pods, ephemeralMiB, ...(extended ? { extended } : {}) };
}
