import type { Instance } from '../cloud/cloud-provider.js';
import type { DisruptionBudget, NodePool, Resources, Taint } from '../model/index.js';
import type { NodePoolChangeLike } from './disruption-budgets.js';
import type { ViolationSink } from './violation.js';

/**
 * Plain data the checker is fed. Shapes are structural so that the mock EC2's own types (InstanceEvent,
 * BillingEntry) and the report's summary figures fit without the checker importing an adapter.
 */

/** One instance lifecycle step, as the mock EC2 reports it (`MockEc2.onInstanceEvent`). */
export interface InstanceEventLike {
  readonly kind: 'launched' | 'running' | 'registered' | 'ready' | 'terminated';
  /** A live view: its `state` is read again at `finish`. */
  readonly instance: Instance;
  readonly at: number;
  readonly reason?: string;
}

/** One line of the billing ledger (`MockEc2.ledger()` at the horizon). */
export interface LedgerEntryLike {
  readonly instanceId: string;
  readonly pricePerHour: number;
  readonly launchedAt: number;
  readonly terminatedAt?: number;
  readonly billedSeconds: number;
  readonly costUsd: number;
}

/** summary.json's `pods` block (workload pods only; DaemonSet pods are not counted). */
export interface PodTotals {
  readonly created: number;
  readonly scheduled: number;
  readonly completed: number;
  readonly evicted: number;
  readonly pendingAtEnd: number;
  readonly neverScheduled: number;
}

/** What `finish` compares against; every part is optional (absent parts are not checked). */
export interface FinishInput {
  readonly ledger?: readonly LedgerEntryLike[];
  /** The run's total cost as reported (summary.json `cost.totalUsd`, rounded to 6 decimals). */
  readonly totalCostUsd?: number;
  readonly podTotals?: PodTotals;
}

export interface InvariantOptions {
  /** NodePools whose limits are enforced (nodes counted by the `karpenter.sh/nodepool` label). */
  readonly nodePools?: readonly NodePool[];
  /**
   * Capacity of an instance type, to count a launched NodeClaim whose node has not registered yet
   * against its NodePool's limits. Without it only nodes count.
   */
  readonly capacityOf?: (instanceType: string) => Resources | undefined;
  /** Seconds a running instance may go without a node (Karpenter's registration TTL). Default 900. */
  readonly registrationTimeoutSeconds?: number;
  /**
   * Extra seconds past the registration timeout for the controller to notice and terminate the instance
   * (resync periods, API latency). Default 120.
   */
  readonly registrationGraceSeconds?: number;
  /**
   * Startup taints still pending on a node, which the simulated DaemonSet controller ignores when it
   * places daemon pods. By default those of the node's NodeClaim (matched by providerID).
   */
  readonly startupTaintsOf?: (nodeName: string) => readonly Taint[];
  /**
   * Scripted NodePool changes (`ResolvedScenario.karpenter.changes`): the disruption budgets in force
   * after each. Without them the `nodePools` apply throughout.
   */
  readonly nodePoolChanges?: readonly NodePoolChangeLike[];
  /**
   * Whether a disruption budget with a `schedule` is in force at simulated time `at`. Without it such
   * budgets are not checked (only budgets without a schedule are).
   */
  readonly isScheduledBudgetActive?: (budget: DisruptionBudget, at: number) => boolean;
  /**
   * Seconds a ReplicaSet or Job may stay short of its desired active pods after a pod stopped counting.
   * Default 0: the simulated controllers react within the same simulated instant.
   */
  readonly controllerGraceSeconds?: number;
  /** Pods created this close to the end need no pending reason yet. Default 1 s. */
  readonly pendingReasonGraceSeconds?: number;
  /** Absolute tolerance for cost comparisons in USD (summary figures are rounded to 6 decimals). Default 1e-5. */
  readonly costToleranceUsd?: number;
  /** Where violations go (default: thrown). */
  readonly onViolation?: ViolationSink;
}

export const DEFAULT_REGISTRATION_TIMEOUT_SECONDS = 15 * 60;
export const DEFAULT_REGISTRATION_GRACE_SECONDS = 120;
