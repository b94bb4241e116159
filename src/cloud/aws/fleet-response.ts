import type { CreateFleetCommandOutput } from '@aws-sdk/client-ec2';
import type { CapacityType } from '../../model/index.js';
import type { LaunchRequest, LaunchResult } from '../cloud-provider.js';
import { CAPACITY_ERROR_CODES, CloudError, type UnavailableOffering } from '../errors.js';
import { cloudErrorCode } from './sdk-errors.js';

export interface FleetResponseContext {
  /** zone → subnet id of the request (to name the zone of a SubnetId override). */
  readonly subnets?: Readonly<Record<string, string>>;
  priceOf(instanceType: string, zone: string, capacityType: CapacityType): number | undefined;
  /** Epoch seconds: the launch time given to the new instance (CreateFleet does not answer one). */
  readonly now: number;
  /** Tags written at launch. */
  readonly tags: Readonly<Record<string, string>>;
}

type FleetOverrides = { InstanceType?: string | undefined; AvailabilityZone?: string | undefined; SubnetId?: string | undefined } | undefined;

function zoneOf(o: FleetOverrides, subnets: Readonly<Record<string, string>> | undefined): string | undefined {
  if (o?.AvailabilityZone) return o.AvailabilityZone;
  if (!o?.SubnetId || !subnets) return undefined;
  return Object.entries(subnets).find(([, id]) => id === o.SubnetId)?.[0];
}

function lifecycle(l: string | undefined, fallback: CapacityType): CapacityType {
  return l === 'spot' ? 'spot' : l === 'on-demand' ? 'on-demand' : fallback;
}

/** The offerings CreateFleet reported without capacity (capacity error codes only, each once). */
export function unavailableOfferings(out: Pick<CreateFleetCommandOutput, 'Errors'>, request: LaunchRequest, subnets?: Readonly<Record<string, string>>): UnavailableOffering[] {
  const seen = new Set<string>();
  const list: UnavailableOffering[] = [];
  for (const e of out.Errors ?? []) {
    if (!CAPACITY_ERROR_CODES.has(cloudErrorCode(e.ErrorCode))) continue;
    const o = e.LaunchTemplateAndOverrides?.Overrides;
    const zone = zoneOf(o, subnets);
    if (!o?.InstanceType || !zone) continue;
    const u: UnavailableOffering = { instanceType: o.InstanceType, zone, capacityType: lifecycle(e.Lifecycle, request.capacityType) };
    const key = `${u.instanceType}/${u.zone}/${u.capacityType}`;
    if (!seen.has(key)) {
      seen.add(key);
      list.push(u);
    }
  }
  return list;
}

/**
 * A CreateFleet(instant) answer as a LaunchResult. An instance → ok, with the offerings tried first and
 * found without capacity. No instance → the errors combined as Karpenter does: all capacity errors → that
 * capacity code with every unavailable offering; any other error → its code (the unavailable offerings
 * still listed); no error at all → UnfulfillableCapacity.
 */
export function launchResultFromFleet(out: Pick<CreateFleetCommandOutput, 'Errors' | 'Instances'>, request: LaunchRequest, ctx: FleetResponseContext): LaunchResult {
  const unavailable = unavailableOfferings(out, request, ctx.subnets);
  for (const fi of out.Instances ?? []) {
    const id = fi.InstanceIds?.[0];
    const o = fi.LaunchTemplateAndOverrides?.Overrides;
    const instanceType = fi.InstanceType ?? o?.InstanceType;
    const zone = zoneOf(o, ctx.subnets);
    if (!id || !instanceType || !zone) continue;
    const capacityType = lifecycle(fi.Lifecycle, request.capacityType);
    const instance = {
      id,
      providerID: `aws:///${zone}/${id}`,
      instanceType,
      zone,
      capacityType,
      pricePerHour: ctx.priceOf(instanceType, zone, capacityType) ?? 0,
      launchedAt: ctx.now,
      state: 'pending' as const,
      tags: ctx.tags,
    };
    return unavailable.length > 0 ? { ok: true, instance, unavailable } : { ok: true, instance };
  }
  const errors = out.Errors ?? [];
  const other = errors.find((e) => !CAPACITY_ERROR_CODES.has(cloudErrorCode(e.ErrorCode)));
  const first = other ?? errors[0];
  if (!first) {
    return { ok: false, error: new CloudError('UnfulfillableCapacity', `CreateFleet launched nothing for NodeClaim ${request.nodeClaimName} and gave no reason`) };
  }
  const pools = unavailable.map((u) => `${u.instanceType} in ${u.zone}`).join(', ');
  const code = cloudErrorCode(first.ErrorCode);
  const folded = first.ErrorCode && first.ErrorCode !== code ? ` [${first.ErrorCode}]` : '';
  const message = `CreateFleet (${request.capacityType}) for NodeClaim ${request.nodeClaimName}: ${first.ErrorMessage ?? first.ErrorCode ?? 'failed'}${folded}${pools ? `; no capacity: ${pools}` : ''}`;
  return { ok: false, error: new CloudError(code, message, unavailable) };
}
