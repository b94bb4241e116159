import {
  CreateFleetCommand,
  CreateTagsCommand,
  DescribeAvailabilityZonesCommand,
  DescribeInstancesCommand,
  DescribeInstanceTypesCommand,
  DescribeSpotPriceHistoryCommand,
  EC2Client,
  RunInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/load.js';
import { RandomSource } from '../../sim/random.js';
import { MockEc2 } from '../mock-ec2/mock-ec2.js';
import type { MockEc2Options } from '../mock-ec2/options.js';
import { startEc2ApiServer, type Ec2ApiServer } from './server.js';
import { WallClock } from './wall-clock.js';

async function world(options: MockEc2Options = {}) {
  const clock = new WallClock();
  const ec2 = new MockEc2(clock, new RandomSource(1), loadCatalog({ families: ['m5', 'c5'] }), {
    apiLatencySeconds: { min: 0, max: 0 },
    describeLatencySeconds: { min: 0, max: 0 },
    poolDepthOverrides: [{ instanceType: 'c5.large', zone: 'us-east-1a', depth: 0 }],
    ...options,
  });
  const server = await startEc2ApiServer({ ec2 });
  const client = new EC2Client({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'AKIAFLEETSIMFAKE0000', secretAccessKey: 'fake-secret' },
    maxAttempts: 1,
  });
  return { clock, ec2, server, client };
}

async function errorOf(p: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  try {
    await p;
  } catch (e) {
    const err = e as { name: string; message: string; $metadata?: { httpStatusCode?: number } };
    return { name: err.name, message: err.message, status: err.$metadata?.httpStatusCode };
  }
  throw new Error('expected the call to fail');
}

describe('EC2 API server driven by @aws-sdk/client-ec2', () => {
  let w: Awaited<ReturnType<typeof world>>;
  beforeAll(async () => {
    w = await world();
  });
  afterAll(async () => {
    w.client.destroy();
    await w.server.close();
    w.clock.close();
  });

  it('RunInstances, DescribeInstances, CreateTags, TerminateInstances', async () => {
    const run = await w.client.send(
      new RunInstancesCommand({
        ImageId: 'ami-123',
        InstanceType: 'm5.large',
        MinCount: 1,
        MaxCount: 1,
        Placement: { AvailabilityZone: 'us-east-1b' },
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'team', Value: 'blue' }] }],
      }),
    );
    const inst = run.Instances![0]!;
    expect(inst.InstanceId).toMatch(/^i-[0-9a-f]{17}$/);
    expect([inst.InstanceType, inst.Placement?.AvailabilityZone, inst.State?.Name, inst.State?.Code]).toEqual(['m5.large', 'us-east-1b', 'pending', 0]);
    expect(inst.Tags).toEqual([{ Key: 'team', Value: 'blue' }]);
    expect(inst.LaunchTime).toBeInstanceOf(Date);

    await w.client.send(new CreateTagsCommand({ Resources: [inst.InstanceId!], Tags: [{ Key: 'karpenter.sh/nodepool', Value: 'default' }] }));
    const described = await w.client.send(new DescribeInstancesCommand({ Filters: [{ Name: 'tag:karpenter.sh/nodepool', Values: ['default'] }] }));
    const found = described.Reservations!.flatMap((r) => r.Instances!);
    expect(found.map((i) => i.InstanceId)).toEqual([inst.InstanceId]);
    expect(found[0]!.Tags).toContainEqual({ Key: 'karpenter.sh/nodepool', Value: 'default' });
    expect(found[0]!.Architecture).toBe('x86_64');

    const term = await w.client.send(new TerminateInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    expect(term.TerminatingInstances![0]).toMatchObject({ InstanceId: inst.InstanceId, CurrentState: { Name: 'terminated', Code: 48 } });
    const after = await w.client.send(new DescribeInstancesCommand({ InstanceIds: [inst.InstanceId!] }));
    expect(after.Reservations![0]!.Instances![0]!.State?.Name).toBe('terminated');
    expect(w.ec2.ledger().find((e) => e.instanceId === inst.InstanceId)?.terminationReason).toBe('terminate-api');
  });

  it('CreateFleet (instant) launches the cheapest on-demand override and reports exhausted ones in Errors', async () => {
    const out = await w.client.send(
      new CreateFleetCommand({
        Type: 'instant',
        TargetCapacitySpecification: { TotalTargetCapacity: 2, DefaultTargetCapacityType: 'on-demand' },
        OnDemandOptions: { AllocationStrategy: 'lowest-price' },
        LaunchTemplateConfigs: [
          {
            LaunchTemplateSpecification: { LaunchTemplateName: 'fleetsim', Version: '$Latest' },
            Overrides: [
              { InstanceType: 'm5.large', AvailabilityZone: 'us-east-1a' },
              { InstanceType: 'c5.large', AvailabilityZone: 'us-east-1a' },
            ],
          },
        ],
        TagSpecifications: [{ ResourceType: 'instance', Tags: [{ Key: 'karpenter.sh/nodeclaim', Value: 'c-1' }] }],
      }),
    );
    expect(out.FleetId).toMatch(/^fleet-/);
    // c5.large ($0.085) is tried first but has no capacity in us-east-1a; m5.large ($0.096) gets both
    expect(out.Errors).toEqual([
      { LaunchTemplateAndOverrides: { Overrides: { InstanceType: 'c5.large', AvailabilityZone: 'us-east-1a' } }, Lifecycle: 'on-demand', ErrorCode: 'InsufficientInstanceCapacity', ErrorMessage: 'no capacity' },
    ]);
    expect(out.Instances!.length).toBe(1);
    expect(out.Instances![0]!.InstanceType).toBe('m5.large');
    expect(out.Instances![0]!.InstanceIds!.length).toBe(2);
    const tagged = w.ec2.listNow({ 'karpenter.sh/nodeclaim': 'c-1' });
    expect(tagged.map((i) => i.id).sort()).toEqual([...out.Instances![0]!.InstanceIds!].sort());
  });

  it('CreateFleet with no capacity anywhere answers 200 with only Errors, as EC2 does', async () => {
    const out = await w.client.send(
      new CreateFleetCommand({
        Type: 'instant',
        TargetCapacitySpecification: { TotalTargetCapacity: 1, DefaultTargetCapacityType: 'spot' },
        LaunchTemplateConfigs: [{ LaunchTemplateSpecification: { LaunchTemplateName: 'x' }, Overrides: [{ InstanceType: 'c5.large', AvailabilityZone: 'us-east-1a' }] }],
      }),
    );
    expect(out.Instances ?? []).toEqual([]);
    expect(out.Errors!.map((e) => [e.ErrorCode, e.Lifecycle])).toEqual([['InsufficientInstanceCapacity', 'spot']]);
  });

  it('InsufficientInstanceCapacity from RunInstances reaches the SDK as an EC2 error', async () => {
    const e = await errorOf(w.client.send(new RunInstancesCommand({ ImageId: 'ami-1', InstanceType: 'c5.large', MinCount: 1, MaxCount: 1, Placement: { AvailabilityZone: 'us-east-1a' } })));
    expect(e.name).toBe('InsufficientInstanceCapacity');
    expect(e.status).toBe(500);
  });

  it('InvalidInstanceID.NotFound for unknown ids, InvalidInstanceID.Malformed for bad ones', async () => {
    const e = await errorOf(w.client.send(new DescribeInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    expect(e.name).toBe('InvalidInstanceID.NotFound');
    expect(e.message).toBe("The instance ID 'i-0123456789abcdef0' does not exist");
    expect(e.status).toBe(400);
    const t = await errorOf(w.client.send(new TerminateInstancesCommand({ InstanceIds: ['i-0123456789abcdef0'] })));
    expect(t.name).toBe('InvalidInstanceID.NotFound');
    expect((await errorOf(w.client.send(new TerminateInstancesCommand({ InstanceIds: ['bogus'] })))).name).toBe('InvalidInstanceID.Malformed');
  });

  it('DescribeInstanceTypes: specs and the ENI data that gives Karpenter its max pods', async () => {
    const out = await w.client.send(new DescribeInstanceTypesCommand({ InstanceTypes: ['m5.large'] }));
    const t = out.InstanceTypes![0]!;
    expect(t.VCpuInfo?.DefaultVCpus).toBe(2);
    expect(t.MemoryInfo?.SizeInMiB).toBe(8192);
    expect(t.ProcessorInfo?.SupportedArchitectures).toEqual(['x86_64']);
    expect(t.SupportedUsageClasses).toEqual(['on-demand', 'spot']);
    expect(t.Hypervisor).toBe('nitro');
    const enis = t.NetworkInfo!.NetworkCards![0]!.MaximumNetworkInterfaces!;
    const ips = t.NetworkInfo!.Ipv4AddressesPerInterface!;
    expect(enis * (ips - 1) + 2).toBe(29);
    // pagination
    const page = await w.client.send(new DescribeInstanceTypesCommand({ MaxResults: 5 }));
    expect(page.InstanceTypes!.length).toBe(5);
    expect(page.NextToken).toBeDefined();
    const next = await w.client.send(new DescribeInstanceTypesCommand({ MaxResults: 5, NextToken: page.NextToken }));
    expect(next.InstanceTypes![0]!.InstanceType).not.toBe(page.InstanceTypes![0]!.InstanceType);
  });

  it('DescribeSpotPriceHistory and DescribeAvailabilityZones', async () => {
    const prices = await w.client.send(new DescribeSpotPriceHistoryCommand({ InstanceTypes: ['m5.large'], ProductDescriptions: ['Linux/UNIX'] }));
    const rows = prices.SpotPriceHistory!;
    expect(rows.map((r) => r.AvailabilityZone).sort()).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    // Spot Advisor: m5.large $0.096 with 66 % savings → $0.03264 ± 3 % per zone
    for (const r of rows) expect(Math.abs(Number(r.SpotPrice) / 0.03264 - 1)).toBeLessThanOrEqual(0.03);
    const zones = await w.client.send(new DescribeAvailabilityZonesCommand({}));
    expect(zones.AvailabilityZones!.map((z) => [z.ZoneName, z.State, z.RegionName])).toEqual([
      ['us-east-1a', 'available', 'us-east-1'],
      ['us-east-1b', 'available', 'us-east-1'],
      ['us-east-1c', 'available', 'us-east-1'],
    ]);
  });
});

describe('EC2 API server throttling', () => {
  let server: Ec2ApiServer | undefined;
  afterAll(async () => server?.close());

  it('answers RequestLimitExceeded (HTTP 503) once the bucket is empty; the SDK parses it with retries disabled', async () => {
    const w = await world({ throttling: { DescribeInstances: { burst: 2, refillPerSecond: 0.001 } } });
    server = w.server;
    await w.client.send(new DescribeInstancesCommand({}));
    await w.client.send(new DescribeInstancesCommand({}));
    const e = await errorOf(w.client.send(new DescribeInstancesCommand({})));
    expect(e.name).toBe('RequestLimitExceeded');
    expect(e.status).toBe(503);
    w.client.destroy();
    w.clock.close();
  });
});
