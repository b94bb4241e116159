/** Labels, label selectors, node-selector requirements, taints and tolerations, as Kubernetes defines them. */
export type Labels = Readonly<Record<string, string>>;

export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
export type RequirementOperator = SelectorOperator | 'Gt' | 'Lt';

/** A node-selector requirement (NodePool requirements, node affinity terms). `minValues` is Karpenter's. */
export interface Requirement {
  readonly key: string;
  readonly operator: RequirementOperator;
  readonly values: readonly string[];
  readonly minValues?: number;
}

/** metav1.LabelSelector: matchLabels AND matchExpressions. An empty selector matches everything. */
export interface LabelSelector {
  readonly matchLabels?: Labels;
  readonly matchExpressions?: readonly { key: string; operator: SelectorOperator; values?: readonly string[] }[];
}

export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

export interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect: TaintEffect;
}

export interface Toleration {
  /** Empty key with operator Exists tolerates every taint. */
  readonly key?: string;
  readonly operator?: 'Equal' | 'Exists';
  readonly value?: string;
  /** Empty effect matches all effects. */
  readonly effect?: TaintEffect;
  readonly tolerationSeconds?: number;
}

/** Well-known label keys used across the engine, the catalog and the scheduler. */
export const LabelKeys = {
  hostname: 'kubernetes.io/hostname',
  zone: 'topology.kubernetes.io/zone',
  region: 'topology.kubernetes.io/region',
  instanceType: 'node.kubernetes.io/instance-type',
  arch: 'kubernetes.io/arch',
  os: 'kubernetes.io/os',
  capacityType: 'karpenter.sh/capacity-type',
  nodePool: 'karpenter.sh/nodepool',
  registered: 'karpenter.sh/registered',
  initialized: 'karpenter.sh/initialized',
  instanceFamily: 'karpenter.k8s.aws/instance-family',
  instanceCategory: 'karpenter.k8s.aws/instance-category',
  instanceGeneration: 'karpenter.k8s.aws/instance-generation',
  instanceSize: 'karpenter.k8s.aws/instance-size',
  instanceCpu: 'karpenter.k8s.aws/instance-cpu',
  instanceCpuManufacturer: 'karpenter.k8s.aws/instance-cpu-manufacturer',
  instanceMemory: 'karpenter.k8s.aws/instance-memory',
  instanceGpuCount: 'karpenter.k8s.aws/instance-gpu-count',
  instanceGpuName: 'karpenter.k8s.aws/instance-gpu-name',
  instanceGpuManufacturer: 'karpenter.k8s.aws/instance-gpu-manufacturer',
  instanceGpuMemory: 'karpenter.k8s.aws/instance-gpu-memory',
  instanceNetworkBandwidth: 'karpenter.k8s.aws/instance-network-bandwidth',
  instanceHypervisor: 'karpenter.k8s.aws/instance-hypervisor',
  /** Cluster Autoscaler / EKS managed node group label. */
  eksNodeGroup: 'eks.amazonaws.com/nodegroup',
  eksCapacityType: 'eks.amazonaws.com/capacityType',
} as const;

export const TaintKeys = {
  disrupted: 'karpenter.sh/disrupted',
  unregistered: 'karpenter.sh/unregistered',
  notReady: 'node.kubernetes.io/not-ready',
  unschedulable: 'node.kubernetes.io/unschedulable',
  caToBeDeleted: 'ToBeDeletedByClusterAutoscaler',
  caDeletionCandidate: 'DeletionCandidateOfClusterAutoscaler',
} as const;

export const Annotations = {
  doNotDisrupt: 'karpenter.sh/do-not-disrupt',
  safeToEvict: 'cluster-autoscaler.kubernetes.io/safe-to-evict',
  scaleDownDisabled: 'cluster-autoscaler.kubernetes.io/scale-down-disabled',
} as const;
