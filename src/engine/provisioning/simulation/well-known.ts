import { LabelKeys } from '../../../model/index.js';

/**
 * Label keys Karpenter treats as well known: a pod may require them of a NodeClaim even when the NodePool
 * does not constrain them (the instance type or offering decides their value).
 */
export const WELL_KNOWN_LABEL_KEYS: ReadonlySet<string> = new Set<string>([
  LabelKeys.nodePool,
  LabelKeys.zone,
  LabelKeys.region,
  LabelKeys.instanceType,
  LabelKeys.arch,
  LabelKeys.os,
  LabelKeys.capacityType,
  'node.kubernetes.io/windows-build',
  LabelKeys.instanceFamily,
  LabelKeys.instanceCategory,
  LabelKeys.instanceGeneration,
  LabelKeys.instanceSize,
  LabelKeys.instanceCpu,
  LabelKeys.instanceCpuManufacturer,
  LabelKeys.instanceMemory,
  LabelKeys.instanceGpuCount,
  LabelKeys.instanceGpuName,
  LabelKeys.instanceGpuManufacturer,
  LabelKeys.instanceGpuMemory,
  LabelKeys.instanceNetworkBandwidth,
  LabelKeys.instanceHypervisor,
  'karpenter.k8s.aws/instance-accelerator-name',
  'karpenter.k8s.aws/instance-accelerator-manufacturer',
  'karpenter.k8s.aws/instance-accelerator-count',
]);

/**
 * Keys an instance type decides (absent on a type means "DoesNotExist" for it): the well-known keys other
 * than those fixed by the NodePool (nodepool), the offering (zone, capacity type) or the node (hostname).
 */
export const INSTANCE_TYPE_LABEL_KEYS: ReadonlySet<string> = new Set(
  [...WELL_KNOWN_LABEL_KEYS].filter(
    (k) => k !== LabelKeys.nodePool && k !== LabelKeys.zone && k !== LabelKeys.capacityType && k !== LabelKeys.region,
  ),
);

export function isWellKnown(key: string): boolean {
  return WELL_KNOWN_LABEL_KEYS.has(key);
}
