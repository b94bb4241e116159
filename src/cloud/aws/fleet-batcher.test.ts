import { CreateFleetCommand, type CreateFleetCommandInput } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { awsWorld, type AwsWorld } from '../../../test/live/aws-world.js';
import type { LaunchRequest } from '../cloud-provider.js';
import { splitFleetAnswer } from './fleet-batcher.js';

let seq = 0;
function request(pools: [string, string][], capacityType: 'spot' | 'on-demand' = 'on-demand'): LaunchRequest {
  seq++;
  return {
    nodeClaimName: `default-${seq}`,
    nodePoolName: 'default',
    nodeClassName: 'default',
    capacityType,
    overrides: pools.map(([instanceType, zone]) => ({ instanceType, zone, capacityType })),
    tags: { team: 'blue' },
  };
}

describe('splitFleetAnswer', () => {
  it('gives caller i the i-th instance (entries with several ids are split), the errors to everyone, nothing to the rest', () => {
    const err = { ErrorCode: 'InsufficientInstanceCapacity' };
    const out = splitFleetAnswer(
      { Instances: [{ InstanceType: 'm5.large', InstanceIds: ['i-1', 'i-2'] }, { InstanceType: 'c5.large', InstanceIds: ['i-3'] }], Errors: [err] },
      4,
    );
    expect(out.map((a) => a.Instances?.[0]?.InstanceIds)).toEqual([['i-1'], ['i-2'], ['i-3'], undefined]);
    expect(out.map((a) => a.Instances?.[0]?.InstanceType)).toEqual(['m5.large', 'm5.large', 'c5.large', undefined]);
    expect(out.every((a) => a.Errors?.[0] === err)).toBe(true);
  });
});

describe('AwsCloudProvider CreateFleet batching against the EC2 query-API server', () => {
  let w: AwsWorld;
  let fleets: CreateFleetCommandInput[];
  beforeAll(async () => {
    w = await awsWorld({ provider: { createFleetBatching: true } });
    fleets = [];
    const send = w.client.send.bind(w.client) as (cmd: unknown) => Promise<unknown>;
    vi.spyOn(w.client, 'send').mockImplementation(((cmd: unknown) => {
      if (cmd instanceof CreateFleetCommand) fleets.push(cmd.input);
      return send(cmd);
    }) as typeof w.client.send);
  });
  afterAll(async () => {
    await w.close();
  });

  it('five concurrent identical launches make one CreateFleet with TotalTargetCapacity 5; each NodeClaim gets its own instance and tag', async () => {
    fleets.length = 0;
    const reqs = Array.from({ length: 5 }, () => request([['m5.large', 'us-east-1b']]));
    const results = await Promise.all(reqs.map((r) => w.provider.launchAsync(r)));
    expect(fleets).toHaveLength(1);
    expect(fleets[0]!.TargetCapacitySpecification?.TotalTargetCapacity).toBe(5);
    const ids = results.map((r) => (r.ok ? r.instance.id : r.error.message));
    expect(new Set(ids).size).toBe(5);
    results.forEach((r, i) => {
      if (!r.ok) throw r.error;
      expect([r.instance.instanceType, r.instance.zone, r.instance.capacityType]).toEqual(['m5.large', 'us-east-1b', 'on-demand']);
      // ownership tags came with the fleet; the NodeClaim tag was written on that instance afterwards
      expect(w.ec2.getNow(r.instance.id)!.tags).toMatchObject({ team: 'blue', 'fleetsim.io/cluster': 'fleetsim-test', 'karpenter.sh/nodeclaim': reqs[i]!.nodeClaimName });
    });
  });

  it('requests with different overrides are not coalesced (two windows, two CreateFleet calls)', async () => {
    fleets.length = 0;
    const a = Array.from({ length: 2 }, () => request([['m5.large', 'us-east-1c']]));
    const b = Array.from({ length: 3 }, () => request([['c5.xlarge', 'us-east-1c']]));
    const results = await Promise.all([...a, ...b].map((r) => w.provider.launchAsync(r)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(fleets.map((f) => f.TargetCapacitySpecification?.TotalTargetCapacity).sort()).toEqual([2, 3]);
  });

  it('a launch alone still goes out after the idle window (one call, capacity 1)', async () => {
    fleets.length = 0;
    const r = await w.provider.launchAsync(request([['m5.xlarge', 'us-east-1a']]));
    expect(r.ok).toBe(true);
    expect(fleets.map((f) => f.TargetCapacitySpecification?.TotalTargetCapacity)).toEqual([1]);
  });

  it('when the fleet comes back short, the callers without an instance get its capacity error', async () => {
    fleets.length = 0;
    // c5.large has no on-demand capacity in us-east-1a in this world (pool depth 0).
    const results = await Promise.all(Array.from({ length: 2 }, () => w.provider.launchAsync(request([['c5.large', 'us-east-1a']]))));
    expect(fleets).toHaveLength(1);
    for (const r of results) {
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('InsufficientInstanceCapacity');
    }
  });
});
