import { z } from 'zod';
import { capacityType, distribution, duration, labelSelector, probability, quantity, taint, toleration } from './fields.js';

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

const crunch = z.strictObject({
  instanceType: z.string().optional(),
  zone: z.string().optional(),
  capacityType: capacityType.optional(),
  from: duration,
  to: duration,
});

const wave = z.strictObject({
  instanceType: z.string().optional(),
  zone: z.string().optional(),
  at: duration,
  /** Fraction of the pool's running spot instances reclaimed. */
  fraction: probability,
});

const cloud = z.strictObject({
  catalog: catalog.optional(),
  apiLatency: distribution.optional(),
  boot: z
    .strictObject({
      pendingToRunning: distribution.optional(),
      runningToRegistered: distribution.optional(),
      registeredToReady: distribution.optional(),
      /** Per instance family (e.g. g5, p4d), a different registration → Ready distribution. */
      byFamily: z.record(z.string(), distribution).optional(),
      neverRegisterProbability: probability.optional(),
    })
    .optional(),
  capacity: z
    .strictObject({
      poolDepth: z.number().int().positive().optional(),
      iceProbability: probability.optional(),
      crunches: z.array(crunch).optional(),
    })
    .optional(),
  spot: z
    .strictObject({
      interruptionMultiplier: z.number().min(0).optional(),
      rebalanceProbability: probability.optional(),
      priceVolatility: z.number().min(0).optional(),
      waves: z.array(wave).optional(),
    })
    .optional(),
  throttling: z.strictObject({ enabled: z.boolean().optional(), requestsPerSecond: z.number().positive().optional() }).optional(),
  asgReactionDelay: distribution.optional(),
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
  options: z
    .strictObject({
      batchIdleDuration: duration.optional(),
      batchMaxDuration: duration.optional(),
      spotToSpotConsolidation: z.boolean().optional(),
      consolidation: z.boolean().optional(),
    })
    .optional(),
});

const clusterAutoscaler = z.strictObject({
  version: z.string().optional(),
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

const pdb = z.strictObject({
  name: z.string().min(1),
  namespace: z.string().default('default'),
  selector: labelSelector,
  minAvailable: z.union([z.number().int().min(0), z.string()]).optional(),
  maxUnavailable: z.union([z.number().int().min(0), z.string()]).optional(),
});

const cluster = z.strictObject({
  scheduler: z.strictObject({ scoring: z.enum(['LeastAllocated', 'MostAllocated']).optional() }).optional(),
  daemonSets: z.array(daemonSet).optional(),
  pdbs: z.array(pdb).optional(),
  priorityClasses: z.array(z.strictObject({ name: z.string(), value: z.number().int() })).optional(),
  /** Named pod templates referenced by the workload and traces (validated by the workload module). */
  podTemplates: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
});

export const POLICIES = ['karpenter', 'cluster-autoscaler', 'static'] as const;
export type PolicyName = (typeof POLICIES)[number];

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().optional(),
  horizon: duration,
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
  /** Generators and traces (validated by the workload module). */
  workload: z.array(z.record(z.string(), z.unknown())).min(1),
  report: z.strictObject({ step: duration.optional() }).optional(),
});

export type ScenarioDocument = z.infer<typeof scenarioSchema>;
export type CloudSection = z.infer<typeof cloud>;
