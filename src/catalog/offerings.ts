import type { Offering } from '../model/index.js';
import type { InstanceSpec } from './spec.js';

/** Spot prices differ a little between zones: ± this fraction, fixed per (type, zone). */
export const SPOT_ZONE_SPREAD = 0.03;

/** 32-bit FNV-1a: a stable hash, so the spread never depends on the run's seed or on load order. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Multiplier in [1 − spread, 1 + spread) for the spot price of `type` in `zone`. */
export function zoneSpread(type: string, zone: string): number {
  const u = fnv1a(`${type}@${zone}`) / 2 ** 32;
  return 1 + SPOT_ZONE_SPREAD * (2 * u - 1);
}

export interface PriceOverride {
  readonly onDemandPricePerHour?: number;
  /** A fixed spot price in every zone (no spread); also gives spot offerings to a type without Spot Advisor data. */
  readonly spotPricePerHour?: number;
}

export function onDemandPrice(spec: InstanceSpec, override?: PriceOverride): number {
  return override?.onDemandPricePerHour ?? spec.onDemandPricePerHour;
}

/** Spot price in a zone: on-demand × (1 − savings) × the zone spread; undefined when the type has no spot market. */
export function spotPrice(spec: InstanceSpec, zone: string, override?: PriceOverride): number | undefined {
  if (override?.spotPricePerHour !== undefined) return override.spotPricePerHour;
  if (spec.spotSavingsPercent === undefined) return undefined;
  return onDemandPrice(spec, override) * (1 - spec.spotSavingsPercent / 100) * zoneSpread(spec.name, zone);
}

/** One offering per (zone × on-demand | spot), all available. */
export function offeringsOf(spec: InstanceSpec, zones: readonly string[], override?: PriceOverride): Offering[] {
  const od = onDemandPrice(spec, override);
  const out: Offering[] = [];
  for (const zone of zones) out.push({ zone, capacityType: 'on-demand', pricePerHour: od, available: true });
  for (const zone of zones) {
    const p = spotPrice(spec, zone, override);
    if (p !== undefined) out.push({ zone, capacityType: 'spot', pricePerHour: p, available: true });
  }
  return out;
}
