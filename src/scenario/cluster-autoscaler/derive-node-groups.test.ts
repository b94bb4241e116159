import { describe, expect, it } from 'vitest';
import type { InstanceType, NodePool, Offering } from '../../model/index.js';
import { deriveNodeGroups } from './index.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

/** A hand-built catalog entry: allocatable = capacity − 80 m CPU and 10 % of memory; spot at 40 % of on-demand. */
function type(name: string, vcpu: number, memGiB: number, od: number, opts: { gpus?: number; bareMetal?: boolean; noSpotIn?: string[] } = {}): InstanceType {
  const [family, size] = name.split('.') as [string, string];
  const gpus = opts.gpus ?? 0;
  const offerings: Offering[] = ZONES.flatMap((zone) => [
    { zone, capacityType: 'on-demand' as const, pricePerHour: od, available: true },
    ...(opts.noSpotIn?.includes(zone) ? [] : [{ zone, capacityType: 'spot' as const, pricePerHour: od * 0.4, available: true }]),
  ]);
  return {
    name,
    family,
    category: family[0]!,
    generation: Number(/\d+/.exec(family)![0]),
    size,
    vcpu,
    memoryMiB: memGiB * 1024,
    arch: 'amd64',
    networkBandwidthMbps: 10_000,
    bareMetal: opts.bareMetal ?? false,
    eniMaxPods: 58,
    labels: {
      'node.kubernetes.io/instance-type': name,
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/os': 'linux',
      'karpenter.k8s.aws/instance-family': family,
      'karpenter.k8s.aws/instance-category': family[0]!,
      'karpenter.k8s.aws/instance-size': size,
      'karpenter.k8s.aws/instance-cpu': String(vcpu),
      'karpenter.k8s.aws/instance-gpu-count': String(gpus),
    },
    capacity: { cpuMillis: vcpu * 1000, memoryMiB: memGiB * 1024, gpus, pods: 58, ephemeralMiB: 20_480 },
    allocatable: { cpuMillis: vcpu * 1000 - 80, memoryMiB: Math.floor(memGiB * 1024 * 0.9), gpus, pods: 58, ephemeralMiB: 18_000 },
    offerings,
    onDemandPricePerHour: od,
  };
}

const noSpotB = { noSpotIn: ['us-east-1b'] };
const CATALOG: InstanceType[] = [
  type('m5.large', 2, 8, 0.096),
  type('m5.xlarge', 4, 16, 0.192),
  type('m5.2xlarge', 8, 32, 0.384),
  type('m5.metal', 96, 384, 4.608, { bareMetal: true }),
  type('c5.large', 2, 4, 0.085, noSpotB),
  type('c5.xlarge', 4, 8, 0.17, noSpotB),
  type('c5.2xlarge', 8, 16, 0.34, noSpotB),
  type('r5.xlarge', 4, 32, 0.252),
  type('g5.xlarge', 4, 16, 1.006, { gpus: 1 }),
];

const general: NodePool = {
  name: 'general',
  weight: 10,
  labels: { team: 'web' },
  taints: [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }],
  startupTaints: [{ key: 'agent-not-ready', effect: 'NoExecute' }],
  requirements: [
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm'] },
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
    { key: 'topology.kubernetes.io/zone', operator: 'In', values: ['us-east-1a', 'us-east-1b'] },
    { key: 'example.com/tier', operator: 'In', values: ['frontend'] },
  ],
  nodeClassName: 'default',
  disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [{ nodes: '10%' }] },
  limits: { cpuMillis: 100_000 },
};
const gpu: NodePool = {
  ...general,
  name: 'gpu',
  weight: 0,
  labels: {},
  taints: [],
  requirements: [{ key: 'karpenter.k8s.aws/instance-family', operator: 'In', values: ['g5'] }],
  limits: { gpus: 3 },
};

describe('deriveNodeGroups', () => {
  it('makes one group per family × capacity type with the xlarge type, the pool zones, labels, taints and limits', () => {
    const derived = deriveNodeGroups([general, gpu], CATALOG);
    const labels = (ct: string) => ({ team: 'web', 'example.com/tier': 'frontend', 'karpenter.sh/nodepool': 'general', 'karpenter.sh/capacity-type': ct });
    const taints = [{ key: 'dedicated', value: 'web', effect: 'NoSchedule' }];
    expect(derived.nodeGroups).toEqual([
      // c5 has no spot offering in us-east-1b; 100 vCPU limit / 4 vCPU = 25 nodes
      { name: 'general-c5-spot', minSize: 0, maxSize: 25, desiredCapacity: 0, instanceTypes: ['c5.xlarge'], zones: ['us-east-1a'], capacityType: 'spot', labels: labels('spot'), taints },
      { name: 'general-c5-on-demand', minSize: 0, maxSize: 25, desiredCapacity: 0, instanceTypes: ['c5.xlarge'], zones: ['us-east-1a', 'us-east-1b'], capacityType: 'on-demand', labels: labels('on-demand'), taints },
      { name: 'general-m5-spot', minSize: 0, maxSize: 25, desiredCapacity: 0, instanceTypes: ['m5.xlarge'], zones: ['us-east-1a', 'us-east-1b'], capacityType: 'spot', labels: labels('spot'), taints },
      { name: 'general-m5-on-demand', minSize: 0, maxSize: 25, desiredCapacity: 0, instanceTypes: ['m5.xlarge'], zones: ['us-east-1a', 'us-east-1b'], capacityType: 'on-demand', labels: labels('on-demand'), taints },
      // no capacity-type requirement → on-demand only; no zone requirement → every zone; 3 GPUs / 1 per node
      {
        name: 'gpu-g5-on-demand',
        minSize: 0,
        maxSize: 3,
        desiredCapacity: 0,
        instanceTypes: ['g5.xlarge'],
        zones: ZONES,
        capacityType: 'on-demand',
        labels: { 'karpenter.sh/nodepool': 'gpu', 'karpenter.sh/capacity-type': 'on-demand' },
        taints: [],
      },
    ]);
    // Heavier pool first; within it, spot above on-demand.
    expect(derived.priorities).toEqual({
      10: ['^gpu-g5-on-demand$'],
      20: ['^general-c5-on-demand$', '^general-m5-on-demand$'],
      25: ['^general-c5-spot$', '^general-m5-spot$'],
    });
    expect(derived.expanders).toEqual(['priority', 'least-waste']);
    expect(derived.warnings).toEqual([]);
  });

  it('picks the cheapest type of each family that holds the largest pod', () => {
    const big = deriveNodeGroups([general], CATALOG, { largestPod: { cpuMillis: 6000, memoryMiB: 12_000 } });
    // c5.xlarge holds 3920 m < 6000 m; c5.2xlarge holds 7920 m and 14745 MiB. m5.metal is never chosen over a virtual type.
    expect(big.nodeGroups.map((g) => [g.name, g.instanceTypes[0], g.maxSize])).toEqual([
      ['general-c5-spot', 'c5.2xlarge', 12],
      ['general-c5-on-demand', 'c5.2xlarge', 12],
      ['general-m5-spot', 'm5.2xlarge', 12],
      ['general-m5-on-demand', 'm5.2xlarge', 12],
    ]);
    const small = deriveNodeGroups([general], CATALOG, { largestPod: { cpuMillis: 1000, memoryMiB: 2000 } });
    expect(small.nodeGroups.map((g) => g.instanceTypes[0])).toEqual(['c5.large', 'c5.large', 'm5.large', 'm5.large']);
  });

  it('skips families where no type holds the largest pod, with a warning', () => {
    // 20000 MiB: c5.2xlarge has 14745 MiB allocatable, m5.2xlarge 29491 MiB
    const derived = deriveNodeGroups([general], CATALOG, { largestPod: { memoryMiB: 20_000 } });
    expect(derived.nodeGroups.map((g) => g.name)).toEqual(['general-m5-spot', 'general-m5-on-demand']);
    expect(derived.warnings).toEqual([
      'NodePool "general": no c5 type holds the largest pod; no spot group for c5',
      'NodePool "general": no c5 type holds the largest pod; no on-demand group for c5',
    ]);
  });

  it('uses the default max size without limits, and gives no priorities for a single level', () => {
    const derived = deriveNodeGroups([{ ...gpu, limits: {} }], CATALOG, { zones: ['us-east-1c'] });
    expect(derived.nodeGroups).toEqual([expect.objectContaining({ name: 'gpu-g5-on-demand', maxSize: 100, zones: ['us-east-1c'] })]);
    expect(derived.priorities).toBeUndefined();
    expect(derived.expanders).toBeUndefined();
  });

  it('warns about a pool that allows nothing of the catalog', () => {
    const none: NodePool = { ...gpu, name: 'arm', requirements: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['arm64'] }] };
    expect(deriveNodeGroups([none], CATALOG).warnings).toEqual(['NodePool "arm": its requirements allow no instance type of the catalog; no node group derived']);
  });
});
