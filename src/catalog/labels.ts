import { LabelKeys, type Labels } from '../model/index.js';
import type { InstanceSpec } from './spec.js';

/** Karpenter AWS label keys not (yet) in model/labels.ts LabelKeys. */
export const AwsLabelKeys = {
  acceleratorName: 'karpenter.k8s.aws/instance-accelerator-name',
  acceleratorManufacturer: 'karpenter.k8s.aws/instance-accelerator-manufacturer',
  acceleratorCount: 'karpenter.k8s.aws/instance-accelerator-count',
} as const;

/** Neuron device names as Karpenter labels them (kebab-cased DescribeInstanceTypes NeuronInfo names). */
function neuronName(family: string): string {
  if (family.startsWith('inf1')) return 'inferentia';
  if (family.startsWith('inf')) return 'inferentia2';
  if (family.startsWith('trn1')) return 'trainium';
  if (family.startsWith('trn')) return 'trainium2';
  return family;
}

/**
 * The well-known labels a node of this type carries, as Karpenter's AWS provider sets them (zone and
 * capacity type belong to the offering and are added at launch). GPU and accelerator labels only on types
 * that have them; network bandwidth only when known; hypervisor is "" on bare metal, as in EC2.
 */
export function wellKnownLabels(spec: InstanceSpec, region: string): Labels {
  const l: Record<string, string> = {
    [LabelKeys.instanceType]: spec.name,
    [LabelKeys.arch]: spec.arch,
    [LabelKeys.os]: 'linux',
    [LabelKeys.region]: region,
    [LabelKeys.instanceFamily]: spec.family,
    [LabelKeys.instanceCategory]: spec.category,
    [LabelKeys.instanceGeneration]: String(spec.generation),
    [LabelKeys.instanceSize]: spec.size,
    [LabelKeys.instanceCpu]: String(spec.vcpu),
    [LabelKeys.instanceMemory]: String(spec.memoryMiB),
    [LabelKeys.instanceHypervisor]: spec.hypervisor,
  };
  if (spec.cpuManufacturer) l[LabelKeys.instanceCpuManufacturer] = spec.cpuManufacturer;
  if (spec.networkBandwidthMbps > 0) l[LabelKeys.instanceNetworkBandwidth] = String(spec.networkBandwidthMbps);
  if (spec.gpuCount > 0) {
    l[LabelKeys.instanceGpuCount] = String(spec.gpuCount);
    if (spec.gpuName) l[LabelKeys.instanceGpuName] = spec.gpuName;
    if (spec.gpuManufacturer) l[LabelKeys.instanceGpuManufacturer] = spec.gpuManufacturer;
    if (spec.gpuMemoryMiB > 0) l[LabelKeys.instanceGpuMemory] = String(spec.gpuMemoryMiB);
  }
  if (spec.neuronDevices > 0) {
    l[AwsLabelKeys.acceleratorName] = neuronName(spec.family);
    l[AwsLabelKeys.acceleratorManufacturer] = 'aws';
    l[AwsLabelKeys.acceleratorCount] = String(spec.neuronDevices);
  }
  return l;
}
