import type { Filter, Instance as SdkInstance } from '@aws-sdk/client-ec2';
import type { CapacityType } from '../../model/index.js';
import type { Instance, InstanceState } from '../cloud-provider.js';
import { CLUSTER_TAG, tagsFromList } from './tags.js';

const STATES: ReadonlySet<string> = new Set<InstanceState>(['pending', 'running', 'stopping', 'stopped', 'shutting-down', 'terminated']);

/** States `list` returns: everything but terminated (a terminated instance is no leak). */
export const LISTED_STATES: readonly InstanceState[] = ['pending', 'running', 'stopping', 'stopped', 'shutting-down'];

export type PriceOf = (instanceType: string, zone: string, capacityType: CapacityType) => number | undefined;

/**
 * A DescribeInstances item as the port's Instance: spot when InstanceLifecycle is `spot` (everything else
 * is billed on demand), priced from the catalog, launch time in epoch seconds. Undefined when the item
 * lacks an id, a type or a zone.
 */
export function instanceFromSdk(i: SdkInstance, priceOf: PriceOf): Instance | undefined {
  const id = i.InstanceId;
  const instanceType = i.InstanceType;
  const zone = i.Placement?.AvailabilityZone;
  if (!id || !instanceType || !zone) return undefined;
  const capacityType: CapacityType = i.InstanceLifecycle === 'spot' ? 'spot' : 'on-demand';
  const name = i.State?.Name;
  return {
    id,
    providerID: `aws:///${zone}/${id}`,
    instanceType,
    zone,
    capacityType,
    pricePerHour: priceOf(instanceType, zone, capacityType) ?? 0,
    launchedAt: i.LaunchTime ? i.LaunchTime.getTime() / 1000 : 0,
    state: name && STATES.has(name) ? (name as InstanceState) : 'pending',
    tags: tagsFromList(i.Tags),
  };
}

/** DescribeInstances filters for `list`: each tag, this cluster's ownership tag, and the listed states. */
export function listFilters(tags: Readonly<Record<string, string>>, clusterName: string): Filter[] {
  const all: Record<string, string> = { ...tags, [CLUSTER_TAG]: clusterName };
  return [
    ...Object.entries(all).map(([k, v]) => ({ Name: `tag:${k}`, Values: [v] })),
    { Name: 'instance-state-name', Values: [...LISTED_STATES] },
  ];
}
