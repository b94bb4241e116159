import type { Instance } from '../../cloud/cloud-provider.js';
import type { InstanceType, NodeClaimStatus } from '../../model/index.js';

/**
 * What a NodeClaim's status records of the instance that backs it: ids, offering, price, the instance
 * type's allocatable (when the type is known) and when it was launched. Used by the launch, by adoption
 * after a restart and by adoption of a cluster's existing nodes.
 */
export function launchedNodeClaimStatus(instance: Instance, instanceType: InstanceType | undefined, launchedAt: number): Partial<NodeClaimStatus> {
  return {
    providerID: instance.providerID,
    instanceId: instance.id,
    instanceType: instance.instanceType,
    zone: instance.zone,
    capacityType: instance.capacityType,
    pricePerHour: instance.pricePerHour,
    ...(instanceType ? { allocatable: instanceType.allocatable } : {}),
    launchedAt,
  };
}
