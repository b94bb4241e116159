import type { Labels, Taint } from './labels.js';
import type { CapacityType } from './node.js';

/**
 * The Cluster Autoscaler's configuration, normalised: its flags by their real names (camel-cased) with the
 * defaults of the selected release already applied, and its node groups (Auto Scaling groups).
 */
export type CaExpander = 'random' | 'most-pods' | 'least-waste' | 'least-nodes' | 'priority' | 'price';

export interface ClusterAutoscalerOptions {
  /** Release whose defaults were applied, e.g. "1.33". */
  readonly version: string;
  /** `--expander` chain, in order. */
  readonly expanders: readonly CaExpander[];
  /** `--frequent-loops-enabled` */
  readonly frequentLoopsEnabled: boolean;
  /** `--scan-interval` (s) */
  readonly scanIntervalSeconds: number;
  /** `--scale-down-enabled` */
  readonly scaleDownEnabled: boolean;
  /** `--scale-down-utilization-threshold` */
  readonly scaleDownUtilizationThreshold: number;
  /** `--scale-down-gpu-utilization-threshold` */
  readonly scaleDownGpuUtilizationThreshold: number;
  /** `--scale-down-unneeded-time` (s) */
  readonly scaleDownUnneededSeconds: number;
  /** `--scale-down-unready-time` (s) */
  readonly scaleDownUnreadySeconds: number;
  /** `--scale-down-delay-after-add|delete|failure` (s) */
  readonly scaleDownDelayAfterAddSeconds: number;
  readonly scaleDownDelayAfterDeleteSeconds: number;
  readonly scaleDownDelayAfterFailureSeconds: number;
  /** `--max-node-provision-time` (s) */
  readonly maxNodeProvisionSeconds: number;
  /** `--max-nodes-total` (0 = unlimited) */
  readonly maxNodesTotal: number;
  /** `--max-scale-down-parallelism`, `--max-drain-parallelism` */
  readonly maxScaleDownParallelism: number;
  readonly maxDrainParallelism: number;
  /** `--max-nodes-per-scaleup` */
  readonly maxNodesPerScaleUp: number;
  /** `--balance-similar-node-groups` */
  readonly balanceSimilarNodeGroups: boolean;
  /** `--new-pod-scale-up-delay` (s) */
  readonly newPodScaleUpDelaySeconds: number;
  /** `--skip-nodes-with-system-pods`, `--skip-nodes-with-local-storage`, `--skip-nodes-with-custom-controller-pods` */
  readonly skipNodesWithSystemPods: boolean;
  readonly skipNodesWithLocalStorage: boolean;
  readonly skipNodesWithCustomControllerPods: boolean;
  /** `--initial-node-group-backoff-duration`, `--max-node-group-backoff-duration`, `--node-group-backoff-reset-timeout` (s) */
  readonly initialNodeGroupBackoffSeconds: number;
  readonly maxNodeGroupBackoffSeconds: number;
  readonly nodeGroupBackoffResetSeconds: number;
  /** `--max-graceful-termination-sec` */
  readonly maxGracefulTerminationSeconds: number;
  /** `--node-delete-delay-after-taint` (s) */
  readonly nodeDeleteDelayAfterTaintSeconds: number;
  /** `--expendable-pods-priority-cutoff` */
  readonly expendablePodsPriorityCutoff: number;
  /** `--ignore-daemonsets-utilization` */
  readonly ignoreDaemonSetsUtilization: boolean;
  /** `--max-node-startup-time` (s) */
  readonly maxNodeStartupSeconds: number;
  /** 1.36+: a timed-out scale-up also lowers the target size; upcoming nodes only count while a request is active. */
  readonly decreaseTargetOnTimeout: boolean;
  /** Priority expander ConfigMap: priority → regexes over node-group names. */
  readonly priorities?: Readonly<Record<number, readonly string[]>>;
  /** Simulated decision time of one loop: seconds = base + perNode × nodes (the real CA is not instant). */
  readonly loopDurationBaseSeconds: number;
  readonly loopDurationPerNodeSeconds: number;
}

export interface NodeGroupSpec {
  /** The Auto Scaling group (or EKS managed node group) name. */
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  /** Initial desired capacity. */
  readonly desiredCapacity: number;
  /** Launch-template type, or the mixed-instances overrides in order (the first is the template type). */
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  readonly capacityType: CapacityType;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  /** Per-group autoscaling-options tag overrides. */
  readonly scaleDownUtilizationThreshold?: number;
  readonly scaleDownUnneededSeconds?: number;
}
