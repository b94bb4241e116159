import type { Labels, Requirement, Taint } from './labels.js';
import type { Resources } from './resources.js';

export type DisruptionReason = 'Empty' | 'Drifted' | 'Underutilized';

/** A disruption budget: `nodes` is an absolute count ("5") or a percentage ("10%"); optional cron window. */
export interface DisruptionBudget {
  readonly nodes: string;
  readonly reasons?: readonly DisruptionReason[];
  /** Cron in UTC (5 fields) and a duration in seconds: the budget is active for `durationSeconds` after each match. */
  readonly schedule?: string;
  readonly durationSeconds?: number;
}

export interface Kubelet {
  readonly maxPods?: number;
  readonly podsPerCore?: number;
  readonly systemReserved?: Partial<Resources>;
  readonly kubeReserved?: Partial<Resources>;
  /** evictionHard memory.available in MiB (percentages resolved against capacity by the catalog). */
  readonly evictionHardMemoryMiB?: number;
  /** evictionHard memory.available given as a percentage of node memory ("5%" → 5); the catalog resolves it. */
  readonly evictionHardMemoryPercent?: number;
}

/** karpenter.k8s.aws/v1 EC2NodeClass, as far as it matters in simulation. */
export interface NodeClass {
  readonly name: string;
  readonly amiFamily: string;
  /** An identifier for the AMI selection; changing it drifts every node of the class. */
  readonly amiId: string;
  readonly kubelet: Kubelet;
  readonly tags: Readonly<Record<string, string>>;
  readonly blockDeviceGiB?: number;
  /** Fields recorded but without effect in simulation (subnets, security groups, role, ...). */
  readonly recorded: Readonly<Record<string, unknown>>;
}

/** karpenter.sh/v1 NodePool, normalised. */
export interface NodePool {
  readonly name: string;
  readonly weight: number;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly startupTaints: readonly Taint[];
  readonly requirements: readonly Requirement[];
  readonly nodeClassName: string;
  /** Seconds; undefined = Never. Default 720 h. */
  readonly expireAfterSeconds?: number;
  /** Seconds; undefined = wait forever for drains. */
  readonly terminationGracePeriodSeconds?: number;
  readonly disruption: {
    readonly consolidationPolicy: 'WhenEmpty' | 'WhenEmptyOrUnderutilized';
    /** Seconds; undefined = Never. Default 0. */
    readonly consolidateAfterSeconds?: number;
    readonly budgets: readonly DisruptionBudget[];
  };
  /** Resource limits across the pool's nodes (capacity); absent fields are unlimited. */
  readonly limits: Partial<Resources> & { nodes?: number };
}
