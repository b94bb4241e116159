import type { LaunchOverride, LaunchRequest } from '../../cloud/cloud-provider.js';
import { fits, LabelKeys, type CapacityType, type InstanceType, type NodeClaim, type Offering } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import { Tags } from '../options.js';

export interface LaunchRequestOptions {
  readonly isOfferingAvailable: (it: InstanceType, o: Offering) => boolean;
  readonly maxInstanceTypes: number;
  readonly maxOverrides: number;
  readonly clusterName: string;
  /** The NodeClass's own tags (EC2NodeClass spec.tags); Karpenter's tags win on conflicts. */
  readonly nodeClassTags?: Readonly<Record<string, string>>;
}

export type LaunchRequestOutcome =
  | { readonly ok: true; readonly request: LaunchRequest }
  | { readonly ok: false; readonly reason: string };

interface Candidate {
  readonly it: InstanceType;
  readonly offerings: readonly Offering[];
}

function isExotic(it: InstanceType): boolean {
  return it.bareMetal || it.gpu !== undefined || it.labels['karpenter.k8s.aws/instance-accelerator-count'] !== undefined;
}

function cheapest(offerings: readonly Offering[], ct: CapacityType): number {
  let best = Infinity;
  for (const o of offerings) if (o.capacityType === ct && o.pricePerHour < best) best = o.pricePerHour;
  return best;
}

/**
 * The CreateFleet request for a NodeClaim, as Karpenter's AWS provider builds it: options that fit the
 * claim's requests with a compatible available offering; capacity type spot when allowed and offered,
 * else on-demand; metal and accelerator types dropped unless nothing else is left; spot offerings pricier
 * than the cheapest on-demand one dropped; the cheapest types and their (type × zone) overrides, cheapest
 * first.
 */
export function buildLaunchRequest(claim: NodeClaim, options: readonly InstanceType[], opts: LaunchRequestOptions): LaunchRequestOutcome {
  const reqs = Requirements.from(claim.requirements);
  let candidates: Candidate[] = [];
  for (const it of options) {
    if (!fits(claim.requests, it.allocatable)) continue;
    const offerings = it.offerings.filter(
      (o) => opts.isOfferingAvailable(it, o) && reqs.allows(LabelKeys.zone, o.zone) && reqs.allows(LabelKeys.capacityType, o.capacityType),
    );
    if (offerings.length > 0) candidates.push({ it, offerings });
  }
  if (candidates.length === 0) return { ok: false, reason: 'no instance-type option has an available offering that fits' };
  const hasMinValues = claim.requirements.some((r) => r.minValues !== undefined);
  if (!hasMinValues) {
    const plain = candidates.filter((c) => !isExotic(c.it));
    if (plain.length > 0) candidates = plain;
  }
  let capacityType: CapacityType = candidates.some((c) => c.offerings.some((o) => o.capacityType === 'spot')) ? 'spot' : 'on-demand';
  if (capacityType === 'spot') {
    const cheapestOnDemand = Math.min(...candidates.map((c) => cheapest(c.offerings, 'on-demand')));
    if (cheapestOnDemand !== Infinity) {
      const filtered = candidates
        .map((c) => ({ it: c.it, offerings: c.offerings.filter((o) => o.capacityType !== 'spot' || o.pricePerHour <= cheapestOnDemand) }))
        .filter((c) => c.offerings.some((o) => o.capacityType === 'spot'));
      if (filtered.length > 0) candidates = filtered;
      else capacityType = 'on-demand';
    }
  }
  const ct = capacityType;
  const chosen = candidates
    .filter((c) => c.offerings.some((o) => o.capacityType === ct))
    .sort((a, b) => cheapest(a.offerings, ct) - cheapest(b.offerings, ct) || (a.it.name < b.it.name ? -1 : a.it.name > b.it.name ? 1 : 0))
    .slice(0, opts.maxInstanceTypes);
  const overrides: LaunchOverride[] = [];
  for (const c of chosen) {
    for (const o of c.offerings) {
      if (o.capacityType === ct) overrides.push({ instanceType: c.it.name, zone: o.zone, capacityType: ct, priority: o.pricePerHour });
    }
  }
  overrides.sort(
    (a, b) =>
      (a.priority ?? 0) - (b.priority ?? 0) ||
      (a.instanceType < b.instanceType ? -1 : a.instanceType > b.instanceType ? 1 : 0) ||
      (a.zone < b.zone ? -1 : a.zone > b.zone ? 1 : 0),
  );
  return {
    ok: true,
    request: {
      nodeClaimName: claim.name,
      nodePoolName: claim.nodePoolName,
      nodeClassName: claim.nodeClassName,
      capacityType,
      overrides: overrides.slice(0, opts.maxOverrides),
      tags: {
        ...(opts.nodeClassTags ?? {}),
        [Tags.nodePool]: claim.nodePoolName,
        [Tags.nodeClaim]: claim.name,
        [Tags.nodeClass]: claim.nodeClassName,
        [Tags.cluster]: opts.clusterName,
      },
    },
  };
}
