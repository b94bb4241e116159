import { fits, type Resources } from '../../../model/index.js';
import type { Requirements } from '../../../scheduling/index.js';
import type { TypeSlot } from './template.js';

export type FilterOutcome =
  | { readonly ok: true; readonly slots: TypeSlot[] }
  | { readonly ok: false; readonly reason: string };

/**
 * Karpenter's filterInstanceTypesByRequirements: keep a type when its labels are compatible with the
 * requirements (only re-checked when they changed on an instance-type key), it has an available offering
 * in an allowed (zone, capacity type), and the requests fit what its DaemonSets leave.
 */
export function filterSlots(
  slots: readonly TypeSlot[],
  from: number,
  requirements: Requirements,
  checkRequirements: boolean,
  mask: number,
  requests: Resources,
): FilterOutcome {
  const kept: TypeSlot[] = [];
  let compatible = 0;
  let offered = 0;
  for (let i = from; i < slots.length; i++) {
    const s = slots[i];
    if (checkRequirements && requirements.conflict(s.info.requirements) !== undefined) continue;
    compatible++;
    if ((s.info.offeringMask & mask) === 0) continue;
    offered++;
    if (!fits(requests, s.availableForPods)) continue;
    kept.push(s);
  }
  if (kept.length > 0) return { ok: true, slots: kept };
  if (compatible === 0) return { ok: false, reason: 'no instance type satisfies the requirements' };
  if (offered === 0) return { ok: false, reason: 'no instance type has an available offering in the allowed zones and capacity types' };
  return noRoom(requests);
}

export function noRoom(requests: Resources): { readonly ok: false; readonly reason: string } {
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

export interface MinValuesRelaxation {
  readonly key: string;
  /** The minValues the NodePool asked for. */
  readonly from: number;
  /** What the instance types met (the NodeClaim's new minValues). */
  readonly to: number;
}

/**
 * Karpenter's MIN_VALUES_POLICY=BestEffort: for each minValues requirement the surviving types do not
 * meet (against `current`, the claim's own, possibly already relaxed, values), lower it to the number of
 * distinct values they show. Returns the keys relaxed now (empty when every minValues holds).
 */
export function minValuesRelaxations(
  slots: readonly TypeSlot[],
  minValues: readonly { key: string; count: number }[],
  current: ReadonlyMap<string, number> | undefined,
): MinValuesRelaxation[] {
  const out: MinValuesRelaxation[] = [];
  for (const { key, count } of minValues) {
    const need = current?.get(key) ?? count;
    const seen = new Set<string>();
    for (const s of slots) {
      const v = s.info.it.labels[key];
      if (v !== undefined) seen.add(v);
      if (seen.size >= need) break;
    }
    if (seen.size < need) out.push({ key, from: count, to: seen.size });
  }
  return out;
}
