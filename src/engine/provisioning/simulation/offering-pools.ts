import { LabelKeys, type CapacityType, type InstanceType, type Offering } from '../../../model/index.js';
import type { Requirements } from '../../../scheduling/index.js';

/**
 * The (zone × capacity type) pools of a simulation, numbered so that a set of pools is a bit mask: an
 * instance type's available offerings and a NodeClaim's allowed zones and capacity types intersect with
 * one AND.
 */
export class OfferingPools {
  private readonly index = new Map<string, number>();
  private readonly offeringBits = new WeakMap<Offering, number>();
  readonly zones: string[] = [];
  readonly pools: { readonly zone: string; readonly capacityType: CapacityType }[] = [];

  static readonly MAX_POOLS = 31;

  bit(zone: string, capacityType: CapacityType): number {
    const key = `${zone}|${capacityType}`;
    let i = this.index.get(key);
    if (i === undefined) {
      i = this.pools.length;
      if (i >= OfferingPools.MAX_POOLS) {
        throw new RangeError(`more than ${OfferingPools.MAX_POOLS} (zone × capacity type) offering pools are not supported`);
      }
      this.index.set(key, i);
      this.pools.push({ zone, capacityType });
      if (!this.zones.includes(zone)) this.zones.push(zone);
    }
    return 1 << i;
  }

  /** Bits of every pool in a zone. */
  zoneMask(zone: string): number {
    let mask = 0;
    for (let i = 0; i < this.pools.length; i++) if (this.pools[i].zone === zone) mask |= 1 << i;
    return mask;
  }

  /** The pools a set of requirements allows (zone and capacity type). */
  allowedMask(reqs: Requirements): number {
    let mask = 0;
    for (let i = 0; i < this.pools.length; i++) {
      const p = this.pools[i];
      if (reqs.allows(LabelKeys.zone, p.zone) && reqs.allows(LabelKeys.capacityType, p.capacityType)) mask |= 1 << i;
    }
    return mask;
  }

  /** Mask of the offerings of `it` that `available` accepts. */
  offeringMask(it: InstanceType, available: (it: InstanceType, o: Offering) => boolean): number {
    let mask = 0;
    for (const o of it.offerings) if (available(it, o)) mask |= this.bit(o.zone, o.capacityType);
    return mask;
  }

  /** Zones present in a mask, sorted. */
  zonesOf(mask: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.pools.length; i++) if (mask & (1 << i) && !out.includes(this.pools[i].zone)) out.push(this.pools[i].zone);
    return out.sort();
  }

  /** Capacity types present in a mask, sorted (independent of the order pools were first seen). */
  capacityTypesOf(mask: number): CapacityType[] {
    const out: CapacityType[] = [];
    for (let i = 0; i < this.pools.length; i++) {
      if (mask & (1 << i) && !out.includes(this.pools[i].capacityType)) out.push(this.pools[i].capacityType);
    }
    return out.sort();
  }

  /** The pool bit of an offering (cached per offering object). */
  bitOf(o: Offering): number {
    let b = this.offeringBits.get(o);
    if (b === undefined) this.offeringBits.set(o, (b = this.bit(o.zone, o.capacityType)));
    return b;
  }

  /** Bits and prices of the offerings of `it` that `available` accepts (parallel arrays). */
  offeringTable(it: InstanceType, available: (it: InstanceType, o: Offering) => boolean): { bits: number[]; prices: number[] } {
    const bits: number[] = [];
    const prices: number[] = [];
    for (const o of it.offerings) {
      if (!available(it, o)) continue;
      bits.push(this.bitOf(o));
      prices.push(o.pricePerHour);
    }
    return { bits, prices };
  }
}

/**
 * The process-wide numbering of offering pools: bits stay stable across simulations so that offerings'
 * bits can be cached. Nothing observable depends on the numbering order.
 */
export const OFFERING_POOLS = new OfferingPools();
