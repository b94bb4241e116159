/**
 * Options of the simulated cluster, with their defaults. Every field is optional when building a
 * `SimCluster`; `resolveSimClusterOptions` fills in the defaults documented here.
 */
export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

export interface SimClusterOptions {
  /**
   * kube-scheduler's NodeResourcesFit scoring strategy. Default `LeastAllocated` (kube-scheduler's
   * default: spread pods over the least requested nodes); `MostAllocated` packs them.
   */
  readonly scoring: ScoringStrategy;
  /**
   * How equal best scores are broken. Default `random`: like kube-scheduler's selectHost, one of the
   * best nodes is picked uniformly, drawing from the seeded stream 'cluster/scheduler' (deterministic
   * for a seed). `name`: the lexicographically first node name.
   */
  readonly tieBreak: 'random' | 'name';
  /**
   * kube-scheduler's percentageOfNodesToScore. Default 0 = adaptive: 50% − (nodes / 125)%, at least 5%,
   * and never fewer than 100 feasible nodes; clusters under 100 nodes always consider every node.
   * 100 = always consider every node.
   */
  readonly percentageOfNodesToScore: number;
  /**
   * An unschedulable pod is retried at the latest this long after its last attempt even when nothing
   * changed (kube-scheduler's podMaxInUnschedulablePodsDuration). Default 300 s.
   */
  readonly podMaxInUnschedulableSeconds: number;
  /**
   * A pod that failed n times is not retried before initial × 2^(n−1) seconds (capped at the maximum)
   * after its last failure, even when a cluster change moves it back (kube-scheduler's
   * podInitialBackoffSeconds / podMaxBackoffSeconds). Defaults 1 s and 10 s.
   */
  readonly podInitialBackoffSeconds: number;
  readonly podMaxBackoffSeconds: number;
  /**
   * At most one scheduling cycle runs per simulated instant; work arriving after that instant's cycle
   * is handled by a cycle this much later. Default 0.001 s.
   */
  readonly followUpCycleDelaySeconds: number;
  /** Bound pod → Running: lognormal with this median and 95th percentile (stream 'cluster/kubelet'). Default 2 s / 5 s. */
  readonly podStartSeconds: { readonly median: number; readonly p95: number };
  /**
   * Gracefully deleted (evicted, scaled-down) pods exit after min(terminationGracePeriodSeconds, this).
   * Default 5 s: most containers stop well within their grace period.
   */
  readonly podShutdownSeconds: number;
  /** Delay from registration to Ready when `registerNode` gives none. Default 0 s. */
  readonly nodeReadyAfterSeconds: number;
  /**
   * Pods on a NotReady node are deleted this long after it went NotReady, unless they tolerate the
   * `node.kubernetes.io/not-ready:NoExecute` taint without a time limit (DaemonSet pods do). Kubernetes
   * adds this 300 s toleration to every pod by default (DefaultTolerationSeconds admission).
   */
  readonly notReadyTolerationSeconds: number;
  /**
   * Keep pods that ran to completion (Succeeded/Failed) in `pods()`. Default false: after the update
   * that reports their final phase they are removed (a `pod-deleted` event follows), which keeps long
   * trace replays small.
   */
  readonly retainFinishedPods: boolean;
}

export const DEFAULT_SIM_CLUSTER_OPTIONS: SimClusterOptions = Object.freeze({
  scoring: 'LeastAllocated',
  tieBreak: 'random',
  percentageOfNodesToScore: 0,
  podMaxInUnschedulableSeconds: 300,
  podInitialBackoffSeconds: 1,
  podMaxBackoffSeconds: 10,
  followUpCycleDelaySeconds: 0.001,
  podStartSeconds: Object.freeze({ median: 2, p95: 5 }),
  podShutdownSeconds: 5,
  nodeReadyAfterSeconds: 0,
  notReadyTolerationSeconds: 300,
  retainFinishedPods: false,
});

export function resolveSimClusterOptions(partial: Partial<SimClusterOptions> = {}): SimClusterOptions {
  const o = { ...DEFAULT_SIM_CLUSTER_OPTIONS, ...partial };
  const nonNegative: (keyof SimClusterOptions)[] = [
    'percentageOfNodesToScore',
    'podMaxInUnschedulableSeconds',
    'podInitialBackoffSeconds',
    'podMaxBackoffSeconds',
    'followUpCycleDelaySeconds',
    'podShutdownSeconds',
    'nodeReadyAfterSeconds',
    'notReadyTolerationSeconds',
  ];
  for (const k of nonNegative) {
    const v = o[k] as number;
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`sim cluster option ${k} must be a finite number >= 0, got ${v}`);
  }
  if (o.percentageOfNodesToScore > 100) throw new RangeError('percentageOfNodesToScore must be at most 100');
  if (!(o.followUpCycleDelaySeconds > 0)) throw new RangeError('followUpCycleDelaySeconds must be > 0');
  if (!(o.podStartSeconds.median >= 0) || !(o.podStartSeconds.p95 >= 0)) throw new RangeError('podStartSeconds must be >= 0');
  return o;
}
