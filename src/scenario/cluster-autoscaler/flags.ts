import type { CaExpander, ClusterAutoscalerOptions } from '../../model/index.js';

/**
 * The Cluster Autoscaler flags fleetsim simulates, by their real names, with their defaults per release
 * (`cluster-autoscaler/config/flags/flags.go` and `config/const.go` on the release branches 1.30–1.36).
 */
export const CA_VERSIONS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36'] as const;
export type CaVersion = (typeof CA_VERSIONS)[number];
/** The release whose defaults apply when a scenario names none. */
export const DEFAULT_CA_VERSION: CaVersion = '1.36';

export type FlagType = 'duration' | 'float' | 'int' | 'bool' | 'expanders';
export type FlagValue = number | boolean | readonly CaExpander[];

/** Options set from flags (the rest of ClusterAutoscalerOptions comes from elsewhere). */
export type FlagOption = Exclude<keyof ClusterAutoscalerOptions, 'version' | 'priorities' | 'loopDurationBaseSeconds' | 'loopDurationPerNodeSeconds' | 'decreaseTargetOnTimeout'>;

export interface FlagSpec {
  /** The flag's name without dashes, e.g. `scan-interval`. */
  readonly name: string;
  readonly option: FlagOption;
  readonly type: FlagType;
  /** Defaults by release: the last entry whose `since` ≤ the version applies (durations in seconds). */
  readonly defaults: readonly { readonly since: CaVersion; readonly value: FlagValue }[];
  /** First release that has the flag (older releases reject it). */
  readonly addedIn?: CaVersion;
  readonly min?: number;
  readonly max?: number;
}

const always = (value: FlagValue): FlagSpec['defaults'] => [{ since: '1.30', value }];
const MIN = 60;

export const FLAGS: readonly FlagSpec[] = [
  { name: 'expander', option: 'expanders', type: 'expanders', defaults: [{ since: '1.30', value: ['random'] }, { since: '1.33', value: ['least-waste'] }] },
  { name: 'frequent-loops-enabled', option: 'frequentLoopsEnabled', type: 'bool', defaults: [{ since: '1.30', value: false }, { since: '1.35', value: true }] },
  { name: 'scan-interval', option: 'scanIntervalSeconds', type: 'duration', defaults: always(10), min: 0 },
  { name: 'scale-down-enabled', option: 'scaleDownEnabled', type: 'bool', defaults: always(true) },
  { name: 'scale-down-utilization-threshold', option: 'scaleDownUtilizationThreshold', type: 'float', defaults: always(0.5), min: 0, max: 1 },
  { name: 'scale-down-gpu-utilization-threshold', option: 'scaleDownGpuUtilizationThreshold', type: 'float', defaults: always(0.5), min: 0, max: 1 },
  { name: 'scale-down-unneeded-time', option: 'scaleDownUnneededSeconds', type: 'duration', defaults: always(10 * MIN) },
  { name: 'scale-down-unready-time', option: 'scaleDownUnreadySeconds', type: 'duration', defaults: always(20 * MIN) },
  { name: 'scale-down-delay-after-add', option: 'scaleDownDelayAfterAddSeconds', type: 'duration', defaults: always(10 * MIN) },
  { name: 'scale-down-delay-after-delete', option: 'scaleDownDelayAfterDeleteSeconds', type: 'duration', defaults: always(0) },
  { name: 'scale-down-delay-after-failure', option: 'scaleDownDelayAfterFailureSeconds', type: 'duration', defaults: always(3 * MIN) },
  { name: 'max-node-provision-time', option: 'maxNodeProvisionSeconds', type: 'duration', defaults: always(15 * MIN) },
  { name: 'max-nodes-total', option: 'maxNodesTotal', type: 'int', defaults: always(0), min: 0 },
  { name: 'max-scale-down-parallelism', option: 'maxScaleDownParallelism', type: 'int', defaults: always(10), min: 1 },
  { name: 'max-drain-parallelism', option: 'maxDrainParallelism', type: 'int', defaults: always(1), min: 1 },
  { name: 'max-nodes-per-scaleup', option: 'maxNodesPerScaleUp', type: 'int', defaults: always(1000), min: 1 },
  { name: 'balance-similar-node-groups', option: 'balanceSimilarNodeGroups', type: 'bool', defaults: always(false) },
  { name: 'new-pod-scale-up-delay', option: 'newPodScaleUpDelaySeconds', type: 'duration', defaults: always(0) },
  { name: 'skip-nodes-with-system-pods', option: 'skipNodesWithSystemPods', type: 'bool', defaults: always(true) },
  { name: 'skip-nodes-with-local-storage', option: 'skipNodesWithLocalStorage', type: 'bool', defaults: always(true) },
  { name: 'skip-nodes-with-custom-controller-pods', option: 'skipNodesWithCustomControllerPods', type: 'bool', defaults: always(true) },
  { name: 'initial-node-group-backoff-duration', option: 'initialNodeGroupBackoffSeconds', type: 'duration', defaults: always(5 * MIN) },
  { name: 'max-node-group-backoff-duration', option: 'maxNodeGroupBackoffSeconds', type: 'duration', defaults: always(30 * MIN) },
  { name: 'node-group-backoff-reset-timeout', option: 'nodeGroupBackoffResetSeconds', type: 'duration', defaults: always(3 * 3600) },
  { name: 'max-graceful-termination-sec', option: 'maxGracefulTerminationSeconds', type: 'int', defaults: always(600), min: 0 },
  { name: 'node-delete-delay-after-taint', option: 'nodeDeleteDelayAfterTaintSeconds', type: 'duration', defaults: always(5) },
  { name: 'expendable-pods-priority-cutoff', option: 'expendablePodsPriorityCutoff', type: 'int', defaults: always(-10) },
  { name: 'ignore-daemonsets-utilization', option: 'ignoreDaemonSetsUtilization', type: 'bool', defaults: always(false) },
  // Before 1.35 the 15-minute startup limit was a hard-coded constant.
  { name: 'max-node-startup-time', option: 'maxNodeStartupSeconds', type: 'duration', defaults: always(15 * MIN), addedIn: '1.35' },
];

export const FLAGS_BY_NAME: ReadonlyMap<string, FlagSpec> = new Map(FLAGS.map((f) => [f.name, f]));

/** Expanders `--expander` accepts; `grpc` needs an external server and cannot be simulated. */
export const EXPANDERS: readonly CaExpander[] = ['random', 'most-pods', 'least-waste', 'least-nodes', 'priority', 'price'];

/** Behaviour that changed by release without a flag of its own. */
export const VERSION_BEHAVIOUR = {
  /** 1.36+: a timed-out scale-up also lowers the target; upcoming nodes count only during an active request. */
  decreaseTargetOnTimeoutSince: '1.36' as CaVersion,
};

/** Release flags that exist but have no effect in fleetsim's simulation (accepted with a warning). */
export const UNSIMULATED_FLAGS: readonly string[] = [
  'address', 'async-node-groups', 'aws-use-static-instance-list', 'balancing-ignore-label', 'balancing-label',
  'bulk-mig-instances-listing-enabled', 'bypassed-scheduler-names', 'capacity-buffer-controller-enabled',
  'capacity-buffer-pod-injection-enabled', 'check-capacity-batch-processing', 'check-capacity-processor-instance',
  'check-capacity-provisioning-request-batch-timebox', 'check-capacity-provisioning-request-max-batch-size',
  'cloud-config', 'cloud-provider', 'cluster-name', 'cluster-snapshot-parallelism', 'clusterapi-cloud-config-authoritative',
  'cordon-node-before-terminating', 'cores-total', 'daemonset-eviction-for-empty-nodes', 'daemonset-eviction-for-occupied-nodes',
  'debugging-snapshot-enabled', 'drain-priority-config', 'dynamic-node-delete-delay-after-taint-enabled',
  'emit-per-nodegroup-metrics', 'enable-csi-node-aware-scheduling', 'enable-dynamic-resource-allocation',
  'enable-proactive-scaleup', 'enable-provisioning-requests', 'enforce-node-group-min-size', 'estimator',
  'fastpath-binpacking-enabled', 'force-delete-failed-nodes', 'force-delete-unregistered-nodes', 'force-ds',
  'gce-concurrent-refreshes', 'gce-mig-instances-min-refresh-wait-time', 'gpu-total', 'grpc-expander-cert', 'grpc-expander-url',
  'ignore-mirror-pods-utilization', 'ignore-taint', 'kube-api-content-type', 'kube-client-burst', 'kube-client-qps',
  'kubeconfig', 'kubernetes', 'leader-elect', 'leader-elect-lease-duration', 'leader-elect-renew-deadline',
  'leader-elect-resource-lock', 'leader-elect-resource-name', 'leader-elect-resource-namespace', 'leader-elect-retry-period',
  'max-allocatable-difference-ratio', 'max-binpacking-time', 'max-bulk-soft-taint-count', 'max-bulk-soft-taint-time',
  'max-failing-time', 'max-free-difference-ratio', 'max-inactivity', 'max-nodegroup-binpacking-duration',
  'max-pod-eviction-time', 'max-total-unready-percentage', 'memory-difference-ratio', 'memory-total', 'min-replica-count',
  'namespace', 'node-autoprovisioning-enabled', 'node-deletion-batcher-interval', 'node-deletion-candidate-ttl',
  'node-deletion-delay-timeout', 'node-group-auto-discovery', 'node-info-cache-expire-time', 'nodes', 'ok-total-unready-count',
  'parallel-scale-up', 'pod-injection-limit', 'predicate-parallelism', 'profiling', 'provisioning-request-initial-backoff-time',
  'provisioning-request-max-backoff-cache-size', 'provisioning-request-max-backoff-time', 'record-duplicated-events', 'regional',
  'scale-down-candidates-pool-min-count', 'scale-down-candidates-pool-ratio', 'scale-down-delay-type-local',
  'scale-down-non-empty-candidates-count', 'scale-down-simulation-timeout', 'scale-down-unready-enabled', 'scale-from-unschedulable',
  'scale-up-from-zero', 'scheduler-config-file', 'startup-taint', 'status-config-map-name', 'status-taint',
  'unremovable-node-recheck-timeout', 'user-agent', 'write-status-configmap',
  // klog / component-base flags
  'v', 'vmodule', 'logtostderr', 'alsologtostderr', 'stderrthreshold', 'log-dir', 'log-file', 'log-file-max-size',
  'skip-headers', 'skip-log-headers', 'one-output', 'add-dir-header',
];

/** Flags that exist only in some releases and have no effect in simulation. */
export const VERSIONED_UNSIMULATED: Readonly<Record<string, { addedIn?: CaVersion; removedIn?: CaVersion; replacement?: string }>> = {
  'max-empty-bulk-delete': { removedIn: '1.33', replacement: '--max-scale-down-parallelism' },
  'blocking-system-pod-distruption-timeout': { addedIn: '1.33' },
  'salvo-scale-up': { addedIn: '1.36' },
  'salvo-scale-up-budget': { addedIn: '1.36' },
};

/** Every flag name fleetsim knows (for "did you mean"). */
export const ALL_FLAG_NAMES: readonly string[] = [...FLAGS.map((f) => f.name), ...UNSIMULATED_FLAGS, ...Object.keys(VERSIONED_UNSIMULATED)];

export function versionIndex(v: CaVersion): number {
  return CA_VERSIONS.indexOf(v);
}

/** The default of a flag in a release. */
export function flagDefault(spec: FlagSpec, version: CaVersion): FlagValue {
  let value = spec.defaults[0]!.value;
  for (const d of spec.defaults) if (versionIndex(d.since) <= versionIndex(version)) value = d.value;
  return value;
}
