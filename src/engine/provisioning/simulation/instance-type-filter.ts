import { fits, type Resources } from '../../../model/index.js';
import { maxOf, minOf } from './instance-type-info.js';
import type { Requirements } from '../../../scheduling/index.js';
import type { TypeSlot } from './template.js';

export interface SlotBounds {
  /** Component-wise max of what the slots leave for pods. */
  readonly max: Resources | undefined;
  /** Component-wise min of what the slots leave for pods. */
  readonly min: Resources | undefined;
}

export type FilterOutcome =
  | { readonly ok: true; readonly slots: TypeSlot[]; readonly bounds: SlotBounds }
  | { readonly ok: false; readonly reason: string };

/** Bounds of the slots' availableForPods in one pass (extended resources take the slow path). */
export function slotBounds(slots: readonly TypeSlot[]): SlotBounds {
  if (slots.length === 0) return { max: undefined, min: undefined };
  let cMax = -Infinity, mMax = -Infinity, gMax = -Infinity, pMax = -Infinity, eMax = -Infinity;
  let cMin = Infinity, mMin = Infinity, gMin = Infinity, pMin = Infinity, eMin = Infinity;
  for (const s of slots) {
    const a = s.availableForPods;
    if (a.extended) return { max: maxOf(slots.map((x) => x.availableForPods)), min: minOf(slots.map((x) => x.availableForPods)) };
    if (a.cpuMillis > cMax) cMax = a.cpuMillis;
    if (a.cpuMillis < cMin) cMin = a.cpuMillis;
    if (a.memoryMiB > mMax) mMax = a.memoryMiB;
    if (a.memoryMiB < mMin) mMin = a.memoryMiB;
    if (a.gpus > gMax) gMax = a.gpus;
    if (a.gpus < gMin) gMin = a.gpus;
    if (a.pods > pMax) pMax = a.pods;
    if (a.pods < pMin) pMin = a.pods;
    if (a.ephemeralMiB > eMax) eMax = a.ephemeralMiB;
    if (a.ephemeralMiB < eMin) eMin = a.ephemeralMiB;
  }
  return {
    max: { cpuMillis: cMax, memoryMiB: mMax, gpus: gMax, pods: pMax, ephemeralMiB: eMax },
    min: { cpuMillis: cMin, memoryMiB: mMin, gpus: gMin, pods: pMin, ephemeralMiB: eMin },
  };
}

/**
 * Karpenter's filterInstanceTypesByRequirements: keep a type when its labels are compatible with the
 * requirements (only re-checked when they changed on an instance-type key), it has an available offering
 * in an allowed (zone, capacity type), and the requests fit what its DaemonSets leave.
 */
export function filterSlots(
  slots: readonly TypeSlot[],
  requirements: Requirements,
  checkRequirements: boolean,
  mask: number,
  requests: Resources,
): FilterOutcome {
  const kept: TypeSlot[] = [];
  let compatible = 0;
  let offered = 0;
  for (const s of slots) {
    if (checkRequirements && requirements.conflict(s.info.requirements) !== undefined) continue;
    compatible++;
    if ((s.info.offeringMask & mask) === 0) continue;
    offered++;
    if (!fits(requests, s.availableForPods)) continue;
    kept.push(s);
  }
  if (kept.length > 0) return { ok: true, slots: kept, bounds: slotBounds(kept) };
  if (compatible === 0) return { ok: false, reason: 'no instance type satisfies the requirements' };
  if (offered === 0) return { ok: false, reason: 'no instance type has an available offering in the allowed zones and capacity types' };
  return { ok: false, reason: `no instance type has room for ${describeRequests(requests)} (DaemonSet overhead included)` };
}

export function describeRequests(r: Resources): string {
  const parts = [`cpu ${r.cpuMillis}m`, `memory ${r.memoryMiB}Mi`, `pods ${r.pods}`];
  if (r.gpus > 0) parts.push(`gpus ${r.gpus}`);
  if (r.ephemeralMiB > 0) parts.push(`ephemeral-storage ${r.ephemeralMiB}Mi`);
  for (const [k, v] of Object.entries(r.extended ?? {})) if (v > 0) parts.push(`${k} ${v}`);
  return parts.join(', ');
}

/** The first minValues requirement the surviving types do not meet, described; undefined when all are met. */
export function minValuesShortfall(slots: readonly TypeSlot[], minValues: readonly { key: string; count: number }[]): string | undefined {
  for (const { key, count } of minValues) {
    const seen = new Set<string>();
    for (const s of slots) {
      const v = s.info.it.labels[key];
      if (v !== undefined) seen.add(v);
    }
    if (seen.size < count) return `minValues for ${key} needs ${count} distinct values, only ${seen.size} fit`;
  }
  return undefined;
}
