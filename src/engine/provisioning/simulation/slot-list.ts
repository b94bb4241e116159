import type { Resources } from '../../../model/index.js';
import { maxOf, minOf } from './instance-type-info.js';
import type { TypeSlot } from './template.js';

/**
 * A NodeClaim's instance-type options sorted by the CPU they leave for pods, with suffix minima and
 * maxima of what they leave: adding a pod usually only drops the smallest options, so the claim moves a
 * start index (binary search on CPU) and, when the suffix minimum still fits, needs no per-type check.
 */
export interface SlotList {
  readonly slots: readonly TypeSlot[];
  /** suffixMin[i] = component-wise min of availableForPods over slots[i..]. */
  readonly suffixMin: readonly Resources[];
  readonly suffixMax: readonly Resources[];
}

function byCpu(a: TypeSlot, b: TypeSlot): number {
  return a.availableForPods.cpuMillis - b.availableForPods.cpuMillis || a.availableForPods.memoryMiB - b.availableForPods.memoryMiB;
}

/** Sort slots by CPU left for pods (then memory), stable. */
export function sortByCpu(slots: readonly TypeSlot[]): TypeSlot[] {
  return [...slots].sort(byCpu);
}

/** Build the list over slots already sorted by `sortByCpu` order. */
export function slotList(sorted: readonly TypeSlot[]): SlotList {
  const n = sorted.length;
  const suffixMin: Resources[] = new Array<Resources>(n);
  const suffixMax: Resources[] = new Array<Resources>(n);
  for (let i = n - 1; i >= 0; i--) {
    const a = sorted[i].availableForPods;
    if (i === n - 1) {
      suffixMin[i] = a;
      suffixMax[i] = a;
      continue;
    }
    const lo = suffixMin[i + 1];
    const hi = suffixMax[i + 1];
    if (a.extended || lo.extended || hi.extended) {
      suffixMin[i] = minOf([a, lo])!;
      suffixMax[i] = maxOf([a, hi])!;
      continue;
    }
    suffixMin[i] =
      a.cpuMillis <= lo.cpuMillis && a.memoryMiB <= lo.memoryMiB && a.gpus <= lo.gpus && a.pods <= lo.pods && a.ephemeralMiB <= lo.ephemeralMiB
        ? a
        : {
            cpuMillis: Math.min(a.cpuMillis, lo.cpuMillis),
            memoryMiB: Math.min(a.memoryMiB, lo.memoryMiB),
            gpus: Math.min(a.gpus, lo.gpus),
            pods: Math.min(a.pods, lo.pods),
            ephemeralMiB: Math.min(a.ephemeralMiB, lo.ephemeralMiB),
          };
    suffixMax[i] =
      a.cpuMillis >= hi.cpuMillis && a.memoryMiB >= hi.memoryMiB && a.gpus >= hi.gpus && a.pods >= hi.pods && a.ephemeralMiB >= hi.ephemeralMiB
        ? a
        : {
            cpuMillis: Math.max(a.cpuMillis, hi.cpuMillis),
            memoryMiB: Math.max(a.memoryMiB, hi.memoryMiB),
            gpus: Math.max(a.gpus, hi.gpus),
            pods: Math.max(a.pods, hi.pods),
            ephemeralMiB: Math.max(a.ephemeralMiB, hi.ephemeralMiB),
          };
  }
  return { slots: sorted, suffixMin, suffixMax };
}

/** First index ≥ from whose slot leaves at least `cpuMillis` for pods. */
export function firstWithCpu(list: SlotList, from: number, cpuMillis: number): number {
  let lo = from;
  let hi = list.slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list.slots[mid].availableForPods.cpuMillis < cpuMillis) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
