import { afterEach, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/load.js';
import { isCloudError } from '../../src/cloud/errors.js';
import type { NodeClass } from '../../src/model/index.js';
import { eventually } from './harness.js';
import { awsWorld, pause, type AwsWorld } from './aws-world.js';

const nodeClass = (maxPods: number): NodeClass => ({ name: 'big-pods', amiFamily: 'AL2023', amiId: 'ami-1', kubelet: { maxPods }, tags: {}, recorded: {} });

describe('AwsCloudProvider catalog: DescribeInstanceTypes + DescribeSpotPriceHistory + embedded prices', () => {
  let w: AwsWorld | undefined;
  afterEach(async () => {
    await w?.close();
    w = undefined;
  });

  it('pages through the whole catalog (1345 types, 2649 spot pools) and prices offerings from the APIs', async () => {
    w = await awsWorld({ mockCatalog: {}, mock: { poolDepthOverrides: [] }, provider: { catalog: {} } });
    expect(w.ec2.catalog.length).toBe(1345);
    const types = w.provider.instanceTypes();
    expect(types.length).toBe(1345);
    // 100 types a page; 1000 spot rows a page (883 types with spot × 3 zones)
    expect(w.server.calls.DescribeInstanceTypes).toBe(14);
    expect(w.server.calls.DescribeSpotPriceHistory).toBe(3);
    const m5 = types.find((t) => t.name === 'm5.large')!;
    expect(m5.offerings.map((o) => `${o.zone}/${o.capacityType}`).sort()).toEqual(
      ['us-east-1a/on-demand', 'us-east-1a/spot', 'us-east-1b/on-demand', 'us-east-1b/spot', 'us-east-1c/on-demand', 'us-east-1c/spot'],
    );
    for (const o of m5.offerings) {
      if (o.capacityType === 'on-demand') expect(o.pricePerHour).toBe(0.096);
      else expect(o.pricePerHour).toBeCloseTo(w.ec2.priceOf('m5.large', o.zone, 'spot')!, 6);
    }
    expect([m5.allocatable.cpuMillis, m5.allocatable.memoryMiB, m5.allocatable.pods]).toEqual([1930, 6903, 29]);
  });

  it('applies a NodeClass kubelet (maxPods 110): m5.large allocatable memory 7577 − (11·110 + 255) − 100 = 6012 MiB', async () => {
    w = await awsWorld();
    const t = w.provider.instanceTypes(nodeClass(110)).find((x) => x.name === 'm5.large')!;
    expect([t.capacity.pods, t.allocatable.pods, t.allocatable.memoryMiB]).toEqual([110, 110, 6012]);
    expect(w.provider.instanceTypes().find((x) => x.name === 'm5.large')!.allocatable.pods).toBe(29);
  });

  it('offers only the subnets\' zones and launches into a subnet', async () => {
    w = await awsWorld({ provider: { subnets: { 'us-east-1a': 'subnet-us-east-1a', 'us-east-1b': 'subnet-us-east-1b' } } });
    expect(w.server.calls.DescribeAvailabilityZones ?? 0).toBe(0);
    const zones = new Set(w.provider.instanceTypes().flatMap((t) => t.offerings.map((o) => o.zone)));
    expect([...zones].sort()).toEqual(['us-east-1a', 'us-east-1b']);
    const base = { nodePoolName: 'default', nodeClassName: 'default', capacityType: 'on-demand' as const, tags: {} };
    const r = await w.provider.launchAsync({ ...base, nodeClaimName: 's-1', overrides: [{ instanceType: 'm5.large', zone: 'us-east-1b', capacityType: 'on-demand' }] });
    expect(r.ok && r.instance.zone).toBe('us-east-1b');
    const before = w.server.calls.CreateFleet ?? 0;
    const none = await w.provider.launchAsync({ ...base, nodeClaimName: 's-2', overrides: [{ instanceType: 'm5.large', zone: 'us-east-1c', capacityType: 'on-demand' }] });
    expect(!none.ok && none.error.code).toBe('InvalidParameterValue');
    expect(w.server.calls.CreateFleet ?? 0).toBe(before);
  });

  it('refreshes on its timer, keeps the old catalog when a refresh fails, and stops on close', async () => {
    w = await awsWorld({ provider: { catalogRefreshSeconds: 0.05 } });
    await eventually(() => w!.provider.catalogLoads >= 3, 5_000, 'three catalog loads');
    const count = w.provider.instanceTypes().length;
    w.ec2.injectError('DescribeInstanceTypes', 'InternalError', 1);
    await eventually(() => w!.logs.some((l) => l.level === 'error' && l.message.startsWith('catalog refresh failed')), 5_000, 'a failed refresh');
    expect(w.provider.instanceTypes().length).toBe(count);
    w.provider.close();
    await w.provider.refreshCatalog(); // joins a load in flight, if any
    const loads = w.provider.catalogLoads;
    await pause(200);
    expect(w.provider.catalogLoads).toBe(loads);
  });

  it('refreshCatalog rejects with a CloudError when the API fails; instanceTypes before start is an error', async () => {
    w = await awsWorld({ noStart: true });
    expect(() => w!.provider.instanceTypes()).toThrow(/start\(\)/);
    w.ec2.injectError('DescribeSpotPriceHistory', 'InternalError', 1);
    let caught: unknown;
    await w.provider.start().catch((e: unknown) => (caught = e));
    expect(isCloudError(caught) && caught.code).toBe('InternalError');
    await w.provider.start();
    expect(w.provider.instanceTypes().length).toBe(loadCatalog({ families: ['m5', 'c5'] }).length);
  });
});
