import { describe, expect, it } from 'vitest';
import { instanceFromSdk, listFilters } from './instances.js';

describe('DescribeInstances items', () => {
  const priceOf = (t: string, z: string, c: string) => (t === 'm5.large' && z === 'us-east-1c' && c === 'spot' ? 0.034 : undefined);

  it('maps a spot instance: provider id, lifecycle, launch time in epoch seconds, tags, catalog price', () => {
    const i = instanceFromSdk(
      {
        InstanceId: 'i-0abc0abc0abc0abc0',
        InstanceType: 'm5.large',
        Placement: { AvailabilityZone: 'us-east-1c' },
        InstanceLifecycle: 'spot',
        State: { Name: 'running', Code: 16 },
        LaunchTime: new Date('2024-05-01T10:00:00Z'),
        Tags: [{ Key: 'fleetsim.io/cluster', Value: 'prod' }, { Key: 'Name' }],
      },
      priceOf,
    );
    expect(i).toEqual({
      id: 'i-0abc0abc0abc0abc0',
      providerID: 'aws:///us-east-1c/i-0abc0abc0abc0abc0',
      instanceType: 'm5.large',
      zone: 'us-east-1c',
      capacityType: 'spot',
      pricePerHour: 0.034,
      launchedAt: 1_714_557_600,
      state: 'running',
      tags: { 'fleetsim.io/cluster': 'prod', Name: '' },
    });
  });

  it('treats a missing lifecycle as on-demand and skips items without a zone', () => {
    expect(instanceFromSdk({ InstanceId: 'i-1', InstanceType: 'm5.large', Placement: { AvailabilityZone: 'us-east-1a' }, State: { Name: 'pending' } }, priceOf)?.capacityType).toBe('on-demand');
    expect(instanceFromSdk({ InstanceId: 'i-1', InstanceType: 'm5.large' }, priceOf)).toBeUndefined();
  });

  it('lists by tags, always within this cluster, never terminated', () => {
    expect(listFilters({ team: 'a' }, 'prod')).toEqual([
      { Name: 'tag:team', Values: ['a'] },
      { Name: 'tag:fleetsim.io/cluster', Values: ['prod'] },
      { Name: 'instance-state-name', Values: ['pending', 'running', 'stopping', 'stopped', 'shutting-down'] },
    ]);
  });
});
