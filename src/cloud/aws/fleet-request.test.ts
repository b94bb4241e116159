import { describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../cloud-provider.js';
import { isCloudError } from '../errors.js';
import { createFleetInput, launchTags, MAX_OVERRIDES } from './fleet-request.js';

const prices: Record<string, number> = { 'm5.large/us-east-1a/on-demand': 0.096, 'm5.large/us-east-1b/spot': 0.033, 'c5.large/us-east-1a/spot': 0.03 };
const ctx = {
  clusterName: 'prod',
  launchTemplate: { name: 'nodes' },
  priceOf: (t: string, z: string, c: string) => prices[`${t}/${z}/${c}`],
};

function request(over: Partial<LaunchRequest> = {}): LaunchRequest {
  return {
    nodeClaimName: 'default-abcde',
    nodePoolName: 'default',
    nodeClassName: 'default',
    capacityType: 'spot',
    overrides: [
      { instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'spot' },
      { instanceType: 'm5.large', zone: 'us-east-1b', capacityType: 'spot' },
    ],
    tags: { team: 'payments' },
    ...over,
  };
}

describe('createFleetInput', () => {
  it('asks for one instant spot instance with price-capacity-optimized over the request pools', () => {
    const input = createFleetInput(request(), ctx);
    expect(input.Type).toBe('instant');
    expect(input.TargetCapacitySpecification).toEqual({ TotalTargetCapacity: 1, DefaultTargetCapacityType: 'spot' });
    expect(input.SpotOptions).toEqual({ AllocationStrategy: 'price-capacity-optimized' });
    expect(input.OnDemandOptions).toBeUndefined();
    expect(input.LaunchTemplateConfigs).toEqual([
      {
        LaunchTemplateSpecification: { LaunchTemplateName: 'nodes', Version: '$Latest' },
        Overrides: [
          { InstanceType: 'c5.large', AvailabilityZone: 'us-east-1a', Priority: 0.03 },
          { InstanceType: 'm5.large', AvailabilityZone: 'us-east-1b', Priority: 0.033 },
        ],
      },
    ]);
  });

  it('uses lowest-price for on-demand, the launch template id and version when given, and the request priority', () => {
    const input = createFleetInput(
      request({ capacityType: 'on-demand', overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand', priority: 3 }] }),
      { ...ctx, launchTemplate: { id: 'lt-0abc', version: '7' } },
    );
    expect(input.TargetCapacitySpecification?.DefaultTargetCapacityType).toBe('on-demand');
    expect(input.OnDemandOptions).toEqual({ AllocationStrategy: 'lowest-price' });
    expect(input.SpotOptions).toBeUndefined();
    expect(input.LaunchTemplateConfigs![0]!.LaunchTemplateSpecification).toEqual({ LaunchTemplateId: 'lt-0abc', Version: '7' });
    expect(input.LaunchTemplateConfigs![0]!.Overrides).toEqual([{ InstanceType: 'm5.large', AvailabilityZone: 'us-east-1a', Priority: 3 }]);
  });

  it('tags instance, volume and fleet with the request tags and ownership tags that requests cannot override', () => {
    const input = createFleetInput(request({ tags: { team: 'payments', 'fleetsim.io/cluster': 'someone-else' } }), ctx);
    const expected = [
      { Key: 'team', Value: 'payments' },
      { Key: 'fleetsim.io/cluster', Value: 'prod' },
      { Key: 'karpenter.sh/nodepool', Value: 'default' },
      { Key: 'karpenter.sh/nodeclaim', Value: 'default-abcde' },
      { Key: 'karpenter.k8s.aws/ec2nodeclass', Value: 'default' },
    ];
    expect(input.TagSpecifications!.map((t) => t.ResourceType)).toEqual(['instance', 'volume', 'fleet']);
    for (const spec of input.TagSpecifications!) expect(spec.Tags).toEqual(expected);
    expect(launchTags(request(), 'prod')['fleetsim.io/cluster']).toBe('prod');
  });

  it('names one subnet per zone instead of the zone and drops zones without a subnet', () => {
    const input = createFleetInput(request(), { ...ctx, subnets: { 'us-east-1b': 'subnet-0b' } });
    expect(input.LaunchTemplateConfigs![0]!.Overrides).toEqual([{ InstanceType: 'm5.large', SubnetId: 'subnet-0b', Priority: 0.033 }]);
    let caught: unknown;
    try {
      createFleetInput(request(), { ...ctx, subnets: { 'us-east-1c': 'subnet-0c' } });
    } catch (e) {
      caught = e;
    }
    expect(isCloudError(caught) && caught.code).toBe('InvalidParameterValue');
  });

  it('keeps only overrides of the request capacity type, at most 60, priced by position when the catalog has no price', () => {
    const overrides = Array.from({ length: 70 }, (_, i) => ({ instanceType: `x${i}.large`, zone: 'us-east-1a', capacityType: 'spot' as const }));
    const input = createFleetInput(request({ overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }, ...overrides] }), ctx);
    const got = input.LaunchTemplateConfigs![0]!.Overrides!;
    expect(got.length).toBe(MAX_OVERRIDES);
    expect(got[0]).toEqual({ InstanceType: 'x0.large', AvailabilityZone: 'us-east-1a', Priority: 1 });
    expect(got.every((o) => o.InstanceType !== 'm5.large')).toBe(true);
  });

  it('refuses a launch template with neither name nor id', () => {
    expect(() => createFleetInput(request(), { ...ctx, launchTemplate: {} })).toThrow(/launch template/);
  });
});
