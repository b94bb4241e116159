import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/load.js';
import type { CloudEvent } from '../cloud-provider.js';
import { MONTH_SECONDS } from './spot-market.js';
import type { InstanceEvent } from './events.js';
import { mockWorld, request } from './testing.js';
import type { MockEc2Options } from './options.js';

// Every type of the '>20%' bucket among these families: hazard such that 25 % are interrupted within a month.
const HIGH = loadCatalog({ families: ['m5', 'c5', 'r5', 'm6i', 'c6i', 'r6i', 'm5a', 'c5a', 'r5a'] }).filter((t) => t.interruptionBucket === '>20%').map((t) => t.name);

function spotWorld(ec2: MockEc2Options, seed = 11) {
  const w = mockWorld({ seed, catalog: { instanceTypes: HIGH }, ec2: { poolDepth: 1_000_000, ...ec2 } });
  const warnings: Extract<CloudEvent, { kind: 'spot-interruption-warning' }>[] = [];
  const rebalances: CloudEvent[] = [];
  w.ec2.onEvent((e) => {
    if (e.kind === 'spot-interruption-warning') warnings.push(e);
    if (e.kind === 'rebalance-recommendation') rebalances.push(e);
  });
  return { ...w, warnings, rebalances };
}

describe('spot interruption hazard (Spot Advisor bucket mid-points)', () => {
  it('has enough >20% types to test with', () => {
    expect(HIGH.length).toBeGreaterThanOrEqual(20);
  });

  it('interrupts 25 % of a >20% pool within a month (4000 instances, ±2.5 points)', () => {
    const { ec2, clock, warnings } = spotWorld({ spot: { rebalanceProbability: 0 } });
    for (let i = 0; i < 4000; i++) ec2.launchNow(request([`${HIGH[0]}/us-east-1a/spot`]));
    clock.run(MONTH_SECONDS);
    const fraction = warnings.filter((w) => w.at <= MONTH_SECONDS).length / 4000;
    expect(fraction).toBeGreaterThan(0.225);
    expect(fraction).toBeLessThan(0.275);
  });

  it('scales the hazard: multiplier 2 → 1 − 0.75² = 43.75 % a month', () => {
    const { ec2, clock, warnings } = spotWorld({ spot: { hazardMultiplier: 2, rebalanceProbability: 0 } });
    for (let i = 0; i < 4000; i++) ec2.launchNow(request([`${HIGH[0]}/us-east-1a/spot`]));
    clock.run(MONTH_SECONDS);
    const fraction = warnings.length / 4000;
    expect(fraction).toBeGreaterThan(0.41);
    expect(fraction).toBeLessThan(0.465);
  });

  it('correlated waves keep the monthly rate but reclaim many instances of a pool at once', () => {
    const { ec2, clock, warnings } = spotWorld({ spot: { correlation: 0.6, waveFraction: 0.5, rebalanceProbability: 0 } });
    const pools = HIGH.slice(0, 100).flatMap((t) => ['a', 'b', 'c'].map((z) => `${t}/us-east-1${z}/spot`));
    for (const p of pools) for (let i = 0; i < 10; i++) ec2.launchNow(request([p]));
    clock.run(MONTH_SECONDS);
    const n = pools.length * 10;
    expect(warnings.length / n).toBeGreaterThan(0.2);
    expect(warnings.length / n).toBeLessThan(0.3);
    const byInstant = new Map<number, number>();
    for (const w of warnings) byInstant.set(w.at, (byInstant.get(w.at) ?? 0) + 1);
    const inWaves = [...byInstant.values()].filter((c) => c >= 2).reduce((a, b) => a + b, 0);
    // 60 % of the hazard comes as waves hitting ~5 of 10 instances together
    expect(inWaves / warnings.length).toBeGreaterThan(0.4);
  });

  it('independent reclaims almost never coincide', () => {
    const { ec2, clock, warnings } = spotWorld({ spot: { rebalanceProbability: 0 } });
    for (let i = 0; i < 2000; i++) ec2.launchNow(request([`${HIGH[1]}/us-east-1b/spot`]));
    clock.run(MONTH_SECONDS);
    expect(new Set(warnings.map((w) => w.at)).size).toBe(warnings.length);
  });
});

describe('interruption notice', () => {
  it('warns 2 minutes before the reclaim, after a rebalance recommendation when one comes', () => {
    const { ec2, clock, warnings, rebalances } = spotWorld({ spot: { hazardMultiplier: 100, rebalanceProbability: 1, rebalanceLeadSeconds: { min: 0, max: 600 } } });
    const terminated: InstanceEvent[] = [];
    ec2.onInstanceEvent((e) => e.kind === 'terminated' && terminated.push(e));
    for (let i = 0; i < 300; i++) ec2.launchNow(request([`${HIGH[0]}/us-east-1a/spot`]));
    clock.run(MONTH_SECONDS);
    expect(warnings.length).toBeGreaterThan(250);
    const rebalanceAt = new Map(rebalances.map((r) => [r.instanceId, r.at]));
    for (const w of warnings) {
      expect(w.terminationAt - w.at).toBeCloseTo(120, 9);
      const r = rebalanceAt.get(w.instanceId);
      expect(r).toBeDefined();
      expect(r!).toBeLessThanOrEqual(w.at);
      expect(w.at - r!).toBeLessThanOrEqual(600);
      const t = terminated.find((e) => e.instance.id === w.instanceId)!;
      expect(t.reason).toBe('spot-reclaim');
      expect(t.at).toBeCloseTo(w.terminationAt, 9);
    }
  });

  it('an instance terminated after the warning is not reclaimed again', () => {
    const { ec2, clock, warnings } = spotWorld({ spot: { hazardMultiplier: 1000, rebalanceProbability: 0 } });
    ec2.onEvent((e) => {
      if (e.kind === 'spot-interruption-warning') ec2.terminateNow(e.instanceId);
    });
    for (let i = 0; i < 50; i++) ec2.launchNow(request([`${HIGH[0]}/us-east-1a/spot`]));
    clock.run(MONTH_SECONDS);
    expect(warnings.length).toBe(50);
    expect(ec2.ledger().every((e) => e.terminationReason === 'terminate-api')).toBe(true);
  });

  it('a reclaim wave leaves its pool without capacity for waveCrunchSeconds', () => {
    const { ec2, clock, warnings } = spotWorld({ spot: { hazardMultiplier: 1000, correlation: 1, waveFraction: 1, waveCrunchSeconds: 600, rebalanceProbability: 0 } });
    const pool = `${HIGH[0]}/us-east-1a/spot`;
    for (let i = 0; i < 5; i++) ec2.launchNow(request([pool]));
    while (warnings.length === 0 && clock.step());
    const waveAt = warnings[0]!.at;
    expect(warnings.length).toBe(5);
    expect(warnings.every((w) => w.at === waveAt)).toBe(true);
    const r = ec2.launchNow(request([pool]));
    expect(!r.ok && r.error.code).toBe('InsufficientInstanceCapacity');
    clock.run(waveAt + 600);
    expect(ec2.launchNow(request([pool])).ok).toBe(true);
  });
});

describe('spot price process', () => {
  it('is seeded per pool: the same prices whatever the order of queries, and mean-reverting around the base', () => {
    const process = { reversionPerHour: 0.1, volatilityPerSqrtHour: 0.05, intervalSeconds: 3600 };
    const a = mockWorld({ seed: 3, catalog: { instanceTypes: HIGH.slice(0, 2) }, ec2: { spot: { priceProcess: process } } });
    const b = mockWorld({ seed: 3, catalog: { instanceTypes: HIGH.slice(0, 2) }, ec2: { spot: { priceProcess: process } } });
    a.clock.run(50 * 3600);
    b.clock.run(50 * 3600);
    const pa = [a.ec2.priceOf(HIGH[0]!, 'us-east-1a', 'spot'), a.ec2.priceOf(HIGH[1]!, 'us-east-1a', 'spot')];
    const pb = [b.ec2.priceOf(HIGH[1]!, 'us-east-1a', 'spot'), b.ec2.priceOf(HIGH[0]!, 'us-east-1a', 'spot')].reverse();
    expect(pa).toEqual(pb);
    const base = loadCatalog({ instanceTypes: [HIGH[0]!] })[0]!.offerings.find((o) => o.capacityType === 'spot' && o.zone === 'us-east-1a')!.pricePerHour;
    expect(pa[0]).not.toBe(base);
    // stationary sd of log price = 0.05 / √(2 × 0.1) ≈ 0.11: within ±50 % of the base
    expect(Math.abs(Math.log(pa[0]! / base))).toBeLessThan(0.5);
    // on-demand never moves; instanceTypes() shows the moved spot price
    expect(a.ec2.priceOf(HIGH[0]!, 'us-east-1a', 'on-demand')).toBe(loadCatalog({ instanceTypes: [HIGH[0]!] })[0]!.onDemandPricePerHour);
    const offered = a.ec2.instanceTypes().find((t) => t.name === HIGH[0])!.offerings.find((o) => o.capacityType === 'spot' && o.zone === 'us-east-1a')!;
    expect(offered.pricePerHour).toBe(pa[0]);
  });
});
