import type { CapacityType } from '../../model/index.js';
import type { CloudErrorCode, UnavailableOffering } from '../errors.js';
import type { CapacityPool } from './pools.js';

/**
 * CreateFleet(instant, TotalTargetCapacity=1) allocation over the request's pools:
 * - on-demand `lowest-price`: pools in priority order (the override's priority, else the price), first
 *   with capacity wins;
 * - spot `price-capacity-optimized`: among the pools with capacity, the `pcoCheapestCount` cheapest
 *   compete and the deepest (most instances left) wins; ties go to the cheaper, then to request order.
 * A pool fails an attempt when it has no capacity, the account's vCPU quota would be exceeded, or a random
 * ICE strikes; every failed pool is reported as unavailable, as EC2 Fleet lists per-override errors.
 */
export interface AllocationContext {
  readonly now: number;
  readonly pcoCheapestCount: number;
  /** The vCPU-quota error code if launching one instance of this pool would exceed the quota. */
  quotaError(pool: CapacityPool): CloudErrorCode | undefined;
  randomIce(): boolean;
}

export interface Allocation {
  readonly pool: CapacityPool | undefined;
  /** Pools that failed, in the order tried (empty array shared when none). */
  readonly unavailable: readonly UnavailableOffering[];
  /** Why nothing was allocated: InsufficientInstanceCapacity unless every failure was a quota. */
  readonly errorCode?: CloudErrorCode;
}

const NONE: readonly UnavailableOffering[] = Object.freeze([]);

function offering(p: CapacityPool): UnavailableOffering {
  return { instanceType: p.instanceType.name, zone: p.zone, capacityType: p.capacityType };
}

class Attempts {
  unavailable: UnavailableOffering[] | undefined;
  quotaCode: CloudErrorCode | undefined;
  capacityFailures = 0;

  fail(p: CapacityPool, quota?: CloudErrorCode): void {
    (this.unavailable ??= []).push(offering(p));
    if (quota) this.quotaCode = quota;
    else this.capacityFailures++;
  }

  result(pool: CapacityPool | undefined): Allocation {
    const unavailable = this.unavailable ?? NONE;
    if (pool) return { pool, unavailable };
    return { pool, unavailable, errorCode: this.capacityFailures > 0 || !this.quotaCode ? 'InsufficientInstanceCapacity' : this.quotaCode };
  }
}

/** Whether a pool can take one instance now; records the failure otherwise. */
function usable(p: CapacityPool, ctx: AllocationContext, attempts: Attempts): boolean {
  if (!p.available(ctx.now)) {
    attempts.fail(p);
    return false;
  }
  const quota = ctx.quotaError(p);
  if (quota) {
    attempts.fail(p, quota);
    return false;
  }
  return true;
}

export function lowestPrice(pools: readonly CapacityPool[], priorities: readonly number[], ctx: AllocationContext): Allocation {
  const order = pools.map((_, i) => i);
  if (pools.length > 1) order.sort((a, b) => priorities[a]! - priorities[b]! || a - b);
  const attempts = new Attempts();
  for (const i of order) {
    const p = pools[i]!;
    if (!usable(p, ctx, attempts)) continue;
    if (ctx.randomIce()) {
      attempts.fail(p);
      continue;
    }
    return attempts.result(p);
  }
  return attempts.result(undefined);
}

export function priceCapacityOptimized(pools: readonly CapacityPool[], ctx: AllocationContext): Allocation {
  const attempts = new Attempts();
  const open: number[] = [];
  for (let i = 0; i < pools.length; i++) if (usable(pools[i]!, ctx, attempts)) open.push(i);
  while (open.length > 0) {
    // the cheapest few (stable: price, then request order)
    open.sort((a, b) => pools[a]!.pricePerHour - pools[b]!.pricePerHour || a - b);
    const k = Math.min(Math.max(1, ctx.pcoCheapestCount), open.length);
    let best = 0;
    for (let j = 1; j < k; j++) if (pools[open[j]!]!.remaining() > pools[open[best]!]!.remaining()) best = j;
    const p = pools[open[best]!]!;
    if (!ctx.randomIce()) return attempts.result(p);
    attempts.fail(p);
    open.splice(best, 1);
  }
  return attempts.result(undefined);
}

export function allocate(
  capacityType: CapacityType,
  pools: readonly CapacityPool[],
  priorities: readonly number[],
  ctx: AllocationContext,
): Allocation {
  return capacityType === 'spot' ? priceCapacityOptimized(pools, ctx) : lowestPrice(pools, priorities, ctx);
}
