import { add, LabelKeys, type Requirement, type Resources } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import { cheapestPrice } from './instance-type-info.js';
import { minValuesShortfall } from './instance-type-filter.js';
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
export function finalizeClaim(claim: PlannedClaim, pools: OfferingPools, maxInstanceTypes: number): FinalizeOutcome {
  const priced = claim.slots
    .map((slot) => ({ slot, price: cheapestPrice(slot.info, claim.mask) }))
    .filter((p) => p.price !== Infinity)
    .sort((a, b) => a.price - b.price || (a.slot.info.it.name < b.slot.info.it.name ? -1 : a.slot.info.it.name > b.slot.info.it.name ? 1 : 0))
    .slice(0, maxInstanceTypes);
  if (priced.length === 0) return { ok: false, reason: 'no instance type has an available offering' };
  const slots = priced.map((p) => p.slot);
  const shortfall = minValuesShortfall(slots, claim.template.minValues);
  if (shortfall) return { ok: false, reason: `${shortfall} after keeping the ${maxInstanceTypes} cheapest` };
  let offered = 0;
  for (const s of slots) offered |= s.info.offeringMask & claim.mask;
  const narrowing: Requirement[] = [
    { key: LabelKeys.instanceType, operator: 'In', values: slots.map((s) => s.info.it.name) },
    { key: LabelKeys.capacityType, operator: 'In', values: pools.capacityTypesOf(offered) },
  ];
  const requirements = claim.requirements
    .intersect(Requirements.from(narrowing))
    .toList()
    .filter((r) => r.key !== LabelKeys.hostname);
  return {
    ok: true,
    claim: {
      nodePool: claim.template.nodePool,
      hostname: claim.hostname,
      pods: [...claim.pods],
      requirements,
      instanceTypes: slots.map((s) => s.info.it),
      requests: add(claim.requests, minOverhead(slots)),
      podRequests: claim.requests,
      cheapestPricePerHour: priced[0].price,
    },
  };
}
