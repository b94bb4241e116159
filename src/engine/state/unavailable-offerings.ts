import type { CapacityType, InstanceType, Offering } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';

/** Karpenter AWS's unavailable-offerings cache TTL: 3 minutes. */
export const DEFAULT_UNAVAILABLE_OFFERING_TTL_SECONDS = 180;

/**
 * The ICE cache: offerings (instance type, zone, capacity type) that recently failed with a capacity
 * error, skipped by scheduling and launches until their entry expires.
 */
export class UnavailableOfferings {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds = DEFAULT_UNAVAILABLE_OFFERING_TTL_SECONDS,
  ) {}

  mark(instanceType: string, zone: string, capacityType: CapacityType): void {
    this.until.set(`${instanceType}|${zone}|${capacityType}`, this.clock.now() + this.ttlSeconds);
  }

  isUnavailable(instanceType: string, zone: string, capacityType: CapacityType): boolean {
    const key = `${instanceType}|${zone}|${capacityType}`;
    const t = this.until.get(key);
    if (t === undefined) return false;
    if (this.clock.now() < t) return true;
    this.until.delete(key);
    return false;
  }

  /** An offering may be used: the cloud says available and the cache has no live entry for it. */
  readonly isAvailable = (it: InstanceType, o: Offering): boolean =>
    o.available && (this.until.size === 0 || !this.isUnavailable(it.name, o.zone, o.capacityType));

  /** Live entries (expired ones dropped). */
  size(): number {
    const now = this.clock.now();
    for (const [k, t] of this.until) if (now >= t) this.until.delete(k);
    return this.until.size;
  }
}
