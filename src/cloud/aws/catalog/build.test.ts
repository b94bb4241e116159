import type { InstanceTypeInfo } from '@aws-sdk/client-ec2';
import { describe, expect, it } from 'vitest';
import { buildContext, catalogSpecs } from '../../../catalog/load.js';
import { buildCatalog, latestSpotPrices, parseTypeName, specFromApi } from './build.js';

// DescribeInstanceTypes items written from EC2's published specs (m5.large: 2 vCPU, 8 GiB, 3 ENIs × 10 IPv4).
const m5Large: InstanceTypeInfo = {
  InstanceType: 'm5.large',
  CurrentGeneration: true,
  SupportedUsageClasses: ['on-demand', 'spot'],
  BareMetal: false,
  Hypervisor: 'nitro',
  ProcessorInfo: { SupportedArchitectures: ['x86_64'], Manufacturer: 'Intel' },
  VCpuInfo: { DefaultVCpus: 2 },
  MemoryInfo: { SizeInMiB: 8192 },
  NetworkInfo: {
    NetworkPerformance: 'Up to 10 Gigabit',
    MaximumNetworkInterfaces: 3,
    DefaultNetworkCardIndex: 0,
    NetworkCards: [{ NetworkCardIndex: 0, MaximumNetworkInterfaces: 3, BaselineBandwidthInGbps: 0.75 }],
    Ipv4AddressesPerInterface: 10,
  },
};
const m6gLarge: InstanceTypeInfo = {
  ...m5Large,
  InstanceType: 'm6g.large',
  SupportedUsageClasses: ['on-demand'],
  ProcessorInfo: { SupportedArchitectures: ['arm64'], Manufacturer: 'AWS' },
};
const unknown: InstanceTypeInfo = { ...m5Large, InstanceType: 'zz9.large' as InstanceTypeInfo['InstanceType'] };

const embedded = new Map(catalogSpecs({ families: ['m5', 'm6g'] }).map((s) => [s.name, s] as const));
const ctx = buildContext({});
const zones = ['us-east-1a', 'us-east-1b'];

describe('AWS catalog from DescribeInstanceTypes and DescribeSpotPriceHistory', () => {
  const types = buildCatalog(
    {
      types: [m5Large, m6gLarge, unknown],
      spotPrices: [
        { instanceType: 'm5.large', zone: 'us-east-1a', pricePerHour: 0.04, at: 100 },
        { instanceType: 'm5.large', zone: 'us-east-1a', pricePerHour: 0.0352, at: 200 },
      ],
      zones,
    },
    embedded,
    ctx,
  );

  it('keeps the types the embedded catalog can price, in API order', () => {
    expect(types.map((t) => t.name)).toEqual(['m5.large', 'm6g.large']);
  });

  it('gives m5.large Karpenter allocatable: 29 pods, 1930 m CPU, 6903 MiB (aws docs worked example)', () => {
    const t = types[0]!;
    expect([t.vcpu, t.memoryMiB, t.arch, t.eniMaxPods]).toEqual([2, 8192, 'amd64', 29]);
    expect([t.allocatable.cpuMillis, t.allocatable.memoryMiB, t.allocatable.pods]).toEqual([1930, 6903, 29]);
    expect(t.labels['karpenter.k8s.aws/instance-network-bandwidth']).toBe('750');
    expect(t.labels['karpenter.k8s.aws/instance-cpu-manufacturer']).toBe('intel');
    expect(t.labels['topology.kubernetes.io/region']).toBe('us-east-1');
  });

  it('prices on-demand from the embedded catalog ($0.096 m5.large us-east-1) and spot from the newest history row', () => {
    const offer = (z: string, c: string) => types[0]!.offerings.find((o) => o.zone === z && o.capacityType === c)?.pricePerHour;
    expect([offer('us-east-1a', 'on-demand'), offer('us-east-1b', 'on-demand')]).toEqual([0.096, 0.096]);
    expect(offer('us-east-1a', 'spot')).toBe(0.0352);
    // no history row for us-east-1b: Spot Advisor's 66 % savings → $0.03264 ± the 3 % zone spread
    expect(Math.abs(offer('us-east-1b', 'spot')! / 0.03264 - 1)).toBeLessThanOrEqual(0.03);
    expect(types[0]!.offerings.every((o) => o.available)).toBe(true);
    expect(types[0]!.offerings.map((o) => o.zone).every((z) => zones.includes(z))).toBe(true);
  });

  it('offers no spot for a type whose usage classes lack spot; arm64 loses 64 MiB before the 7.5 % overhead', () => {
    const g = types[1]!;
    expect(g.offerings.map((o) => o.capacityType)).toEqual(['on-demand', 'on-demand']);
    expect(g.arch).toBe('arm64');
    // (8192 − 64) − ceil(8128 × 7.5 %) = 8128 − 610 = 7518
    expect(g.capacity.memoryMiB).toBe(7518);
  });

  it('reads ENIs from the default network card and parses names of unknown types', () => {
    const info: InstanceTypeInfo = { ...m5Large, NetworkInfo: { MaximumNetworkInterfaces: 8, DefaultNetworkCardIndex: 1, NetworkCards: [{ NetworkCardIndex: 0, MaximumNetworkInterfaces: 8 }, { NetworkCardIndex: 1, MaximumNetworkInterfaces: 4 }], Ipv4AddressesPerInterface: 15 } };
    expect(specFromApi(info, undefined)?.eniMaxPods).toBe(4 * 14 + 2);
    expect(specFromApi({ InstanceType: 'x' as InstanceTypeInfo['InstanceType'] }, undefined)).toBeUndefined();
    expect(parseTypeName('c6gn.16xlarge')).toEqual({ family: 'c6gn', category: 'c', generation: 6, size: '16xlarge' });
    expect(parseTypeName('inf2.xlarge')).toEqual({ family: 'inf2', category: 'inf', generation: 2, size: 'xlarge' });
  });

  it('latestSpotPrices keeps the newest row per pool', () => {
    const m = latestSpotPrices([
      { instanceType: 'a', zone: 'z', pricePerHour: 1, at: 5 },
      { instanceType: 'a', zone: 'z', pricePerHour: 2, at: 3 },
      { instanceType: 'a', zone: 'y', pricePerHour: 3, at: 1 },
    ]);
    expect([m.get('a/z')?.pricePerHour, m.get('a/y')?.pricePerHour]).toEqual([1, 3]);
  });
});
