import { describe, expect, it } from 'vitest';
import { isCapacityError, isThrottlingError, type CloudError } from '../errors.js';
import type { LaunchResult } from '../cloud-provider.js';
import type { InstanceEvent } from './events.js';
import { mockWorld, request } from './testing.js';

function ok(r: LaunchResult) {
  if (!r.ok) throw r.error;
  return r;
}
function err(r: { ok: boolean; error?: CloudError }): CloudError {
  if (r.ok || !r.error) throw new Error('expected an error');
  return r.error;
}

describe('CreateFleet allocation', () => {
  it('on-demand lowest-price takes the cheapest pool, or the lowest priority when given', () => {
    const { ec2 } = mockWorld();
    // m5.large $0.096, c5.large $0.085, r5.large $0.126
    expect(ok(ec2.launchNow(request(['m5.large', 'r5.large', 'c5.large']))).instance.instanceType).toBe('c5.large');
    const req = request(['m5.large', 'c5.large']);
    const prioritized = { ...req, overrides: [{ ...req.overrides[0]!, priority: 0 }, { ...req.overrides[1]!, priority: 1 }] };
    expect(ok(ec2.launchNow(prioritized)).instance.instanceType).toBe('m5.large');
  });

  it('spot price-capacity-optimized: the deepest of the 3 cheapest pools with capacity (hand-computed)', () => {
    const spot = (t: string, price: number) => [t, { spotPricePerHour: price }] as const;
    const depth = (instanceType: string, d: number) => ({ instanceType, zone: 'us-east-1a', capacityType: 'spot' as const, depth: d });
    const { ec2, clock } = mockWorld({
      catalog: {
        families: ['m5'],
        priceOverrides: Object.fromEntries([spot('m5.large', 0.01), spot('m5.xlarge', 0.02), spot('m5.2xlarge', 0.03), spot('m5.4xlarge', 0.04)]),
      },
      ec2: {
        poolDepthOverrides: [depth('m5.large', 5), depth('m5.xlarge', 50), depth('m5.2xlarge', 20), depth('m5.4xlarge', 1000)],
        spot: { interruptions: false },
        crunches: [{ instanceType: 'm5.xlarge', capacityType: 'spot', from: 1000, to: 2000 }],
      },
    });
    const offerings = ['m5.4xlarge', 'm5.2xlarge', 'm5.xlarge', 'm5.large'].map((t) => `${t}/us-east-1a/spot`);
    const chosen: string[] = [];
    for (let k = 1; k <= 32; k++) chosen.push(ok(ec2.launchNow(request(offerings))).instance.instanceType);
    // launches 1..31: xlarge has 50 − (k − 1) >= 20 left (ties go to the cheaper); launch 32: 19 < 20 → 2xlarge
    expect(chosen.slice(0, 31).every((t) => t === 'm5.xlarge')).toBe(true);
    expect(chosen[31]).toBe('m5.2xlarge');
    // with xlarge crunched the 3 cheapest are large (5), 2xlarge (19 left), 4xlarge (1000) → 4xlarge
    clock.run(1500);
    const r = ok(ec2.launchNow(request(offerings)));
    expect(r.instance.instanceType).toBe('m5.4xlarge');
    expect(r.unavailable).toEqual([{ instanceType: 'm5.xlarge', zone: 'us-east-1a', capacityType: 'spot' }]);
    expect(r.instance.pricePerHour).toBe(0.04);
  });

  it('InsufficientInstanceCapacity on an exhausted pool names the unavailable offerings', () => {
    const { ec2 } = mockWorld({ ec2: { poolDepthOverrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand', depth: 1 }] } });
    const first = ok(ec2.launchNow(request(['m5.large'])));
    const e = err(ec2.launchNow(request(['m5.large'])));
    expect(e.code).toBe('InsufficientInstanceCapacity');
    expect(isCapacityError(e)).toBe(true);
    expect(e.unavailable).toEqual([{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }]);
    // another zone of the same type still has capacity; the failed pool is reported on the success
    const r = ok(ec2.launchNow(request(['m5.large/us-east-1a', 'm5.large/us-east-1b'])));
    expect(r.instance.zone).toBe('us-east-1b');
    expect(r.unavailable).toEqual([{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }]);
    // capacity comes back when the instance goes
    expect(ec2.terminateNow(first.instance.id)).toEqual({ ok: true });
    expect(ok(ec2.launchNow(request(['m5.large']))).instance.zone).toBe('us-east-1a');
  });

  it('scripted crunches empty the matching pools for [from, to)', () => {
    const { ec2, clock } = mockWorld({ ec2: { crunches: [{ instanceType: 'm5.large', from: 100, to: 200 }] } });
    clock.run(150);
    const e = err(ec2.launchNow(request(['m5.large/us-east-1a', 'm5.large/us-east-1b', 'm5.large/us-east-1c/spot'])));
    // lowest-price order: the spot pool is the cheapest, then the two on-demand pools in request order
    expect(e.unavailable.map((u) => `${u.zone}/${u.capacityType}`)).toEqual(['us-east-1c/spot', 'us-east-1a/on-demand', 'us-east-1b/on-demand']);
    clock.run(200);
    expect(ec2.launchNow(request(['m5.large'])).ok).toBe(true);
  });

  it('random ICE with probability 1 fails every pool tried', () => {
    const { ec2 } = mockWorld({ ec2: { iceProbability: 1 } });
    const e = err(ec2.launchNow(request(['m5.large', 'c5.large'])));
    expect(e.code).toBe('InsufficientInstanceCapacity');
    expect(e.unavailable.map((u) => u.instanceType)).toEqual(['c5.large', 'm5.large']);
  });

  it('random ICE never applies to prewarmed instances (the existing nodes of a cluster), and applies again afterwards', () => {
    const { ec2 } = mockWorld({ ec2: { iceProbability: 1 } });
    expect(ec2.launchNow(request(['m5.large']), { prewarmed: true }).ok).toBe(true);
    expect(err(ec2.launchNow(request(['m5.large']))).code).toBe('InsufficientInstanceCapacity');
  });

  it('vCPU quotas: VcpuLimitExceeded on demand, MaxSpotInstanceCountExceeded for spot', () => {
    const { ec2 } = mockWorld({ ec2: { vcpuLimits: { onDemand: 4, spot: 2 } } });
    ok(ec2.launchNow(request(['m5.large'])));
    ok(ec2.launchNow(request(['m5.large'])));
    expect(err(ec2.launchNow(request(['m5.large']))).code).toBe('VcpuLimitExceeded');
    ok(ec2.launchNow(request(['m5.large/us-east-1a/spot'])));
    expect(err(ec2.launchNow(request(['m5.large/us-east-1a/spot']))).code).toBe('MaxSpotInstanceCountExceeded');
  });

  it('rejects unknown types and zones with InvalidParameterValue', () => {
    const { ec2 } = mockWorld();
    expect(err(ec2.launchNow(request(['m9.huge']))).code).toBe('InvalidParameterValue');
    expect(err(ec2.launchNow(request(['m5.large/eu-west-1a']))).code).toBe('InvalidParameterValue');
    expect(err(ec2.launchNow({ ...request(['m5.large']), overrides: [] })).code).toBe('InvalidParameterValue');
  });
});

describe('API calls through the clock', () => {
  it('answers after 1–2 s of API latency and throttles with a token bucket (burst 2, 1 token/s)', () => {
    const { ec2, clock } = mockWorld({ ec2: { throttling: { CreateFleet: { burst: 2, refillPerSecond: 1 } } } });
    const answers: { at: number; r: LaunchResult }[] = [];
    for (let i = 0; i < 3; i++) ec2.launch(request(['m5.large']), (r) => answers.push({ at: clock.now(), r }));
    clock.run(3);
    expect(answers.length).toBe(3);
    for (const a of answers) {
      expect(a.at).toBeGreaterThanOrEqual(1);
      expect(a.at).toBeLessThanOrEqual(2);
    }
    expect(answers.filter((a) => a.r.ok).length).toBe(2);
    const throttled = answers.find((a) => !a.r.ok)!.r;
    expect(!throttled.ok && isThrottlingError(throttled.error)).toBe(true);
    // 3 s later the bucket holds 2 tokens again (capped at the burst)
    ec2.launch(request(['m5.large']), (r) => answers.push({ at: clock.now(), r }));
    clock.run(6);
    expect(answers[3]!.r.ok).toBe(true);
  });

  it('injected errors fail the next calls of an action', () => {
    const { ec2, clock } = mockWorld();
    ec2.injectError('CreateFleet', 'InternalError', 1);
    const rs: LaunchResult[] = [];
    ec2.launch(request(['m5.large']), (r) => rs.push(r));
    ec2.launch(request(['m5.large']), (r) => rs.push(r));
    clock.run(5);
    expect(rs.map((r) => (r.ok ? 'ok' : r.error.code)).sort()).toEqual(['InternalError', 'ok']);
  });

  it('keeps terminated instances visible for the retention period, then NotFound', () => {
    const { ec2, clock } = mockWorld({ ec2: { terminatedRetentionSeconds: 100 } });
    const id = ok(ec2.launchNow(request(['m5.large']))).instance.id;
    expect(ec2.terminateNow(id)).toEqual({ ok: true });
    expect(ec2.getNow(id)?.state).toBe('terminated');
    expect(ec2.terminateNow(id)).toEqual({ ok: true });
    clock.run(101);
    expect(ec2.getNow(id)).toBeUndefined();
    expect(err(ec2.terminateNow(id)).code).toBe('InvalidInstanceID.NotFound');
    expect(err(ec2.terminateNow('not-an-id')).code).toBe('InvalidInstanceID.Malformed');
  });

  it('lists by tags and adds tags', () => {
    const { ec2 } = mockWorld();
    const a = ok(ec2.launchNow(request(['m5.large'], { tags: { pool: 'a' } }))).instance;
    ok(ec2.launchNow(request(['m5.large'], { tags: { pool: 'b' } })));
    expect(ec2.listNow({ pool: 'a' }).map((i) => i.id)).toEqual([a.id]);
    expect(ec2.createTags(a.id, { extra: '1' })).toEqual({ ok: true });
    expect(ec2.listNow({ pool: 'a', extra: '1' }).map((i) => i.id)).toEqual([a.id]);
    expect(ec2.listNow().length).toBe(2);
  });
});

describe('billing', () => {
  it('bills per second with a 60 s minimum, from launch to termination', () => {
    const { ec2, clock } = mockWorld();
    const a = ok(ec2.launchNow(request(['m5.large']))).instance; // $0.096/h
    const b = ok(ec2.launchNow(request(['m5.large']))).instance;
    clock.run(30);
    ec2.terminateNow(a.id);
    // 30 s billed as 60 s: 0.096 × 60 / 3600
    expect(ec2.costOf(a.id)).toBeCloseTo(0.0016, 12);
    clock.run(90);
    ec2.terminateNow(b.id);
    expect(ec2.costOf(b.id)).toBeCloseTo(0.0024, 12);
    const ledger = ec2.ledger();
    expect(ledger.map((e) => [e.instanceId, e.launchedAt, e.terminatedAt, e.billedSeconds, e.terminationReason])).toEqual([
      [a.id, 0, 30, 60, 'terminate-api'],
      [b.id, 0, 90, 90, 'terminate-api'],
    ]);
    expect(ec2.totalCostUsd()).toBeCloseTo(0.004, 12);
    expect(ec2.costOf('i-0ffffffffffffffff')).toBeUndefined();
  });

  it('bills a running instance up to now', () => {
    const { ec2, clock } = mockWorld();
    const a = ok(ec2.launchNow(request(['c5.large']))).instance; // $0.085/h
    clock.run(3600);
    expect(ec2.costOf(a.id)).toBeCloseTo(0.085, 12);
  });
});

describe('determinism', () => {
  const run = (seed: number) => {
    const { ec2, clock } = mockWorld({ seed, ec2: { spot: { hazardMultiplier: 200 }, iceProbability: 0.2 } });
    const log: string[] = [];
    ec2.onInstanceEvent((e: InstanceEvent) => log.push(`${e.at.toFixed(6)} ${e.kind} ${e.instance.id} ${e.instance.instanceType}`));
    ec2.onEvent((e) => log.push(`${e.at.toFixed(6)} ${e.kind} ${e.instanceId}`));
    for (let i = 0; i < 40; i++) {
      ec2.launch(request(['m5.large/us-east-1a/spot', 'c5.large/us-east-1b/spot', 'r5.large/us-east-1c/spot'], { tags: { n: String(i) } }), () => {});
    }
    clock.run(3 * 24 * 3600);
    return JSON.stringify({ log, ledger: ec2.ledger() });
  };

  it('gives the same timeline for the same seed and another for another seed', () => {
    expect(run(5)).toBe(run(5));
    expect(run(5)).not.toBe(run(6));
  });
});
