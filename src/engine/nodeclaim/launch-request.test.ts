import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { LabelKeys, resources, type InstanceType, type NodeClaim, type Requirement } from '../../model/index.js';
import { fakeInstanceType } from '../testing/fake-instance-types.js';
import { req } from '../testing/fixtures.js';
import { buildLaunchRequest, type LaunchRequestOptions } from './launch-request.js';

const opts: LaunchRequestOptions = { isOfferingAvailable: (_, o) => o.available, maxInstanceTypes: 60, maxOverrides: 60, clusterName: 'test' };

function claim(options: readonly InstanceType[], o: { requirements?: readonly Requirement[]; cpuMillis?: number; gpus?: number } = {}): NodeClaim {
  return {
    name: 'default-00001',
    nodePoolName: 'default',
    nodeClassName: 'default',
    createdAt: 0,
    requirements: o.requirements ?? [],
    instanceTypeOptions: options.map((t) => t.name),
    requests: resources({ cpuMillis: o.cpuMillis ?? 100, gpus: o.gpus ?? 0, pods: 1 }),
    taints: [],
    startupTaints: [],
    templateHash: 'x',
    status: {},
  };
}

function build(types: readonly InstanceType[], o: Parameters<typeof claim>[1] = {}, extra: Partial<LaunchRequestOptions> = {}) {
  const outcome = buildLaunchRequest(claim(types, o), types, { ...opts, ...extra });
  if (!outcome.ok) throw new Error(outcome.reason);
  return outcome.request;
}

/** A type with explicit offerings "zone/capacityType/price". */
function typed(name: string, vcpu: number, offerings: string[], extra: Partial<InstanceType> = {}): InstanceType {
  const base = fakeInstanceType(name, vcpu, vcpu * 4, 20);
  return {
    ...base,
    offerings: offerings.map((s) => {
      const [zone, capacityType, price] = s.split('/');
      return { zone, capacityType: capacityType as 'spot' | 'on-demand', pricePerHour: Number(price), available: true };
    }),
    ...extra,
  };
}

describe('buildLaunchRequest', () => {
  const catalog = loadCatalog({ families: ['c5', 'm5', 'r5', 'g4dn'] });

  it('asks for on-demand when the claim only allows on-demand, cheapest override first', () => {
    const types = catalog.filter((t) => ['m5.large', 'c5.large', 'r5.large'].includes(t.name));
    const r = build(types, { requirements: [req(LabelKeys.capacityType, 'In', 'on-demand')] });
    expect(r.capacityType).toBe('on-demand');
    // real us-east-1 on-demand prices: c5.large 0.085 < m5.large 0.096 < r5.large 0.126, in each of 3 zones
    expect(r.overrides.map((o) => o.instanceType)).toEqual([...Array(3).fill('c5.large'), ...Array(3).fill('m5.large'), ...Array(3).fill('r5.large')]);
    expect(r.overrides.map((o) => o.priority)).toEqual([0.085, 0.085, 0.085, 0.096, 0.096, 0.096, 0.126, 0.126, 0.126]);
  });

  it('prefers spot when both capacity types are allowed and spot is offered', () => {
    const r = build(catalog.filter((t) => t.name === 'm5.large'));
    expect(r.capacityType).toBe('spot');
    expect(r.overrides.every((o) => o.capacityType === 'spot')).toBe(true);
  });

  it('drops spot offerings pricier than the cheapest on-demand one', () => {
    const a = typed('a', 2, ['z1/on-demand/0.10', 'z1/spot/0.04', 'z2/spot/0.12']);
    const b = typed('b', 2, ['z1/on-demand/0.20', 'z1/spot/0.15']);
    const r = build([a, b]);
    expect(r.overrides.map((o) => `${o.instanceType}/${o.zone}`)).toEqual(['a/z1']);
  });

  it('falls back to on-demand when no spot offering is cheaper than on-demand', () => {
    const a = typed('a', 2, ['z1/on-demand/0.10', 'z1/spot/0.30']);
    expect(build([a]).capacityType).toBe('on-demand');
  });

  it('keeps zone requirements', () => {
    const r = build(catalog.filter((t) => t.name === 'c5.large'), { requirements: [req(LabelKeys.zone, 'In', 'us-east-1b'), req(LabelKeys.capacityType, 'In', 'on-demand')] });
    expect(r.overrides.map((o) => o.zone)).toEqual(['us-east-1b']);
  });

  it('skips types too small for the claim and offerings the ICE cache hides', () => {
    const types = catalog.filter((t) => ['c5.large', 'c5.xlarge', 'c5.2xlarge'].includes(t.name));
    const r = build(types, { cpuMillis: 2500, requirements: [req(LabelKeys.capacityType, 'In', 'on-demand')] }, {
      isOfferingAvailable: (it, o) => !(it.name === 'c5.xlarge' && o.zone === 'us-east-1a'),
    });
    expect(r.overrides.map((o) => `${o.instanceType}/${o.zone}`)).toEqual(['c5.xlarge/us-east-1b', 'c5.xlarge/us-east-1c', 'c5.2xlarge/us-east-1a', 'c5.2xlarge/us-east-1b', 'c5.2xlarge/us-east-1c']);
  });

  it('drops GPU and metal types unless nothing else fits', () => {
    const types = catalog.filter((t) => ['g4dn.xlarge', 'm5.metal', 'r5.xlarge'].includes(t.name));
    const onDemand = [req(LabelKeys.capacityType, 'In', 'on-demand')];
    expect(new Set(build(types, { requirements: onDemand }).overrides.map((o) => o.instanceType))).toEqual(new Set(['r5.xlarge']));
    const gpuOnly = build(types, { requirements: onDemand, gpus: 1 });
    expect(new Set(gpuOnly.overrides.map((o) => o.instanceType))).toEqual(new Set(['g4dn.xlarge']));
  });

  it('sends at most 60 overrides, the cheapest', () => {
    const types = Array.from({ length: 100 }, (_, i) => typed(`t${String(i).padStart(3, '0')}`, 2, [`z1/on-demand/${(100 - i) / 100}`, `z2/on-demand/${(100 - i) / 100}`]));
    const r = build(types);
    expect(r.overrides).toHaveLength(60);
    expect(r.overrides[0].instanceType).toBe('t099');
    expect(r.overrides.at(-1)?.instanceType).toBe('t070');
  });

  it('fails when no option has an available offering', () => {
    const outcome = buildLaunchRequest(claim(catalog.slice(0, 2)), catalog.slice(0, 2), { ...opts, isOfferingAvailable: () => false });
    expect(outcome.ok).toBe(false);
  });
});
