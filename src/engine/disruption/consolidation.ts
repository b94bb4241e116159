import { LabelKeys, type CapacityType, type InstanceType, type Offering } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import type { PlannedNodeClaim } from '../provisioning/simulation/index.js';
import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';
import type { Command, NoCommand } from './types.js';

export type ConsolidationOutcome = { readonly ok: true; readonly command: Command } | ({ readonly ok: false } & NoCommand);

type Available = (it: InstanceType, o: Offering) => boolean;

/** Consolidation looks at non-empty, consolidatable candidates of pools that consolidate when underutilized. */
export function isConsolidationCandidate(c: Candidate): boolean {
  return c.block === undefined && !c.empty && c.consolidatable && c.nodePool.disruption.consolidationPolicy === 'WhenEmptyOrUnderutilized';
}

function launchOfferings(it: InstanceType, reqs: Requirements, ct: CapacityType, available: Available): Offering[] {
  return it.offerings.filter((o) => o.capacityType === ct && reqs.allows(LabelKeys.zone, o.zone) && available(it, o));
}

/** Price bounds of what launching this type could cost: [cheapest, worst] compatible offering of the capacity type. */
function launchPrices(it: InstanceType, reqs: Requirements, ct: CapacityType, available: Available): [number, number] | undefined {
  const offs = launchOfferings(it, reqs, ct, available);
  if (offs.length === 0) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const o of offs) {
    lo = Math.min(lo, o.pricePerHour);
    hi = Math.max(hi, o.pricePerHour);
  }
  return [lo, hi];
}

interface PricedType {
  readonly it: InstanceType;
  readonly cheapest: number;
}

/** Karpenter's filterByPrice: keep types whose worst launch price is below `maxPrice`, cheapest first. */
export function filterByPrice(types: readonly InstanceType[], reqs: Requirements, ct: CapacityType, maxPrice: number, available: Available): PricedType[] {
  const out: PricedType[] = [];
  for (const it of types) {
    const p = launchPrices(it, reqs, ct, available);
    if (p && p[1] < maxPrice) out.push({ it, cheapest: p[0] });
  }
  return out.sort((a, b) => a.cheapest - b.cheapest || (a.it.name < b.it.name ? -1 : a.it.name > b.it.name ? 1 : 0));
}

/** A planned claim narrowed to these instance types and one capacity type. */
export function narrowReplacement(planned: PlannedNodeClaim, types: readonly PricedType[], ct: CapacityType): PlannedNodeClaim {
  const requirements = planned.requirements.filter((r) => r.key !== LabelKeys.instanceType && r.key !== LabelKeys.capacityType);
  requirements.push({ key: LabelKeys.instanceType, operator: 'In', values: types.map((t) => t.it.name) }, { key: LabelKeys.capacityType, operator: 'In', values: [ct] });
  return { ...planned, requirements, instanceTypes: types.map((t) => t.it), cheapestPricePerHour: types[0].cheapest };
}

/** Does some option of the planned claim offer this capacity type under its requirements? */
function offers(planned: PlannedNodeClaim, reqs: Requirements, ct: CapacityType, available: Available): boolean {
  if (!reqs.allows(LabelKeys.capacityType, ct)) return false;
  return planned.instanceTypes.some((it) => launchOfferings(it, reqs, ct, available).length > 0);
}

/**
 * Karpenter's computeConsolidation: simulate the cluster without the candidates; no new NodeClaim → delete
 * them; exactly one → replace them with it, keeping only instance types whose worst launch price is below
 * the candidates' total (spot only when spot is allowed; spot→spot only behind its gate and, for a single
 * node, with at least `spotToSpotMinTypes` cheaper types, then only that many of the cheapest); more than
 * one → no command.
 */
export function computeConsolidation(
  pass: DisruptionPass,
  method: string,
  candidates: readonly Candidate[],
  singleNode: boolean,
  /** The caller needs only ok / not ok (its rejection reasons are not logged): the simulation may stop early. */
  outcomeOnly = false,
): ConsolidationOutcome {
  const sim = pass.simulate(candidates, outcomeOnly);
  if (!sim.ok) return { ok: false, rejection: 'pods-would-not-schedule', message: sim.reason };
  const total = candidates.reduce((s, c) => s + c.pricePerHour, 0);
  const base = { method, reason: 'underutilized' as const, candidates };
  if (sim.newNodeClaims.length === 0) return { ok: true, command: { ...base, replacements: [], savingsPerHour: total } };
  if (sim.newNodeClaims.length > 1) {
    return { ok: false, rejection: 'would-need-2-replacements', message: `can't remove without creating ${sim.newNodeClaims.length} candidates` };
  }
  const planned = sim.newNodeClaims[0];
  const reqs = Requirements.from(planned.requirements);
  const available = pass.deps.isOfferingAvailable;
  const spotAllowed = offers(planned, reqs, 'spot', available);
  const opts = pass.deps.options;
  let ct: CapacityType;
  let types: PricedType[];
  if (spotAllowed && candidates.every((c) => c.capacityType === 'spot')) {
    if (!opts.spotToSpotConsolidation) return { ok: false, rejection: 'spot-to-spot-disabled', message: 'spot-to-spot consolidation is disabled' };
    ct = 'spot';
    types = filterByPrice(planned.instanceTypes, reqs, ct, total, available);
    if (singleNode) {
      if (types.length < opts.spotToSpotMinTypes) {
        return {
          ok: false,
          rejection: 'spot-to-spot-too-few-types',
          message: `spot-to-spot needs ${opts.spotToSpotMinTypes} cheaper instance types, found ${types.length}`,
        };
      }
      types = types.slice(0, opts.spotToSpotMinTypes);
    }
  } else {
    ct = spotAllowed ? 'spot' : 'on-demand';
    types = filterByPrice(planned.instanceTypes, reqs, ct, total, available);
  }
  if (types.length === 0) return { ok: false, rejection: 'no-cheaper-replacement', message: "can't replace with a cheaper node" };
  const replacement = narrowReplacement(planned, types, ct);
  return { ok: true, command: { ...base, replacements: [replacement], savingsPerHour: total - replacement.cheapestPricePerHour } };
}

/**
 * Karpenter's filterOutSameInstanceType (multi-node): when a replacement could be one of the candidates'
 * own instance types, it must be cheaper than the cheapest such candidate — otherwise deleting fewer
 * nodes would do. Returns the narrowed command, or undefined when no type is left.
 */
export function filterOutSameInstanceType(pass: DisruptionPass, command: Command): Command | undefined {
  const planned = command.replacements[0];
  const own = new Map<string, number>();
  for (const c of command.candidates) own.set(c.instanceType.name, Math.min(own.get(c.instanceType.name) ?? Infinity, c.pricePerHour));
  let maxPrice = Infinity;
  for (const it of planned.instanceTypes) {
    const p = own.get(it.name);
    if (p !== undefined && p < maxPrice) maxPrice = p;
  }
  if (maxPrice === Infinity) return command;
  const reqs = Requirements.from(planned.requirements);
  const ct = (reqs.values(LabelKeys.capacityType)?.values().next().value ?? 'on-demand') as CapacityType;
  const types = filterByPrice(planned.instanceTypes, reqs, ct, maxPrice, pass.deps.isOfferingAvailable);
  if (types.length === 0) return undefined;
  const total = command.candidates.reduce((s, c) => s + c.pricePerHour, 0);
  const replacement = narrowReplacement(planned, types, ct);
  return { ...command, replacements: [replacement], savingsPerHour: total - replacement.cheapestPricePerHour };
}
