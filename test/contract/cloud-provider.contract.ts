import { describe, expect, it } from 'vitest';
import type { CapacityType } from '../../src/model/index.js';
import type { CloudProvider, Instance, LaunchRequest, LaunchResult, TerminateResult } from '../../src/cloud/cloud-provider.js';
import { isCapacityError, isNotFoundError } from '../../src/cloud/errors.js';

/**
 * The CloudProvider contract, run against every implementation (the mock EC2 in-process; the AWS adapter
 * over the EC2 API server). The harness says how time moves: a simulation steps its clock, a live
 * implementation waits.
 */
export interface OfferingRef {
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
}

export interface CloudProviderHarness {
  readonly provider: CloudProvider;
  /** Let time move on a little (one simulated event, or a few real milliseconds). False when nothing can ever happen again. */
  advance(): Promise<boolean> | boolean;
  /** An offering with plenty of capacity. */
  readonly available: OfferingRef;
  /** A second offering with capacity, of another instance type, pricier than `exhausted`. */
  readonly alternative: OfferingRef;
  /** An offering that has no capacity (the capacity-error cases are skipped when absent). */
  readonly exhausted?: OfferingRef;
  close?(): Promise<void> | void;
}

/** Call a callback-style operation and advance time until it answers. */
export async function answer<T>(h: CloudProviderHarness, start: (done: (v: T) => void) => void, maxSteps = 100_000): Promise<T> {
  let result: { v: T } | undefined;
  start((v) => {
    result = { v };
  });
  for (let i = 0; !result && i < maxSteps; i++) {
    if (!(await h.advance())) break;
  }
  if (!result) throw new Error('the provider never answered');
  return result.v;
}

let requestSeq = 0;
export function launchRequest(offerings: readonly OfferingRef[], tags: Record<string, string> = {}): LaunchRequest {
  requestSeq++;
  return {
    nodeClaimName: `claim-${requestSeq}`,
    nodePoolName: 'default',
    nodeClassName: 'default',
    capacityType: offerings[0]!.capacityType,
    overrides: offerings.map((o) => ({ instanceType: o.instanceType, zone: o.zone, capacityType: o.capacityType })),
    tags: { 'karpenter.sh/nodeclaim': `claim-${requestSeq}`, ...tags },
  };
}

export function describeCloudProviderContract(name: string, makeProvider: () => Promise<CloudProviderHarness> | CloudProviderHarness): void {
  describe(`CloudProvider contract: ${name}`, () => {
    const withHarness = (fn: (h: CloudProviderHarness) => Promise<void>) => async () => {
      const h = await makeProvider();
      try {
        await fn(h);
      } finally {
        await h.close?.();
      }
    };
    const launch = (h: CloudProviderHarness, offerings: readonly OfferingRef[], tags?: Record<string, string>) =>
      answer<LaunchResult>(h, (done) => h.provider.launch(launchRequest(offerings, tags), done));
    const mustLaunch = async (h: CloudProviderHarness, offerings: readonly OfferingRef[], tags?: Record<string, string>): Promise<Instance> => {
      const r = await launch(h, offerings, tags);
      if (!r.ok) throw r.error;
      return r.instance;
    };

    it('lists instance types with offerings for the harness offerings', withHarness(async (h) => {
      const types = h.provider.instanceTypes();
      for (const ref of [h.available, h.alternative]) {
        const t = types.find((x) => x.name === ref.instanceType);
        expect(t, ref.instanceType).toBeDefined();
        const o = t!.offerings.find((x) => x.zone === ref.zone && x.capacityType === ref.capacityType);
        expect(o).toBeDefined();
        expect(o!.pricePerHour).toBeGreaterThan(0);
        expect(t!.allocatable.cpuMillis).toBeLessThan(t!.capacity.cpuMillis);
      }
    }));

    it('launches an instance in the requested offering, with the request tags', withHarness(async (h) => {
      const inst = await mustLaunch(h, [h.available], { team: 'a' });
      expect(inst.id).toMatch(/^i-[0-9a-f]+$/);
      expect(inst.providerID).toBe(`aws:///${h.available.zone}/${inst.id}`);
      expect([inst.instanceType, inst.zone, inst.capacityType]).toEqual([h.available.instanceType, h.available.zone, h.available.capacityType]);
      expect(inst.pricePerHour).toBeGreaterThan(0);
      expect(inst.tags.team).toBe('a');
      expect(['pending', 'running']).toContain(inst.state);
    }));

    it('describes a launched instance by id and finds it by tags', withHarness(async (h) => {
      const inst = await mustLaunch(h, [h.available], { 'contract/owner': 'x1' });
      const other = await mustLaunch(h, [h.alternative], { 'contract/owner': 'x2' });
      const got = await answer<Instance | undefined>(h, (done) => h.provider.get(inst.id, done));
      expect(got?.id).toBe(inst.id);
      expect(got?.instanceType).toBe(h.available.instanceType);
      const listed = await answer<readonly Instance[]>(h, (done) => h.provider.list({ 'contract/owner': 'x1' }, done));
      expect(listed.map((i) => i.id)).toEqual([inst.id]);
      const none = await answer<readonly Instance[]>(h, (done) => h.provider.list({ 'contract/owner': 'nobody' }, done));
      expect(none).toEqual([]);
      const second = await answer<readonly Instance[]>(h, (done) => h.provider.list({ 'contract/owner': 'x2' }, done));
      expect(second.map((i) => i.id)).toEqual([other.id]);
    }));

    it('terminates an instance; it is then gone or shown terminated', withHarness(async (h) => {
      const inst = await mustLaunch(h, [h.available]);
      const r = await answer<TerminateResult>(h, (done) => h.provider.terminate(inst.id, done));
      expect(r).toEqual({ ok: true });
      const got = await answer<Instance | undefined>(h, (done) => h.provider.get(inst.id, done));
      if (got) expect(['shutting-down', 'terminated']).toContain(got.state);
    }));

    it('answers InvalidInstanceID.NotFound for an unknown instance, and get gives undefined', withHarness(async (h) => {
      const r = await answer<TerminateResult>(h, (done) => h.provider.terminate('i-0fffffffffffffff0', done));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(isNotFoundError(r.error)).toBe(true);
      expect(await answer<Instance | undefined>(h, (done) => h.provider.get('i-0fffffffffffffff0', done))).toBeUndefined();
    }));

    it('fails with a capacity error naming the unavailable offering', withHarness(async (h) => {
      if (!h.exhausted) return;
      const r = await launch(h, [h.exhausted]);
      expect(r.ok).toBe(false);
      if (r.ok) return;
      expect(isCapacityError(r.error)).toBe(true);
      expect(r.error.unavailable).toContainEqual({ instanceType: h.exhausted.instanceType, zone: h.exhausted.zone, capacityType: h.exhausted.capacityType });
    }));

    it('falls through an exhausted offering to one with capacity', withHarness(async (h) => {
      if (!h.exhausted || h.exhausted.capacityType !== h.alternative.capacityType) return;
      const inst = await mustLaunch(h, [h.exhausted, h.alternative]);
      expect([inst.instanceType, inst.zone]).toEqual([h.alternative.instanceType, h.alternative.zone]);
    }));
  });
}
