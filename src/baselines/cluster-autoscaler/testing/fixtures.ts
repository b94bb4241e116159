import type { ClusterAutoscalerOptions, InstanceType, NodeGroupSpec, PodSpec, Resources } from '../../../model/index.js';

/**
 * Hand-built instance types with real EC2 figures (us-east-1 on-demand Linux prices). Allocatable follows
 * the EKS AMI defaults roughly (80m CPU and 1.5 GiB less, ENI-limited pods); the Cluster Autoscaler's cloud
 * template ignores it (capacity = allocatable there).
 */
function instanceType(name: string, vcpu: number, memoryGiB: number, pricePerHour: number, eniMaxPods: number, gpus = 0): InstanceType {
  const [family = '', size = ''] = name.split('.');
  const memoryMiB = memoryGiB * 1024;
  const capacity: Resources = { cpuMillis: vcpu * 1000, memoryMiB, gpus, pods: eniMaxPods, ephemeralMiB: 20 * 1024 };
  const allocatable: Resources = { ...capacity, cpuMillis: capacity.cpuMillis - 80, memoryMiB: memoryMiB - 1536, ephemeralMiB: 18 * 1024 };
  return {
    name,
    family,
    category: family.charAt(0),
    generation: Number(family.replace(/\D/g, '')) || 0,
    size,
    vcpu,
    memoryMiB,
    arch: 'amd64',
    ...(gpus > 0 ? { gpu: { count: gpus, name: 't4', manufacturer: 'nvidia', memoryMiB: 16384 } } : {}),
    networkBandwidthMbps: 10_000,
    bareMetal: false,
    eniMaxPods,
    labels: { 'node.kubernetes.io/instance-type': name, 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux' },
    capacity,
    allocatable,
    offerings: ['us-east-1a', 'us-east-1b'].flatMap((zone) => [
      { zone, capacityType: 'on-demand' as const, pricePerHour, available: true },
      { zone, capacityType: 'spot' as const, pricePerHour: pricePerHour * 0.4, available: true },
    ]),
    onDemandPricePerHour: pricePerHour,
  };
}

export const TYPES = {
  m5xlarge: instanceType('m5.xlarge', 4, 16, 0.192, 58),
  m52xlarge: instanceType('m5.2xlarge', 8, 32, 0.384, 58),
  c5xlarge: instanceType('c5.xlarge', 4, 8, 0.17, 58),
  r5xlarge: instanceType('r5.xlarge', 4, 32, 0.252, 58),
  g4dnxlarge: instanceType('g4dn.xlarge', 4, 16, 0.526, 29, 1),
} as const;

export const ALL_TYPES: readonly InstanceType[] = Object.values(TYPES);

/** Cluster Autoscaler 1.33 defaults, written out by hand from the flag reference. */
export function caOptions(overrides: Partial<ClusterAutoscalerOptions> = {}): ClusterAutoscalerOptions {
  return {
    version: '1.33',
    expanders: ['least-waste'],
    frequentLoopsEnabled: false,
    scanIntervalSeconds: 10,
    scaleDownEnabled: true,
    scaleDownUtilizationThreshold: 0.5,
    scaleDownGpuUtilizationThreshold: 0.5,
    scaleDownUnneededSeconds: 600,
    scaleDownUnreadySeconds: 1200,
    scaleDownDelayAfterAddSeconds: 600,
    scaleDownDelayAfterDeleteSeconds: 0,
    scaleDownDelayAfterFailureSeconds: 180,
    maxNodeProvisionSeconds: 900,
    maxNodesTotal: 0,
    maxScaleDownParallelism: 10,
    maxDrainParallelism: 1,
    maxNodesPerScaleUp: 1000,
    balanceSimilarNodeGroups: false,
    newPodScaleUpDelaySeconds: 0,
    skipNodesWithSystemPods: true,
    skipNodesWithLocalStorage: true,
    skipNodesWithCustomControllerPods: true,
    initialNodeGroupBackoffSeconds: 300,
    maxNodeGroupBackoffSeconds: 1800,
    nodeGroupBackoffResetSeconds: 3 * 3600,
    maxGracefulTerminationSeconds: 600,
    nodeDeleteDelayAfterTaintSeconds: 5,
    expendablePodsPriorityCutoff: -10,
    ignoreDaemonSetsUtilization: false,
    maxNodeStartupSeconds: 900,
    decreaseTargetOnTimeout: false,
    loopDurationBaseSeconds: 0,
    loopDurationPerNodeSeconds: 0,
    ...overrides,
  };
}

export function nodeGroup(name: string, instanceType: string, overrides: Partial<NodeGroupSpec> = {}): NodeGroupSpec {
  return {
    name,
    minSize: 0,
    maxSize: 10,
    desiredCapacity: 0,
    instanceTypes: [instanceType],
    zones: ['us-east-1a'],
    capacityType: 'on-demand',
    labels: { 'eks.amazonaws.com/nodegroup': name },
    taints: [],
    ...overrides,
  };
}

/** A pod spec: `cpu` in millicores, `memory` in MiB; owned by a ReplicaSet `app` unless `owner: null`. */
export function podSpec(
  cpuMillis: number,
  memoryMiB: number,
  extra: Partial<Omit<PodSpec, 'owner'>> & { owner?: PodSpec['owner'] | null; app?: string } = {},
): PodSpec {
  const { owner, app = 'app', ...rest } = extra;
  const spec: PodSpec = {
    namespace: 'default',
    labels: { app },
    annotations: {},
    requests: { cpuMillis, memoryMiB, gpus: 0, pods: 0, ephemeralMiB: 0 },
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    ...rest,
  };
  return owner === null ? spec : { ...spec, owner: owner ?? { kind: 'ReplicaSet', name: app } };
}
