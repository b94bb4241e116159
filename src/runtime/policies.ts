import { LabelKeys, type InstanceType, type Offering } from '../model/index.js';
import { unitPricesFromInstanceTypes, type UnitPrices } from '../report/lower-bound.js';
import { Requirements } from '../scheduling/index.js';
import type { PolicyName } from '../scenario/schema.js';
import { clusterAutoscalerPolicy } from './cluster-autoscaler-policy.js';
import { karpenterPolicy } from './karpenter-policy.js';
import type { PolicyRegistry } from './policy.js';
import type { ResolvedScenario } from './resolved-scenario.js';
import { staticPolicy } from './static-policy.js';

/** The policies a scenario can run under, by name. */
export const POLICIES: PolicyRegistry = {
  karpenter: karpenterPolicy,
  'cluster-autoscaler': clusterAutoscalerPolicy,
  static: staticPolicy,
};

const OFFERING_KEYS = new Set<string>([LabelKeys.zone, LabelKeys.capacityType]);

/**
 * Cheapest unit prices (per vCPU-hour, GiB-hour, GPU-hour) over the offerings a policy could use: the
 * basis of the cost lower bound. Karpenter: types and offerings its NodePools' requirements allow (no
 * capacity-type requirement means on-demand only, as in Karpenter); Cluster Autoscaler: the node groups'
 * types in their zones and capacity type; static: the listed nodes (static.nodes and initialState.nodes).
 */
export function policyUnitPrices(scenario: ResolvedScenario, policy: PolicyName, catalog: readonly InstanceType[]): UnitPrices {
  if (policy === 'static') {
    const allowed = new Set([
      ...scenario.staticNodes.map((n) => `${n.instanceType}/${n.capacityType ?? 'on-demand'}`),
      ...(scenario.initialState?.nodes ?? []).map((n) => `${n.instanceType}/${n.capacityType}`),
    ]);
    return unitPricesFromInstanceTypes(catalog, (it, o) => allowed.has(`${it.name}/${o.capacityType}`));
  }
  if (policy === 'cluster-autoscaler') {
    const allowed = new Set((scenario.clusterAutoscaler?.nodeGroups ?? []).flatMap((g) => g.instanceTypes.flatMap((t) => g.zones.map((z) => `${t}/${z}/${g.capacityType}`))));
    return unitPricesFromInstanceTypes(catalog, (it, o) => allowed.has(`${it.name}/${o.zone}/${o.capacityType}`));
  }
  const pools = (scenario.karpenter?.nodePools ?? []).map((p) => {
    const typeReqs = Requirements.from(p.requirements.filter((r) => !OFFERING_KEYS.has(r.key)));
    const offeringReqs = Requirements.from(p.requirements.filter((r) => OFFERING_KEYS.has(r.key)));
    const capacityTypes = offeringReqs.values(LabelKeys.capacityType);
    return (it: InstanceType, o: Offering): boolean =>
      typeReqs.matches({ ...p.labels, ...it.labels }) &&
      offeringReqs.allows(LabelKeys.zone, o.zone) &&
      (capacityTypes ? capacityTypes.has(o.capacityType) : o.capacityType === 'on-demand' && offeringReqs.allows(LabelKeys.capacityType, o.capacityType));
  });
  return unitPricesFromInstanceTypes(catalog, (it, o) => pools.some((allowed) => allowed(it, o)));
}
