import type { Resources } from '../../../model/index.js';
import type { TypeSlot } from './template.js';

/**
 * A NodeClaim's instance-type options in the template's order (CPU left for pods ascending), with
 * suffix minima and maxima of what they leave for pods, kept in typed arrays (5 numbers per slot:
 * cpu, memory, gpus, pods, ephemeral). Suffix minima only grow along the list, so the first option from
 * which every option fits some requests is a binary search away; adding a pod usually only moves the
 * claim's start past options that no longer fit.
 */
export interface SlotList {
  readonly slots: readonly TypeSlot[];
  /** Some slot has extended resources: bounds are not kept, every change is a full filter. */
  readonly extended: boolean;
  readonly suffixMin: Float64Array;
  readonly suffixMax: Float64Array;
  /** Per position: the offering-pool bits every option from there on has (AND of their offering masks). */
  readonly suffixOfferings: Int32Array;
}

const D = 5;

function put(arr: Float64Array, i: number, r: Resources): void {
  const o = i * D;
  arr[o] = r.cpuMillis;
  arr[o + 1] = r.memoryMiB;
  arr[o + 2] = r.gpus;
  arr[o + 3] = r.pods;
  arr[o + 4] = r.ephemeralMiB;
}

export function slotList(slots: readonly TypeSlot[]): SlotList {
  const n = slots.length;
  const extended = slots.some((s) => s.availableForPods.extended !== undefined);
  const suffixMin = new Float64Array(n * D);
  const suffixMax = new Float64Array(n * D);
  const suffixOfferings = new Int32Array(n);
  for (let i = n - 1, and = -1; i >= 0; i--) suffixOfferings[i] = and &= slots[i].info.offeringMask;
  if (extended) return { slots, extended, suffixMin, suffixMax, suffixOfferings };
  for (let i = n - 1; i >= 0; i--) {
    put(suffixMin, i, slots[i].availableForPods);
    put(suffixMax, i, slots[i].availableForPods);
    if (i === n - 1) continue;
    const o = i * D;
    for (let d = 0; d < D; d++) {
      if (suffixMin[o + D + d] < suffixMin[o + d]) suffixMin[o + d] = suffixMin[o + D + d];
      if (suffixMax[o + D + d] > suffixMax[o + d]) suffixMax[o + d] = suffixMax[o + D + d];
    }
  }
  return { slots, extended, suffixMin, suffixMax, suffixOfferings };
}

/** Does every option from `i` on have an offering in `mask`? (Sufficient test: they share one such pool.) */
export function allOfferedFrom(list: SlotList, i: number, mask: number): boolean {
  return i < list.slots.length && (list.suffixOfferings[i] & mask) !== 0;
}

function within(arr: Float64Array, i: number, cpu: number, mem: number, gpus: number, pods: number, eph: number): boolean {
  const o = i * D;
  return cpu <= arr[o] && mem <= arr[o + 1] && gpus <= arr[o + 2] && pods <= arr[o + 3] && (eph <= arr[o + 4] || eph === 0);
}

/** Could a + b fit some option from `i` on? (Upper bound; false for lists without bounds only when empty.) */
export function roomFrom(list: SlotList, i: number, a: Resources, b: Resources): boolean {
  if (i >= list.slots.length) return false;
  if (list.extended || a.extended || b.extended) return true;
  return within(
    list.suffixMax,
    i,
    a.cpuMillis + b.cpuMillis,
    a.memoryMiB + b.memoryMiB,
    a.gpus + b.gpus,
    a.pods + b.pods,
    a.ephemeralMiB + b.ephemeralMiB,
  );
}

/**
 * The first index ≥ from such that every option from it on fits `r` (list length when none), or
 * undefined when the list keeps no bounds (extended resources).
 */
export function firstAllFitting(list: SlotList, from: number, r: Resources): number | undefined {
  if (list.extended || r.extended) return undefined;
  let lo = from;
  let hi = list.slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (within(list.suffixMin, mid, r.cpuMillis, r.memoryMiB, r.gpus, r.pods, r.ephemeralMiB)) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
