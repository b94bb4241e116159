import type { CreateFleetCommandInput, FleetLaunchTemplateOverridesRequest, TagSpecification } from '@aws-sdk/client-ec2';
import type { CapacityType } from '../../model/index.js';
import type { LaunchRequest } from '../cloud-provider.js';
import { CloudError } from '../errors.js';
import { CLUSTER_TAG, NODECLAIM_TAG, NODECLASS_TAG, NODEPOOL_TAG, tagsToList, type Tags } from './tags.js';

/** A launch template by name or id (the user data that joins the node to EKS lives in it). */
export interface LaunchTemplateRef {
  readonly name?: string;
  readonly id?: string;
  /** Default `$Latest`. */
  readonly version?: string;
}

export interface FleetRequestContext {
  readonly clusterName: string;
  readonly launchTemplate: LaunchTemplateRef;
  /** zone → subnet id: when given, overrides name a SubnetId instead of an AvailabilityZone. */
  readonly subnets?: Readonly<Record<string, string>>;
  /** Catalog price of an offering, used as the override's Priority when the request gives none. */
  priceOf(instanceType: string, zone: string, capacityType: CapacityType): number | undefined;
}

/** EC2 Fleet takes at most this many overrides per request in Karpenter. */
export const MAX_OVERRIDES = 60;

/**
 * The tags every launched instance and volume carries: the request's own tags, then the ownership tags
 * (cluster, NodePool, NodeClaim, NodeClass), which a request tag can never override.
 */
export function launchTags(request: LaunchRequest, clusterName: string): Record<string, string> {
  return {
    ...request.tags,
    [CLUSTER_TAG]: clusterName,
    [NODEPOOL_TAG]: request.nodePoolName,
    [NODECLAIM_TAG]: request.nodeClaimName,
    [NODECLASS_TAG]: request.nodeClassName,
  };
}

function tagSpecifications(tags: Tags): TagSpecification[] {
  const list = tagsToList(tags);
  return (['instance', 'volume', 'fleet'] as const).map((ResourceType) => ({ ResourceType, Tags: list }));
}

/**
 * CreateFleet(Type=instant, TotalTargetCapacity=1) for one NodeClaim: spot uses price-capacity-optimized,
 * on-demand lowest-price; one launch template config whose overrides are the request's (type × zone)
 * pools of its capacity type (at most 60, in request order), each with a Priority (the request's, else
 * the catalog price). Throws InvalidParameterValue when no override is left (e.g. no subnet in any zone).
 */
export function createFleetInput(request: LaunchRequest, ctx: FleetRequestContext): CreateFleetCommandInput {
  const lt = ctx.launchTemplate;
  if (!lt.name && !lt.id) throw new CloudError('InvalidParameterValue', 'a launch template name or id is required');
  const overrides: FleetLaunchTemplateOverridesRequest[] = [];
  for (const [i, o] of request.overrides.entries()) {
    if (o.capacityType !== request.capacityType) continue;
    const subnet = ctx.subnets?.[o.zone];
    if (ctx.subnets && !subnet) continue;
    const priority = o.priority ?? ctx.priceOf(o.instanceType, o.zone, o.capacityType) ?? i;
    overrides.push({ InstanceType: o.instanceType as FleetLaunchTemplateOverridesRequest['InstanceType'], ...(subnet ? { SubnetId: subnet } : { AvailabilityZone: o.zone }), Priority: priority });
    if (overrides.length === MAX_OVERRIDES) break;
  }
  if (overrides.length === 0) {
    throw new CloudError('InvalidParameterValue', `NodeClaim ${request.nodeClaimName}: no ${request.capacityType} override left to launch${ctx.subnets ? ' (no subnet in the requested zones)' : ''}`);
  }
  const spot = request.capacityType === 'spot';
  return {
    Type: 'instant',
    TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: spot ? 'spot' : 'on-demand' },
    ...(spot ? { SpotOptions: { AllocationStrategy: 'price-capacity-optimized' } } : { OnDemandOptions: { AllocationStrategy: 'lowest-price' } }),
    LaunchTemplateConfigs: [
      {
        LaunchTemplateSpecification: { ...(lt.id ? { LaunchTemplateId: lt.id } : { LaunchTemplateName: lt.name }), Version: lt.version ?? '$Latest' },
        Overrides: overrides,
      },
    ],
    TagSpecifications: tagSpecifications(launchTags(request, ctx.clusterName)),
  };
}
