import type { CapacityType } from '../../model/index.js';
import type { CloudErrorCode, UnavailableOffering } from '../errors.js';
import type { CapacityPool } from './pools.js';

/**
 * CreateFleet(instant, TotalTargetCapacity=1) allocation over the request's pools:
 * - on-demand `lowest-price`: pools in priority order (the override's priority, else the price; ties in
 *   request order), first with capacity wins;
 * - spot `price-capacity-optimized`: among the pools with capacity, the `pcoCheapestCount` cheapest
 *   compete and the deepest (most instances left) wins; ties go to the cheaper, then to request order.
 * A pool fails an attempt when it has no capacity, the account's vCPU quota would be exceeded, or a random
 * ICE strikes; every failed pool is reported as unavailable, as EC2 Fleet lists per-override errors.
 * Hot path: no allocation when the first choice succeeds (scratch arrays are the caller's).
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
  /** Pools that failed, in the order tried. */
  readonly unavailable: readonly UnavailableOffering[];
  /** Why nothing was allocated: InsufficientInstanceCapacity unless every failure was a quota. */
  readonly errorCode?: CloudErrorCode;
}

const NONE: readonly UnavailableOffering[] = Object.freeze([]);

class Attempts {
  readonly unavailable: UnavailableOffering[] = [];
  quotaCode: CloudErrorCode | undefined;
  capacityFailures = 0;

  fail(p: CapacityPool, quota?: CloudErrorCode): void {
    this.unavailable.push({ instanceType: p.instanceType.name, zone: p.zone, capacityType: p.capacityType });
    if (quota) this.quotaCode = quota;
    else this.capacityFailures++;
  }
}

function result(pool: CapacityPool | undefined, a: Attempts | undefined): Allocation {
  if (pool) return a ? { pool, unavailable: a.unavailable } : { pool, unavailable: NONE };
  const code = !a || a.capacityFailures > 0 || !a.quotaCode ? 'InsufficientInstanceCapacity' : a.quotaCode;
  return { pool, unavailable: a?.unavailable ?? NONE, errorCode: code };
}

/** The failure of an attempt at a pool, or undefined when it can take one instance now. */
function failure(p: CapacityPool, ctx: AllocationContext): 'capacity' | CloudErrorCode | undefined {
  if (!p.available(ctx.now)) return 'capacity';
  return ctx.quotaError(p);
}

/** `tried` is scratch space of at least n booleans (reset here). */
export function lowestPrice(pools: readonly CapacityPool[], priorities: readonly number[], n: number, ctx: AllocationContext, tried: boolean[]): Allocation {
  for (let i = 0; i < n; i++) tried[i] = false;
  let attempts: Attempts | undefined;
  for (let round = 0; round < n; round++) {
    let best = -1;
    for (let i = 0; i < n; i++) if (!tried[i] && (best < 0 || priorities[i]! < priorities[best]!)) best = i;
    tried[best] = true;
    const p = pools[best]!;
    const f = failure(p, ctx) ?? (ctx.randomIce() ? 'capacity' : undefined);
    if (f === undefined) return result(p, attempts);
    (attempts ??= new Attempts()).fail(p, f === 'capacity' ? undefined : f);
  }
  return result(undefined, attempts);
}

function cheaper(pools: readonly CapacityPool[], a: number, b: number): boolean {
  const pa = pools[a]!.pricePerHour;
  const pb = pools[b]!.pricePerHour;
  return pa < pb || (pa === pb && a < b);
}

/** `open` is scratch space of at least n indices. */
export function priceCapacityOptimized(pools: readonly CapacityPool[], n: number, ctx: AllocationContext, open: number[]): Allocation {
  let attempts: Attempts | undefined;
  let m = 0;
  for (let i = 0; i < n; i++) {
    const p = pools[i]!;
    const f = failure(p, ctx);
    if (f === undefined) open[m++] = i;
    else (attempts ??= new Attempts()).fail(p, f === 'capacity' ? undefined : f);
  }
  while (m > 0) {
    // move the k cheapest to the front (partial selection sort; k is small)
    const k = Math.min(Math.max(1, ctx.pcoCheapestCount), m);
    for (let j = 0; j < k; j++) {
      let min = j;
      for (let x = j + 1; x < m; x++) if (cheaper(pools, open[x]!, open[min]!)) min = x;
      const t = open[j]!;
      open[j] = open[min]!;
      open[min] = t;
    }
    let best = 0;
    for (let j = 1; j < k; j++) if (pools[open[j]!]!.remaining() > pools[open[best]!]!.remaining()) best = j;
    const p = pools[open[best]!]!;
    if (!ctx.randomIce()) return result(p, attempts);
    (attempts ??= new Attempts()).fail(p);
    // drop it, keeping the order of the rest
    for (let j = best; j < m - 1; j++) open[j] = open[j + 1]!;
    m--;
  }
  return result(undefined, attempts);
}

export class Allocator {
  private readonly tried: boolean[] = [];
  private readonly open: number[] = [];

  allocate(capacityType: CapacityType, pools: readonly CapacityPool[], priorities: readonly number[], n: number, ctx: AllocationContext): Allocation {
    return capacityType === 'spot' ? priceCapacityOptimized(pools, n, ctx, this.open) : lowestPrice(pools, priorities, n, ctx, this.tried);
  }
}
