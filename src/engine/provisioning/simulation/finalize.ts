import { add, LabelKeys, type InstanceType, type Requirement, type Resources } from '../../../model/index.js';
import { minValuesRelaxations, minValuesShortfall, type MinValuesRelaxation } from './instance-type-filter.js';
import type { OfferingPools } from './offering-pools.js';
import type { PlannedClaim } from './planned-claim.js';
import type { TypeSlot } from './template.js';
import type { PlannedNodeClaim } from './types.js';

export type FinalizeOutcome = { readonly ok: true; readonly claim: PlannedNodeClaim } | { readonly ok: false; readonly reason: string };

function minOverhead(slots: readonly TypeSlot[]): Resources {
  let best = slots[0].daemonSetOverhead;
  for (const s of slots) {
    const o = s.daemonSetOverhead;
    if (o.cpuMillis < best.cpuMillis || (o.cpuMillis === best.cpuMillis && o.memoryMiB < best.memoryMiB)) best = o;
  }
  return best;
}

/**
 * Karpenter's FinalizeScheduling + ToNodeClaim: order the options by their cheapest compatible available
 * offering (ties by name), keep at most `maxInstanceTypes`, re-check minValues, write the instance types
 * and capacity types into the requirements, drop the placeholder hostname, and add the smallest
 * DaemonSet overhead to the requests.
 */
interface Chosen {
  readonly slots: readonly TypeSlot[];
  readonly instanceTypes: readonly InstanceType[];
  readonly names: readonly string[];
  readonly price: number;
  readonly offered: number;
  readonly overhead: Resources;
}

/**
 * The cheapest `max` of the claim's slots within its mask. Claims whose options are the template's open
 * slots from some position on (most) share the result per (mask, position, max).
 */
function choose(claim: PlannedClaim, maxInstanceTypes: number): Chosen | undefined {
  const template = claim.template;
  const suffix = claim.templateSuffix;
  const key = suffix === undefined ? undefined : `${claim.mask}/${suffix}/${maxInstanceTypes}`;
  let byKey = chosenCache.get(template);
  if (key !== undefined) {
    const cached = byKey?.get(key);
    if (cached) return cached;
  }
  let member: Uint8Array | undefined;
  if (suffix === undefined) {
    member = new Uint8Array(template.slots.length);
    for (const s of claim.slots) member[s.index] = 1;
  }
  const positions = template.openPositions();
  // (the price order over the claim's mask lists every open slot with an offering in that mask)
  const slots: TypeSlot[] = [];
  let price = Infinity;
  for (const p of template.slotsByPrice(claim.mask)) {
    if (slots.length >= maxInstanceTypes) break;
    if (member ? member[p.slot.index] !== 1 : positions[p.slot.index] < suffix!) continue;
    if (slots.length === 0) price = p.price;
    slots.push(p.slot);
  }
  if (slots.length === 0) return undefined;
  let offered = 0;
  for (const s of slots) offered |= s.info.offeringMask & claim.mask;
  const chosen: Chosen = { slots, instanceTypes: slots.map((s) => s.info.it), names: slots.map((s) => s.info.it.name), price, offered, overhead: minOverhead(slots) };
  if (key !== undefined) {
    if (!byKey) chosenCache.set(template, (byKey = new Map()));
    if (byKey.size > 4096) byKey.clear();
    byKey.set(key, chosen);
  }
  return chosen;
}

const chosenCache = new WeakMap<PlannedClaim['template'], Map<string, Chosen>>();

/**
 * Karpenter's FinalizeScheduling + ToNodeClaim: order the options by their cheapest compatible available
 * offering (ties by name), keep at most `maxInstanceTypes`, re-check minValues, write the instance types
 * and capacity types into the requirements, drop the placeholder hostname, and add the smallest
 * DaemonSet overhead to the requests.
 */
export function finalizeClaim(claim: PlannedClaim, pools: OfferingPools, maxInstanceTypes: number, bestEffortMinValues = false): FinalizeOutcome {
  const chosen = choose(claim, maxInstanceTypes);
  if (!chosen) return { ok: false, reason: 'no instance type has an available offering' };
  const minValues = claim.template.minValues;
  // Strict: minValues must still hold after keeping the cheapest; BestEffort (Karpenter's Truncate
  // skips the check) lowers what the kept types do not meet, on top of what packing already relaxed.
  let relaxed: ReadonlyMap<string, number> | undefined = claim.relaxedMinValues;
  if (minValues.length > 0) {
    if (!bestEffortMinValues) {
      const shortfall = minValuesShortfall(chosen.slots, minValues);
      if (shortfall) return { ok: false, reason: `${shortfall} after keeping the ${maxInstanceTypes} cheapest` };
    } else {
      const now = minValuesRelaxations(chosen.slots, minValues, relaxed);
      if (now.length > 0) relaxed = new Map([...(relaxed ?? []), ...now.map((r) => [r.key, r.to] as const)]);
    }
  }
  const reqs = claim.requirements;
  // Every option satisfies the claim's requirements, so In [options] and In [capacity types offered]
  // narrow them; minValues carry over (lowered where relaxed).
  const typeMin = minValueOf(reqs, relaxed, LabelKeys.instanceType);
  const ctMin = minValueOf(reqs, relaxed, LabelKeys.capacityType);
  const requirements: Requirement[] = reqs
    .toList()
    .filter((r) => r.key !== LabelKeys.hostname && r.key !== LabelKeys.instanceType && r.key !== LabelKeys.capacityType)
    .map((r) => (relaxed?.has(r.key) && r.minValues !== undefined ? withMinValues(r, minValueOf(reqs, relaxed, r.key)) : r));
  requirements.push(
    { key: LabelKeys.instanceType, operator: 'In', values: chosen.names, ...(typeMin !== undefined ? { minValues: typeMin } : {}) },
    { key: LabelKeys.capacityType, operator: 'In', values: pools.capacityTypesOf(chosen.offered), ...(ctMin !== undefined ? { minValues: ctMin } : {}) },
  );
  const relaxations: MinValuesRelaxation[] = relaxed
    ? minValues.filter((m) => relaxed.has(m.key)).map((m) => ({ key: m.key, from: m.count, to: relaxed.get(m.key)! }))
    : [];
  return {
    ok: true,
    claim: {
      nodePool: claim.template.nodePool,
      hostname: claim.hostname,
      pods: [...claim.pods],
      requirements,
      instanceTypes: chosen.instanceTypes,
      requests: add(claim.requests, chosen.overhead),
      podRequests: claim.requests,
      cheapestPricePerHour: chosen.price,
      ...(relaxations.length > 0 ? { minValuesRelaxed: relaxations } : {}),
    },
  };
}

/** A key's minValues on the finalized claim: as relaxed, else as required; undefined when none (or 0). */
function minValueOf(reqs: PlannedClaim['requirements'], relaxed: ReadonlyMap<string, number> | undefined, key: string): number | undefined {
  const v = relaxed?.get(key) ?? reqs.minValues(key);
  return v !== undefined && v > 0 ? v : undefined;
}

function withMinValues(r: Requirement, minValues: number | undefined): Requirement {
  const { minValues: _old, ...rest } = r;
  return minValues !== undefined ? { ...rest, minValues } : rest;
}
