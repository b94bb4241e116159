import { describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../cloud-provider.js';
import { isCapacityError } from '../errors.js';
import { launchResultFromFleet, unavailableOfferings } from './fleet-response.js';

const request: LaunchRequest = {
  nodeClaimName: 'default-x1',
  nodePoolName: 'default',
  nodeClassName: 'default',
  capacityType: 'spot',
  overrides: [],
  tags: {},
};
const ctx = { now: 1_700_000_000, tags: { a: 'b' }, priceOf: (t: string, z: string, c: string) => (t === 'm5.large' && z === 'us-east-1b' && c === 'spot' ? 0.0331 : undefined) };

// Shapes as EC2 answers CreateFleet(instant): per-override errors plus the launched instances.
const ice = (type: string, zone: string) => ({
  LaunchTemplateAndOverrides: { LaunchTemplateSpecification: { LaunchTemplateName: 'nodes', Version: '$Latest' }, Overrides: { InstanceType: type as never, AvailabilityZone: zone } },
  Lifecycle: 'spot' as const,
  ErrorCode: 'InsufficientInstanceCapacity',
  ErrorMessage: 'There is no Spot capacity available that matches your request.',
});

describe('launchResultFromFleet', () => {
  it('builds the instance from the fleet answer, with the offerings tried before it', () => {
    const r = launchResultFromFleet(
      {
        Errors: [ice('c5.large', 'us-east-1a'), ice('c5.large', 'us-east-1a')],
        Instances: [{ LaunchTemplateAndOverrides: { Overrides: { InstanceType: 'm5.large', AvailabilityZone: 'us-east-1b' } }, Lifecycle: 'spot', InstanceIds: ['i-0123456789abcdef0'], InstanceType: 'm5.large' }],
      },
      request,
      ctx,
    );
    expect(r).toEqual({
      ok: true,
      instance: {
        id: 'i-0123456789abcdef0',
        providerID: 'aws:///us-east-1b/i-0123456789abcdef0',
        instanceType: 'm5.large',
        zone: 'us-east-1b',
        capacityType: 'spot',
        pricePerHour: 0.0331,
        launchedAt: 1_700_000_000,
        state: 'pending',
        tags: { a: 'b' },
      },
      unavailable: [{ instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'spot' }],
    });
  });

  it('answers a capacity error naming every unavailable offering when nothing launched', () => {
    const r = launchResultFromFleet({ Errors: [ice('c5.large', 'us-east-1a'), ice('m5.large', 'us-east-1c')], Instances: [] }, request, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(isCapacityError(r.error)).toBe(true);
    expect(r.error.code).toBe('InsufficientInstanceCapacity');
    expect(r.error.unavailable).toEqual([
      { instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'spot' },
      { instanceType: 'm5.large', zone: 'us-east-1c', capacityType: 'spot' },
    ]);
    expect(r.error.message).toContain('c5.large in us-east-1a');
  });

  it('surfaces a non-capacity error (launch template missing) over capacity errors, as Karpenter combines them', () => {
    const r = launchResultFromFleet(
      { Errors: [ice('c5.large', 'us-east-1a'), { ErrorCode: 'InvalidLaunchTemplateName.NotFoundException', ErrorMessage: 'The specified launch template, with template name nodes, does not exist.' }] },
      request,
      ctx,
    );
    expect(!r.ok && [r.error.code, isCapacityError(r.error)]).toEqual(['InvalidParameterValue', false]);
    expect(!r.ok && r.error.message).toContain('InvalidLaunchTemplateName.NotFoundException');
    expect(!r.ok && r.error.unavailable.length).toBe(1);
  });

  it('quota errors keep their code; an empty answer is UnfulfillableCapacity', () => {
    const quota = { ...ice('m5.large', 'us-east-1a'), Lifecycle: 'on-demand' as const, ErrorCode: 'VcpuLimitExceeded' };
    const r = launchResultFromFleet({ Errors: [quota] }, { ...request, capacityType: 'on-demand' }, ctx);
    expect(!r.ok && [r.error.code, r.error.unavailable]).toEqual(['VcpuLimitExceeded', [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }]]);
    const empty = launchResultFromFleet({}, request, ctx);
    expect(!empty.ok && empty.error.code).toBe('UnfulfillableCapacity');
  });

  it('maps SubnetId overrides back to their zone', () => {
    const subnetIce = { ...ice('c5.large', ''), LaunchTemplateAndOverrides: { Overrides: { InstanceType: 'c5.large' as never, SubnetId: 'subnet-0a' } } };
    expect(unavailableOfferings({ Errors: [subnetIce] }, request, { 'us-east-1a': 'subnet-0a' })).toEqual([{ instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'spot' }]);
    const r = launchResultFromFleet(
      { Instances: [{ LaunchTemplateAndOverrides: { Overrides: { InstanceType: 'm5.large', SubnetId: 'subnet-0b' } }, Lifecycle: 'spot', InstanceIds: ['i-00000000000000001'] }] },
      request,
      { ...ctx, subnets: { 'us-east-1b': 'subnet-0b' } },
    );
    expect(r.ok && [r.instance.zone, r.instance.providerID, r.instance.pricePerHour]).toEqual(['us-east-1b', 'aws:///us-east-1b/i-00000000000000001', 0.0331]);
  });
});
