import { z } from 'zod';
import { capacityType, distribution, duration, labelSelector, percentOrCount, positiveDuration, probability, quantity, taint, toleration } from './fields.js';

/**
 * The scenario file (YAML). Unknown fields are errors. Sections owned by other modules (Karpenter
 * manifests, Cluster Autoscaler flags, the workload) are validated here for shape and by their own
 * parsers for content.
 */
const catalog = z.strictObject({
  /** A user's own catalog file (CSV or JSON, see README); default: the embedded us-east-1 catalog. */
  file: z.string().optional(),
  families: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
  sizes: z.array(z.string()).optional(),
  excludeTypes: z.array(z.string()).optional(),
  priceOverrides: z
    .record(z.string(), z.strictObject({ onDemand: z.number().positive().optional(), spotSavingsPercent: z.number().min(0).max(100).optional() }))
    .optional(),
});

const poolSelector = {
  instanceType: z.string().optional(),
  zone: z.string().optional(),
  capacityType: capacityType.optional(),
};

const range = z.strictObject({ min: duration, max: duration });

const bootTimings = z.strictObject({
  /** EC2 pending → running (uniform between min and max). Default 5–17 s. */
  pendingToRunning: range.optional(),
  /** running → kubelet registered (lognormal). Default median 12 s, p95 40 s. */
  runningToRegistered: distribution.optional(),
  /** registered → node Ready (lognormal). Default median 4 s, p95 12 s. */
  registeredToReady: distribution.optional(),
  /** Probability that an instance never registers as a node. Default 0. */
  neverRegisterProbability: probability.optional(),
});

const cloud = z.strictObject({
  catalog: catalog.optional(),
  /** Latency of mutating EC2 calls (uniform). Default 1–2 s. */
  apiLatency: range.optional(),
  boot: bootTimings
    .extend({
      /** Per instance family (e.g. g5, p5): other boot timings. */
      byFamily: z.record(z.string(), bootTimings).optional(),
      /** Per EC2NodeClass (or Auto Scaling group) name: other boot timings (e.g. a custom AMI). */
      byNodeClass: z.record(z.string(), bootTimings).optional(),
    })
    .optional(),
  capacity: z
    .strictObject({
      /** Instances one on-demand pool (type × zone) can hold at once; spot pools hold less. Default 2000. */
      poolDepth: z.number().int().positive().optional(),
      poolDepthOverrides: z.array(z.strictObject({ ...poolSelector, depth: z.number().int().min(0) })).optional(),
      /** Probability that a launch on an available pool fails with InsufficientInstanceCapacity. Default 0. */
      iceProbability: probability.optional(),
      /** Scripted crunches: matching pools have no capacity between from and to. */
      crunches: z.array(z.strictObject({ ...poolSelector, from: duration, to: duration })).optional(),
      vcpuLimits: z.strictObject({ onDemand: z.number().int().positive().optional(), spot: z.number().int().positive().optional() }).optional(),
    })
    .optional(),
  spot: z
    .strictObject({
      /** Reclaim spot instances at all. Default true. */
      interruptions: z.boolean().optional(),
      /** Scales the Spot Advisor bucket hazard (2.5/7.5/12.5/17.5/25 % a month). Default 1. */
      interruptionMultiplier: z.number().min(0).optional(),
      /** Share of the hazard that arrives as correlated reclaim waves on one pool. Default 0. */
      correlation: probability.optional(),
      /** Fraction of a pool a wave reclaims. Default 0.5. */
      waveFraction: probability.optional(),
      /** A wave also empties its pool's capacity for this long. Default 10m. */
      waveCrunch: duration.optional(),
      /** Probability of a rebalance recommendation before the 2-minute warning. Default 0.5. */
      rebalanceProbability: probability.optional(),
      /** Spot prices follow a seeded mean-reverting process with this volatility per √hour (0 = fixed). */
      priceVolatility: z.number().min(0).optional(),
    })
    .optional(),
  /** EC2 request throttling (token buckets per action), or false to disable. */
  throttling: z.union([z.literal(false), z.record(z.string(), z.strictObject({ burst: z.number().positive(), refillPerSecond: z.number().positive() }))]).optional(),
  faults: z
    .strictObject({
      /** A zone going away: its running instances are lost at `from` and its pools have no capacity until `to`. */
      zoneOutages: z
        .array(
          z
            .strictObject({ zone: z.string().min(1), from: duration, to: duration })
            .refine((o) => o.to > o.from, { error: 'a zone outage must end ("to") after it starts ("from")', path: ['to'] }),
        )
        .optional(),
    })
    .optional(),
  asg: z
    .strictObject({
      /** Delay before an Auto Scaling group acts on a desired-capacity change. Default 10–40 s. */
      reactionDelay: range.optional(),
      /** Retry interval after a failed launch. Default 60 s. */
      retryInterval: duration.optional(),
    })
    .optional(),
});

const staticNodes = z.strictObject({
  nodes: z
    .array(
      z.strictObject({
        instanceType: z.string(),
        zone: z.string().optional(),
        capacityType: capacityType.optional(),
        count: z.number().int().positive().default(1),
        labels: z.record(z.string(), z.string()).optional(),
        taints: z.array(taint).optional(),
      }),
    )
    .min(1),
});

const karpenter = z.strictObject({
  /** Inline manifests (NodePool, EC2NodeClass, v1beta1/v1alpha5 converted) or a file/directory path. */
  manifests: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
  /**
   * Scripted changes, e.g. an AMI rollout: at `at`, these objects replace those of the same kind and name
   * (or are added), and the engine sees the new NodePools/EC2NodeClasses (drift follows).
   */
  changes: z.array(z.strictObject({ at: duration, manifests: z.array(z.record(z.string(), z.unknown())).min(1) })).optional(),
  options: z
    .strictObject({
      batchIdleDuration: duration.optional(),
      batchMaxDuration: duration.optional(),
      spotToSpotConsolidation: z.boolean().optional(),
      consolidation: z.boolean().optional(),
      /** Karpenter's MIN_VALUES_POLICY: Strict (default) fails a NodeClaim whose minValues cannot be met; BestEffort relaxes them. */
      minValuesPolicy: z.enum(['Strict', 'BestEffort']).optional(),
    })
    .optional(),
});

const clusterAutoscaler = z.strictObject({
  /** Release whose defaults apply ("1.30" … "1.36"). */
  version: z.union([z.string(), z.number()]).optional(),
  /** Flags by their real names: a mapping {"scan-interval": "10s"} or the Deployment's args list. */
  flags: z.union([z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])), z.array(z.string())]).optional(),
  /** Node groups (ASGs / EKS managed node groups); omitted → derived from the Karpenter NodePools. */
  nodeGroups: z.array(z.record(z.string(), z.unknown())).optional(),
  /** The priority expander ConfigMap's `priorities` (priority → regexes). */
  priorities: z.union([z.string(), z.record(z.string(), z.array(z.string()))]).optional(),
});

const daemonSet = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().default('kube-system'),
  requests: z.strictObject({ cpu: quantity.optional(), memory: quantity.optional() }),
  nodeSelector: z.record(z.string(), z.string()).optional(),
  tolerations: z.array(toleration).optional(),
});

const pdb = z
  .strictObject({
    name: z.string().min(1),
    namespace: z.string().default('default'),
    selector: labelSelector,
    minAvailable: percentOrCount.optional(),
    maxUnavailable: percentOrCount.optional(),
  })
  .refine((b) => b.minAvailable === undefined || b.maxUnavailable === undefined, {
    error: 'give at most one of minAvailable and maxUnavailable, found both (Kubernetes rejects a PodDisruptionBudget that sets both)',
  });

const cluster = z.strictObject({
  scheduler: z.strictObject({ scoring: z.enum(['LeastAllocated', 'MostAllocated']).optional() }).optional(),
  daemonSets: z.array(daemonSet).optional(),
  pdbs: z.array(pdb).optional(),
  priorityClasses: z.array(z.strictObject({ name: z.string(), value: z.number().int() })).optional(),
  /** Named pod templates referenced by the workload and traces (validated by the workload module). */
  podTemplates: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

/** One node of an existing cluster at time 0 (see `initialState`). */
const initialNode = z.strictObject({
  name: z.string().min(1),
  instanceType: z.string().min(1),
  zone: z.string().min(1),
  capacityType: capacityType.default('on-demand'),
  /** Extra node labels (the well-known ones are derived and may be repeated). */
  labels: z.record(z.string(), z.string()).optional(),
  taints: z.array(taint).optional(),
  /** Karpenter-managed by this NodePool (adopted as a NodeClaim under the karpenter policy). */
  nodePool: z.string().min(1).optional(),
  /** Member of this Cluster Autoscaler node group / Auto Scaling group. */
  nodeGroup: z.string().min(1).optional(),
});

/** A controller kept steady from time 0: Deployment, StatefulSet, ReplicaSet (replicas) or Job (completions). */
const initialController = z.strictObject({
  kind: z.enum(['Deployment', 'StatefulSet', 'ReplicaSet', 'Job']),
  name: z.string().min(1),
  namespace: z.string().min(1).default('default'),
  /** Deployment/StatefulSet/ReplicaSet; default: the number of listed pods it owns. */
  replicas: z.number().int().min(0).optional(),
  /** Job: completions still to run (default 1) and parallelism (default 1). */
  completions: z.number().int().min(0).optional(),
  parallelism: z.number().int().min(0).optional(),
  /** A name in cluster.podTemplates. */
  template: z.string().min(1),
});

/** A pod at time 0: bound to `node` and Running, or Pending when `node` is omitted. */
const initialPod = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().min(1).default('default'),
  node: z.string().min(1).optional(),
  /** A name in cluster.podTemplates; default: its owner's template. */
  template: z.string().min(1).optional(),
  /** Must name an entry of `controllers` in the same namespace. */
  owner: z.strictObject({ kind: z.enum(['Deployment', 'StatefulSet', 'ReplicaSet', 'Job']), name: z.string().min(1) }).optional(),
});

/** An existing cluster the run starts from (nodes Ready, pods Running at time 0), e.g. from `fleetsim import`. */
const initialState = z.strictObject({
  nodes: z.array(initialNode).optional(),
  controllers: z.array(initialController).optional(),
  pods: z.array(initialPod).optional(),
});

export const POLICIES = ['karpenter', 'cluster-autoscaler', 'static'] as const;
export type PolicyName = (typeof POLICIES)[number];

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  /** Simulated time span of a run; required and longer than 0. */
  horizon: positiveDuration,
  seed: z.number().int().default(1),
  region: z.string().default('us-east-1'),
  zones: z.array(z.string()).min(1).default(['us-east-1a', 'us-east-1b', 'us-east-1c']),
  /** The policy `fleetsim run` uses when --policy is not given. */
  policy: z.enum(POLICIES).default('karpenter'),
  /** Policies `fleetsim compare` runs by default. */
  compare: z.array(z.enum(POLICIES)).optional(),
  cloud: cloud.optional(),
  karpenter: karpenter.optional(),
  clusterAutoscaler: clusterAutoscaler.optional(),
  static: staticNodes.optional(),
  cluster: cluster.optional(),
  /** An existing cluster to start from (nodes, controllers, pods at time 0). */
  initialState: initialState.optional(),
  /**
   * Generators and traces (validated by the workload module: at least one item, unless `initialState`
   * is given, when it may be empty or absent).
   */
  workload: z.array(z.record(z.string(), z.unknown())).optional(),
  report: z.strictObject({ step: positiveDuration.optional() }).optional(),
});

export type ScenarioDocument = z.infer<typeof scenarioSchema>;
export type CloudSection = z.infer<typeof cloud>;
export type InitialStateSection = z.infer<typeof initialState>;
