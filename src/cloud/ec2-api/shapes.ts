import type { InstanceType } from '../../model/index.js';
import { embeddedCatalog } from '../../catalog/load.js';
import type { InstanceSpec } from '../../catalog/spec.js';
import type { Instance, InstanceState } from '../cloud-provider.js';
import type { XmlObject } from './xml.js';

/** EC2's instance-state codes. */
export const STATE_CODES: Readonly<Record<InstanceState, number>> = {
  pending: 0,
  running: 16,
  'shutting-down': 32,
  terminated: 48,
  stopping: 64,
  stopped: 80,
};

export function stateXml(state: InstanceState): XmlObject {
  return { code: STATE_CODES[state], name: state };
}

export type ToIso = (at: number) => string;

export function instanceXml(i: Instance, arch: string, iso: ToIso): XmlObject {
  return {
    instanceId: i.id,
    imageId: 'ami-fleetsim',
    instanceState: stateXml(i.state),
    privateDnsName: `ip-10-0-0-0.ec2.internal`,
    instanceType: i.instanceType,
    launchTime: iso(i.launchedAt),
    placement: { availabilityZone: i.zone, tenancy: 'default' },
    architecture: arch === 'arm64' ? 'arm64' : 'x86_64',
    instanceLifecycle: i.capacityType === 'spot' ? 'spot' : undefined,
    tagSet: Object.entries(i.tags).map(([key, value]) => ({ key, value })),
  };
}

let embeddedByName: Map<string, InstanceSpec> | undefined;
function embeddedSpec(name: string): InstanceSpec | undefined {
  embeddedByName ??= new Map(embeddedCatalog().specs.map((s) => [s.name, s]));
  return embeddedByName.get(name);
}

function networkPerformance(mbps: number): string {
  if (mbps <= 0) return 'Moderate';
  return mbps >= 1000 ? `${mbps % 1000 === 0 ? mbps / 1000 : (mbps / 1000).toFixed(1)} Gigabit` : `${mbps} Megabit`;
}

/**
 * DescribeInstanceTypes item. ENIs on the default network card are derived so that Karpenter's formula
 * (ENIs × (IPv4 per ENI − 1) + 2) gives the catalog's ENI-limited pods.
 */
export function instanceTypeXml(it: InstanceType, hasSpot: boolean): XmlObject {
  const spec = embeddedSpec(it.name);
  const ipv4 = spec?.ipv4PerEni ?? it.eniMaxPods - 1;
  const defaultCardEnis = ipv4 > 1 ? Math.max(1, Math.round((it.eniMaxPods - 2) / (ipv4 - 1))) : 1;
  const manufacturer = it.labels['karpenter.k8s.aws/instance-cpu-manufacturer'];
  return {
    instanceType: it.name,
    currentGeneration: true,
    freeTierEligible: false,
    supportedUsageClasses: hasSpot ? ['on-demand', 'spot'] : ['on-demand'],
    supportedRootDeviceTypes: ['ebs'],
    supportedVirtualizationTypes: ['hvm'],
    bareMetal: it.bareMetal,
    hypervisor: it.labels['karpenter.k8s.aws/instance-hypervisor'] || undefined,
    processorInfo: {
      supportedArchitectures: [it.arch === 'arm64' ? 'arm64' : 'x86_64'],
      manufacturer: manufacturer === 'aws' ? 'AWS' : manufacturer === 'amd' ? 'AMD' : manufacturer === 'intel' ? 'Intel' : undefined,
    },
    vCpuInfo: { defaultVCpus: it.vcpu },
    memoryInfo: { sizeInMiB: it.memoryMiB },
    networkInfo: {
      networkPerformance: networkPerformance(it.networkBandwidthMbps),
      maximumNetworkInterfaces: spec?.enis ?? defaultCardEnis,
      maximumNetworkCards: 1,
      defaultNetworkCardIndex: 0,
      networkCards: [{ networkCardIndex: 0, maximumNetworkInterfaces: defaultCardEnis, baselineBandwidthInGbps: it.networkBandwidthMbps / 1000 }],
      ipv4AddressesPerInterface: ipv4,
      ipv6AddressesPerInterface: ipv4,
      ipv6Supported: true,
      enaSupport: 'required',
    },
    gpuInfo: it.gpu
      ? {
          gpus: [{ name: it.gpu.name, manufacturer: it.gpu.manufacturer, count: it.gpu.count, memoryInfo: { sizeInMiB: it.gpu.memoryMiB } }],
          totalGpuMemoryInMiB: it.gpu.count * it.gpu.memoryMiB,
        }
      : undefined,
  };
}
