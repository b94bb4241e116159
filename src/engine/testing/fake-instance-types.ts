import { LabelKeys, resources, type InstanceType, type Offering } from '../../model/index.js';

export const FAKE_ZONES: readonly string[] = ['test-zone-1', 'test-zone-2', 'test-zone-3'];

/** Karpenter's fake price: 0.1 per vCPU + 0.1 per GB. */
function fakePrice(vcpu: number, memoryGiB: number): number {
  return 0.1 * vcpu + 0.1 * memoryGiB;
}

/**
 * Karpenter's `fake.NewInstanceType`: offerings spot in zones 1–2 and on-demand in zones 1–3 at one
 * price, overhead 100m CPU / 10 MiB.
 */
export function fakeInstanceType(name: string, vcpu: number, memoryGiB: number, pods: number): InstanceType {
  const price = fakePrice(vcpu, memoryGiB);
  const offerings: Offering[] = [
    ...FAKE_ZONES.slice(0, 2).map((zone) => ({ zone, capacityType: 'spot' as const, pricePerHour: price, available: true })),
    ...FAKE_ZONES.map((zone) => ({ zone, capacityType: 'on-demand' as const, pricePerHour: price, available: true })),
  ];
  const capacity = resources({ cpuMillis: vcpu * 1000, memoryMiB: memoryGiB * 1024, pods, ephemeralMiB: 20 * 1024 });
  return {
    name,
    family: 'fake',
    category: 'f',
    generation: 1,
    size: String(vcpu),
    vcpu,
    memoryMiB: memoryGiB * 1024,
    arch: 'amd64',
    networkBandwidthMbps: 0,
    bareMetal: false,
    eniMaxPods: pods,
    labels: { [LabelKeys.instanceType]: name, [LabelKeys.arch]: 'amd64', [LabelKeys.os]: 'linux' },
    capacity,
    allocatable: { ...capacity, cpuMillis: capacity.cpuMillis - 100, memoryMiB: capacity.memoryMiB - 10 },
    offerings,
    onDemandPricePerHour: price,
  };
}

/** Karpenter's `fake.InstanceTypes(n)`: type i has i+1 vCPU, 2(i+1) GiB and 10(i+1) pods. */
export function fakeInstanceTypes(n: number): InstanceType[] {
  return Array.from({ length: n }, (_, i) => fakeInstanceType(`fake-it-${i}`, i + 1, 2 * (i + 1), 10 * (i + 1)));
}
