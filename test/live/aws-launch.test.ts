import { RunInstancesCommand } from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LaunchRequest } from '../../src/cloud/cloud-provider.js';
import { isCapacityError } from '../../src/cloud/errors.js';
import { eventually } from './harness.js';
import { awsWorld, FAKE_CREDENTIALS, type AwsWorld } from './aws-world.js';

let seq = 0;
function request(capacityType: 'spot' | 'on-demand', pools: [string, string][], tags: Record<string, string> = {}): LaunchRequest {
  seq++;
  return {
    nodeClaimName: `default-${seq}`,
    nodePoolName: 'default',
    nodeClassName: 'default',
    capacityType,
    overrides: pools.map(([instanceType, zone]) => ({ instanceType, zone, capacityType })),
    tags,
  };
}

describe('AwsCloudProvider against the EC2 API server: launch, describe, tag, terminate', () => {
  let w: AwsWorld;
  beforeAll(async () => {
    w = await awsWorld();
  });
  afterAll(async () => {
    // credentials appear in no log line and no error message of this file's runs
    const text = JSON.stringify(w.logs);
    expect(text).not.toContain(FAKE_CREDENTIALS.secretAccessKey);
    expect(text).not.toContain(FAKE_CREDENTIALS.accessKeyId);
    await w.close();
  });

  it('launches spot through CreateFleet with ownership tags on the instance, priced at the pool spot price', async () => {
    const r = await w.provider.launchAsync(request('spot', [['m5.large', 'us-east-1a'], ['m5.large', 'us-east-1b']], { team: 'blue' }));
    if (!r.ok) throw r.error;
    const inst = r.instance;
    expect([inst.instanceType, inst.capacityType, inst.state]).toEqual(['m5.large', 'spot', 'pending']);
    expect(['us-east-1a', 'us-east-1b']).toContain(inst.zone);
    // the mock's own record of the instance: what EC2 stored from TagSpecifications
    const stored = w.ec2.getNow(inst.id)!;
    expect(stored.capacityType).toBe('spot');
    expect(stored.tags).toMatchObject({ team: 'blue', 'fleetsim.io/cluster': 'fleetsim-test', 'karpenter.sh/nodepool': 'default', 'karpenter.sh/nodeclaim': `default-${seq}` });
    expect(inst.pricePerHour).toBeCloseTo(w.ec2.priceOf('m5.large', inst.zone, 'spot')!, 6);
  });

  it('describes the instance until it runs, and lists it by its NodeClaim tag', async () => {
    const r = await w.provider.launchAsync(request('on-demand', [['m5.xlarge', 'us-east-1c']]));
    if (!r.ok) throw r.error;
    const id = r.instance.id;
    let state = '';
    await eventually(() => {
      void w.provider.getAsync(id).then((i) => (state = i?.state ?? 'gone'));
      return state === 'running';
    }, 10_000, 'the instance to run');
    const got = (await w.provider.getAsync(id))!;
    expect([got.instanceType, got.zone, got.capacityType, got.pricePerHour]).toEqual(['m5.xlarge', 'us-east-1c', 'on-demand', 0.192]);
    expect(got.launchedAt).toBeCloseTo(w.ec2.getNow(id)!.launchedAt, 0);
    const listed = await w.provider.listAsync({ 'karpenter.sh/nodeclaim': `default-${seq}` });
    expect(listed.map((i) => i.id)).toEqual([id]);
  });

  it('tags an owned instance with CreateTags but refuses to set the ownership tag', async () => {
    const r = await w.provider.launchAsync(request('on-demand', [['m5.large', 'us-east-1b']]));
    if (!r.ok) throw r.error;
    expect(await w.provider.tagAsync(r.instance.id, { Name: 'node-1' })).toEqual({ ok: true });
    expect(w.ec2.getNow(r.instance.id)!.tags.Name).toBe('node-1');
    const refused = await w.provider.tagAsync(r.instance.id, { 'fleetsim.io/cluster': 'other' });
    expect(!refused.ok && refused.error.code).toBe('UnauthorizedOperation');
    expect(w.ec2.getNow(r.instance.id)!.tags['fleetsim.io/cluster']).toBe('fleetsim-test');
  });

  it('terminates an owned instance: EC2 records the terminate call, and list no longer shows it', async () => {
    const r = await w.provider.launchAsync(request('on-demand', [['m5.large', 'us-east-1a']], { purpose: 'terminate-me' }));
    if (!r.ok) throw r.error;
    expect(await w.provider.terminateAsync(r.instance.id)).toEqual({ ok: true });
    expect(w.ec2.ledger().find((e) => e.instanceId === r.instance.id)?.terminationReason).toBe('terminate-api');
    expect((await w.provider.getAsync(r.instance.id))?.state).toBe('terminated');
    expect(await w.provider.listAsync({ purpose: 'terminate-me' })).toEqual([]);
  });

  it('refuses to terminate an instance of another cluster or without an owner, without calling TerminateInstances', async () => {
    const foreign = w.ec2.launchNow({ nodeClaimName: '', nodePoolName: '', nodeClassName: '', capacityType: 'on-demand', overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }], tags: { 'fleetsim.io/cluster': 'someone-else' } });
    if (!foreign.ok) throw foreign.error;
    const run = await w.client.send(new RunInstancesCommand({ ImageId: 'ami-1', InstanceType: 'm5.large', MinCount: 1, MaxCount: 1 }));
    const untagged = run.Instances![0]!.InstanceId!;
    const terminateCallsBefore = w.server.calls.TerminateInstances ?? 0;
    const describesBefore = w.server.calls.DescribeInstances ?? 0;
    for (const id of [foreign.instance.id, untagged]) {
      const r = await w.provider.terminateAsync(id);
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toBe('UnauthorizedOperation');
        expect(r.error.message).toContain(id);
      }
      expect(w.ec2.getNow(id)!.state).not.toBe('terminated');
    }
    expect(w.server.calls.TerminateInstances ?? 0).toBe(terminateCallsBefore);
    expect((w.server.calls.DescribeInstances ?? 0) - describesBefore).toBe(2);
    // the callback form of the port refuses the same way
    const viaPort = await new Promise<unknown>((done) => w.provider.terminate(foreign.instance.id, done));
    expect(viaPort).toMatchObject({ ok: false, error: { code: 'UnauthorizedOperation' } });
    // nor does list or tag reach it
    expect((await w.provider.listAsync({})).map((i) => i.id)).not.toContain(foreign.instance.id);
    expect((await w.provider.tagAsync(untagged, { Name: 'x' })).ok).toBe(false);
  });

  it('answers InvalidInstanceID.Malformed for a bad id', async () => {
    const r = await w.provider.terminateAsync('not-an-id');
    expect(!r.ok && r.error.code).toBe('InvalidInstanceID.Malformed');
  });
});

describe('AwsCloudProvider: capacity errors from CreateFleet', () => {
  let w: AwsWorld;
  beforeAll(async () => {
    w = await awsWorld({ mock: { vcpuLimits: { onDemand: 4 }, poolDepthOverrides: [{ instanceType: 'c5.large', zone: 'us-east-1a', depth: 0 }, { instanceType: 'c5.large', zone: 'us-east-1b', capacityType: 'spot', depth: 0 }] } });
  });
  afterAll(async () => w.close());

  it('parses InsufficientInstanceCapacity with every exhausted offering (spot, two pools)', async () => {
    const r = await w.provider.launchAsync(request('spot', [['c5.large', 'us-east-1a'], ['c5.large', 'us-east-1b']]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.code, isCapacityError(r.error)]).toEqual(['InsufficientInstanceCapacity', true]);
    expect([...r.error.unavailable].sort((a, b) => a.zone.localeCompare(b.zone))).toEqual([
      { instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'spot' },
      { instanceType: 'c5.large', zone: 'us-east-1b', capacityType: 'spot' },
    ]);
  });

  it('reports the exhausted pool of a launch that fell through to another', async () => {
    const r = await w.provider.launchAsync(request('on-demand', [['c5.large', 'us-east-1a'], ['m5.large', 'us-east-1a']]));
    if (!r.ok) throw r.error;
    expect(r.instance.instanceType).toBe('m5.large');
    expect(r.unavailable).toEqual([{ instanceType: 'c5.large', zone: 'us-east-1a', capacityType: 'on-demand' }]);
  });

  it('parses the vCPU quota error (4 on-demand vCPUs: m5.large holds 2, m5.xlarge needs 4 more)', async () => {
    const r = await w.provider.launchAsync(request('on-demand', [['m5.xlarge', 'us-east-1b']]));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect([r.error.code, isCapacityError(r.error)]).toEqual(['VcpuLimitExceeded', true]);
    expect(r.error.unavailable).toEqual([{ instanceType: 'm5.xlarge', zone: 'us-east-1b', capacityType: 'on-demand' }]);
  });

  it('passes an unknown instance type error through as InvalidParameterValue', async () => {
    const r = await w.provider.launchAsync(request('on-demand', [['m9.huge', 'us-east-1a']]));
    expect(!r.ok && [r.error.code, isCapacityError(r.error)]).toEqual(['InvalidParameterValue', false]);
  });
});
