import { LabelKeys, type InstanceType, type Pod } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import type { PlannedNodeClaim, SchedulingResult } from '../provisioning/simulation/index.js';

/** The cheapest option of each planned NodeClaim, in creation order: what Fleet's lowest-price would launch. */
export function cheapestTypes(result: SchedulingResult): string[] {
  return result.newNodeClaims.map((c) => c.instanceTypes[0].name);
}

/** The zones a planned NodeClaim may still launch in. */
export function claimZones(claim: PlannedNodeClaim, all: readonly string[]): string[] {
  const r = Requirements.from(claim.requirements);
  return all.filter((z) => r.allows(LabelKeys.zone, z));
}

export function podNames(pods: readonly Pod[]): string[] {
  return pods.map((p) => p.name).sort();
}

export function typeNames(types: readonly InstanceType[]): string[] {
  return types.map((t) => t.name);
}

export function unschedulableReasons(result: SchedulingResult): Map<string, string> {
  return new Map(result.unschedulable.map((u) => [u.pod.name, u.reason]));
}
