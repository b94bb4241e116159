/**
 * Constants the Cluster Autoscaler hard-codes (or whose flags fleetsim does not expose), by their
 * upstream names. Durations in seconds.
 */
export const CaConstants = {
  /** `unschedulablePodTimeBuffer`: no scale-up while the oldest pending pod is younger than this. */
  unschedulablePodTimeBufferSeconds: 2,
  /** `unschedulablePodWithGpuTimeBuffer`: the same for the oldest pending GPU pod. */
  unschedulablePodWithGpuTimeBufferSeconds: 30,
  /** `maxPodChangeAge`: an Unschedulable transition older than this does not wake a frequent loop. */
  maxPodChangeAgeSeconds: 10,
  /** AWS provider: the ASG cache (instances, scaling activities) is refreshed at most this often. */
  asgRefreshIntervalSeconds: 60,
  /** A live node serves as its group's template once Ready for this long. */
  templateNodeReadySeconds: 60,
  /** AWS template node: pods capacity, and the kube-proxy pod it carries. */
  templatePods: 110,
  kubeProxyCpuMillis: 100,
  /** `--ok-total-unready-count`, `--max-total-unready-percentage` */
  okTotalUnreadyCount: 3,
  maxTotalUnreadyPercentage: 45,
  /** `maxEquivalenceGroupsByController` */
  maxEquivalenceGroupsByController: 10,
  /** `--unremovable-node-recheck-timeout` */
  unremovableNodeRecheckSeconds: 300,
  /** `--max-pod-eviction-time`, eviction retry interval, pod-disappearance poll interval and headroom. */
  maxPodEvictionSeconds: 120,
  evictionRetrySeconds: 10,
  podsGonePollSeconds: 5,
  podsGoneHeadroomSeconds: 30,
  /** A terminating pod whose grace period ended this long ago no longer counts (long-terminating). */
  podLongTerminatingExtraSeconds: 30,
  /** `--blocking-system-pod-distruption-timeout` (1.33+) */
  blockingSystemPodDisruptionSeconds: 3600,
  /** `--max-bulk-soft-taint-count` */
  maxBulkSoftTaintCount: 10,
  /** Balancing similarity tolerances (`compare_nodegroups.go`). */
  maxMemoryDifferenceRatio: 0.015,
  maxAllocatableDifferenceRatio: 0.05,
  maxFreeDifferenceRatio: 0.05,
  /**
   * An unchanged NotTriggerScaleUp outcome for the same pods is logged again at most this often. The
   * Kubernetes event recorder folds identical events into one with a count, and client-go's event
   * correlator aggregates within a 10-minute window (`defaultAggregateIntervalInSeconds` = 600).
   */
  noScaleUpRepeatIntervalSeconds: 600,
  /** Pods named in one `no-scale-up` record (the rest are counted). */
  noScaleUpMaxNamedPods: 20,
} as const;

/** Annotations the Cluster Autoscaler reads. */
export const CaAnnotations = {
  safeToEvict: 'cluster-autoscaler.kubernetes.io/safe-to-evict',
  safeToEvictLocalVolumes: 'cluster-autoscaler.kubernetes.io/safe-to-evict-local-volumes',
  scaleDownDisabled: 'cluster-autoscaler.kubernetes.io/scale-down-disabled',
  podScaleUpDelay: 'cluster-autoscaler.kubernetes.io/pod-scale-up-delay',
} as const;

/** Labels ignored when comparing node groups for similarity (basic list plus the AWS additions). */
export const BALANCING_IGNORED_LABELS: ReadonlySet<string> = new Set([
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'failure-domain.beta.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region',
  'beta.kubernetes.io/fluentd-ds-ready',
  'alpha.eksctl.io/instance-id',
  'alpha.eksctl.io/nodegroup-name',
  'eks.amazonaws.com/nodegroup',
  'k8s.amazonaws.com/eniConfig',
  'lifecycle',
  'topology.ebs.csi.aws.com/zone',
]);
