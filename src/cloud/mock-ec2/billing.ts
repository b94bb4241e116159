import type { CapacityType } from '../../model/index.js';
import type { InstanceRecord, TerminationReason } from './instances.js';

import { billedSeconds } from '../../model/billing.js';

/** EC2 Linux billing (src/model/billing.ts): per whole second, 60-second minimum, from launch to termination. */
export { billedSeconds, MINIMUM_BILLED_SECONDS } from '../../model/billing.js';

export function costUsd(pricePerHour: number, launchedAt: number, endAt: number): number {
  return (pricePerHour * billedSeconds(launchedAt, endAt)) / 3600;
}

/** One line of the ledger; running instances are billed up to `now`. */
export interface BillingEntry {
  readonly instanceId: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** The price in effect at launch (spot included), charged for the whole life. */
  readonly pricePerHour: number;
  readonly launchedAt: number;
  readonly terminatedAt?: number;
  readonly terminationReason?: TerminationReason;
  readonly billedSeconds: number;
  readonly costUsd: number;
  readonly tags: Readonly<Record<string, string>>;
}

export function billingEntry(rec: InstanceRecord, now: number): BillingEntry {
  const end = rec.terminatedAt ?? now;
  return {
    instanceId: rec.id,
    instanceType: rec.instanceType,
    zone: rec.zone,
    capacityType: rec.capacityType,
    pricePerHour: rec.pricePerHour,
    launchedAt: rec.launchedAt,
    ...(rec.terminatedAt !== undefined ? { terminatedAt: rec.terminatedAt } : {}),
    ...(rec.terminationReason !== undefined ? { terminationReason: rec.terminationReason } : {}),
    billedSeconds: billedSeconds(rec.launchedAt, end),
    costUsd: costUsd(rec.pricePerHour, rec.launchedAt, end),
    tags: rec.tags,
  };
}
