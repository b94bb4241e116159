import type { CapacityType, InstanceType } from '../../model/index.js';
import { fnv1a } from '../../catalog/offerings.js';
import { matchesPool, type ResolvedMockEc2Options } from './options.js';
import type { InstanceRecord } from './instances.js';

/**
 * Capacity pools: one per (instance type, zone, capacity type) offering. A pool holds at most `depth`
 * instances at once and has no capacity while crunched (scripted windows, or after a reclaim wave).
 */
/** Bumped on every change of a pool's availability state (instances in use, dynamic crunch): lets views cache. */
export class PoolRevision {
  value = 0;
}

export class CapacityPool {
  private inUseCount = 0;
  private crunchEnd = -Infinity;
  /** Live spot instances (for correlated reclaim waves); empty for on-demand pools. */
  readonly instances = new Set<InstanceRecord>();
  /** Current price (spot prices move when a price process is configured). */
  pricePerHour: number;
  /** Pending reclaim-wave timer, while the pool has instances. */
  waveTimer: { readonly at: number } | undefined;

  constructor(
    readonly instanceType: InstanceType,
    readonly zone: string,
    readonly capacityType: CapacityType,
    readonly basePricePerHour: number,
    readonly depth: number,
    /** Scripted [from, to) windows without capacity. */
    readonly windows: readonly (readonly [number, number])[],
    private readonly revision: PoolRevision = new PoolRevision(),
  ) {
    this.pricePerHour = basePricePerHour;
  }

  get inUse(): number {
    return this.inUseCount;
  }
  set inUse(n: number) {
    this.inUseCount = n;
    this.revision.value++;
  }

  /** End of a dynamic crunch (reclaim wave). */
  get crunchedUntil(): number {
    return this.crunchEnd;
  }
  set crunchedUntil(at: number) {
    this.crunchEnd = at;
    this.revision.value++;
  }

  /**
   * The first time after `now` at which `crunched` may change without any state change (end of the
   * dynamic crunch, start or end of a scripted window); Infinity when none.
   */
  nextCrunchChangeAfter(now: number): number {
    let next = this.crunchEnd > now ? this.crunchEnd : Infinity;
    for (const [from, to] of this.windows) {
      if (from > now && from < next) next = from;
      else if (to > now && to < next) next = to;
    }
    return next;
  }

  get key(): string {
    return `${this.instanceType.name}/${this.zone}/${this.capacityType}`;
  }

  remaining(): number {
    return this.depth - this.inUse;
  }

  crunched(now: number): boolean {
    if (now < this.crunchedUntil) return true;
    for (const [from, to] of this.windows) if (now >= from && now < to) return true;
    return false;
  }

  available(now: number): boolean {
    return this.inUse < this.depth && !this.crunched(now);
  }
}

interface TypePools {
  readonly onDemand: Map<string, CapacityPool>;
  readonly spot: Map<string, CapacityPool>;
}

/** Spread in [0.5, 1.5), fixed per pool by a hash of its names. */
function depthSpread(type: string, zone: string): number {
  return 0.5 + fnv1a(`depth:${type}@${zone}`) / 2 ** 32;
}

export class PoolIndex {
  private readonly byType = new Map<string, TypePools>();
  private readonly types = new Map<string, InstanceType>();
  readonly all: CapacityPool[] = [];
  readonly zones: string[] = [];
  /** Changes whenever any pool's availability state changes. */
  readonly revision = new PoolRevision();

  constructor(catalog: readonly InstanceType[], opts: ResolvedMockEc2Options) {
    const zoneSet = new Set<string>();
    for (const it of catalog) {
      const tp: TypePools = { onDemand: new Map(), spot: new Map() };
      this.byType.set(it.name, tp);
      this.types.set(it.name, it);
      for (const o of it.offerings) {
        zoneSet.add(o.zone);
        let depth =
          o.capacityType === 'on-demand'
            ? opts.poolDepth
            : Math.max(1, Math.round(opts.poolDepth * opts.spotDepthFactor[it.interruptionBucket ?? '>20%'] * depthSpread(it.name, o.zone)));
        for (const d of opts.poolDepthOverrides) if (matchesPool(d, it.name, o.zone, o.capacityType)) depth = d.depth;
        const windows = opts.crunches.filter((c) => matchesPool(c, it.name, o.zone, o.capacityType)).map((c) => [c.from, c.to] as const);
        for (const z of opts.zoneOutages) if (z.zone === o.zone) windows.push([z.from, z.to]);
        const pool = new CapacityPool(it, o.zone, o.capacityType, o.pricePerHour, depth, windows, this.revision);
        (o.capacityType === 'on-demand' ? tp.onDemand : tp.spot).set(o.zone, pool);
        this.all.push(pool);
      }
    }
    this.zones.push(...[...zoneSet].sort());
  }

  get(instanceType: string, zone: string, capacityType: CapacityType): CapacityPool | undefined {
    const tp = this.byType.get(instanceType);
    if (!tp) return undefined;
    return (capacityType === 'on-demand' ? tp.onDemand : tp.spot).get(zone);
  }

  hasType(instanceType: string): boolean {
    return this.byType.has(instanceType);
  }

  instanceType(name: string): InstanceType | undefined {
    return this.types.get(name);
  }
}
