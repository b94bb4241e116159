/**
 * The engine's knobs, with Karpenter's defaults (core `pkg/operator/options`, the lifecycle controllers,
 * and the AWS provider; see /docs of the project for sources).
 */
export interface KarpenterEngineOptions {
  /** The batch window closes this long after the last new pending pod (BATCH_IDLE_DURATION). */
  readonly batchIdleSeconds: number;
  /** ... or this long after the first (BATCH_MAX_DURATION). */
  readonly batchMaxSeconds: number;
  /** While pods stay provisionable they are re-batched this often (pod controller requeue). */
  readonly pendingPodRequeueSeconds: number;
  /** A NodeClaim not launched this long after creation is deleted. */
  readonly launchTimeoutSeconds: number;
  /** A launched NodeClaim whose Node has not registered this long after launch is deleted. */
  readonly registrationTimeoutSeconds: number;
  /** First retry delay of a launch that failed with a non-capacity error; doubles up to the max. */
  readonly launchRetryBaseSeconds: number;
  readonly launchRetryMaxSeconds: number;
  /** How long an offering that failed with a capacity error is skipped (AWS unavailable-offerings cache). */
  readonly unavailableOfferingTtlSeconds: number;
  /** Instance-type options kept on a NodeClaim (core, since PR #2430; 60 before). */
  readonly maxInstanceTypes: number;
  /** Instance types sent to CreateFleet, cheapest first (AWS provider). */
  readonly maxLaunchInstanceTypes: number;
  /** Overrides (type × zone) per CreateFleet request (the LaunchRequest contract). */
  readonly maxLaunchOverrides: number;
  /**
   * Karpenter stops a provisioning Solve() after 1 minute of wall time, keeping what it planned; the pods
   * it did not reach stay pending for the next batch. fleetsim counts scheduling work instead of time so
   * that runs stay deterministic: one unit per (pod, candidate) check — an existing node, a NodeClaim
   * planned in the batch, or a NodePool template. Default 100 million (a Solve far beyond any benchmark
   * here: 20,000 pods against 400 types take ~4 million); 0 or Infinity: no limit.
   */
  readonly solveWorkBudget: number;
  /**
   * Karpenter's MIN_VALUES_POLICY: `Strict` fails a NodeClaim whose requirements' minValues cannot be met;
   * `BestEffort` lowers them to what the instance types can meet and records what was relaxed.
   */
  readonly minValuesPolicy: 'Strict' | 'BestEffort';
  /** Karpenter's --preference-policy. */
  readonly preferencePolicy: 'Respect' | 'Ignore';
  /** Value of the `fleetsim.io/cluster` ownership tag on launched instances. */
  readonly clusterName: string;
  /**
   * Evictions refused by a PodDisruptionBudget during termination are retried after
   * evictionRetryBaseSeconds × 2^(n−1) for the n-th refusal in a row, at most evictionRetrySeconds
   * (Karpenter's eviction queue: 100 ms → 10 s).
   */
  readonly evictionRetrySeconds: number;
  readonly evictionRetryBaseSeconds: number;
  /** Retry delay of a failed TerminateInstances (Karpenter retries every 5 s until NotFound). */
  readonly terminateRetrySeconds: number;
  /** While a node drains, look again at least this often (pods finishing, budgets freeing). */
  readonly drainRecheckSeconds: number;
}

export const DEFAULT_ENGINE_OPTIONS: KarpenterEngineOptions = Object.freeze({
  batchIdleSeconds: 1,
  batchMaxSeconds: 10,
  pendingPodRequeueSeconds: 10,
  launchTimeoutSeconds: 300,
  registrationTimeoutSeconds: 900,
  launchRetryBaseSeconds: 1,
  launchRetryMaxSeconds: 60,
  unavailableOfferingTtlSeconds: 180,
  maxInstanceTypes: 600,
  maxLaunchInstanceTypes: 60,
  maxLaunchOverrides: 60,
  preferencePolicy: 'Respect',
  solveWorkBudget: 100_000_000,
  minValuesPolicy: 'Strict',
  clusterName: 'fleetsim',
  evictionRetrySeconds: 10,
  evictionRetryBaseSeconds: 0.1,
  terminateRetrySeconds: 5,
  drainRecheckSeconds: 5,
});

export function resolveEngineOptions(partial: Partial<KarpenterEngineOptions> = {}): KarpenterEngineOptions {
  return { ...DEFAULT_ENGINE_OPTIONS, ...partial };
}

/** Tags Karpenter (and fleetsim) put on instances. */
export const Tags = {
  nodePool: 'karpenter.sh/nodepool',
  nodeClaim: 'karpenter.sh/nodeclaim',
  nodeClass: 'karpenter.k8s.aws/ec2nodeclass',
  cluster: 'fleetsim.io/cluster',
} as const;

/** Karpenter's NodeClaim annotations. */
export const Annotations = {
  /** "true" when MIN_VALUES_POLICY=BestEffort lowered a minValues to launch the NodeClaim, else "false". */
  minValuesRelaxed: 'karpenter.sh/nodeclaim-min-values-relaxed',
} as const;

export const ACTORS = {
  provisioner: 'karpenter/provisioner',
  lifecycle: 'karpenter/nodeclaim-lifecycle',
  termination: 'karpenter/termination',
} as const;
