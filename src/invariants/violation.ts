/**
 * A broken invariant: something the simulated world (or the policy driving it) must never do. Each has
 * a stable `code`, the invariant's name, the simulated time and the objects involved, so that a failing
 * run says exactly what went wrong, when, and to whom.
 */
export const InvariantCodes = {
  /** A pod was bound to a node whose allocatable its node's pods' requests then exceeded. */
  podOvercommit: 'POD_OVERCOMMIT',
  /** A pod was bound to a node its nodeSelector, required node affinity or taints forbid (or to no node). */
  podPlacement: 'POD_PLACEMENT',
  /** An eviction went through although a PodDisruptionBudget allowed no disruption. */
  pdbViolated: 'PDB_VIOLATED',
  /** A NodePool's nodes exceed one of its limits. */
  nodePoolLimit: 'NODEPOOL_LIMIT_EXCEEDED',
  /** A node was disrupted voluntarily while it had a karpenter.sh/do-not-disrupt pod (or annotation). */
  doNotDisrupt: 'DO_NOT_DISRUPT_VIOLATED',
  /** Instance events out of order (running before launch, anything after termination, ...). */
  instanceLifecycle: 'INSTANCE_LIFECYCLE',
  /** At the end, an instance launched is neither terminated nor running, or the billing ledger disagrees. */
  instanceUnaccounted: 'INSTANCE_UNACCOUNTED',
  /** At the end, a running instance has had no node for longer than the registration timeout. */
  instanceLeaked: 'INSTANCE_LEAKED',
  /** Pod fates do not add up, or the reported pod totals disagree with what happened. */
  podAccounting: 'POD_ACCOUNTING',
  /** The reported cost is not Σ price × billed time. */
  costMismatch: 'COST_MISMATCH',
  /** An Auto Scaling group's desired capacity left [minSize, maxSize]. */
  asgBounds: 'ASG_BOUNDS',
  /** Voluntary disruptions of a NodePool's nodes exceeded one of its disruption budgets. */
  disruptionBudget: 'DISRUPTION_BUDGET_EXCEEDED',
  /** A ReplicaSet or Job did not get back to its desired active pods (an evicted or lost pod not replaced). */
  controllerReplicas: 'CONTROLLER_REPLICAS_NOT_RESTORED',
  /** At the end, a pod still pending has no recorded reason (never marked Unschedulable, named by no decision). */
  pendingWithoutReason: 'PENDING_WITHOUT_REASON',
} as const;

export type InvariantCode = (typeof InvariantCodes)[keyof typeof InvariantCodes];

export interface ViolationDetails {
  readonly code: InvariantCode;
  /** The invariant in words, e.g. "pods fit their node's allocatable". */
  readonly invariant: string;
  /** Simulated seconds. */
  readonly at: number;
  /** The objects involved, by kind: { pod: "default/web-1", node: "ip-...", pdb: "default/web" }. */
  readonly objects: Readonly<Record<string, string>>;
  /** What happened, with the numbers. */
  readonly detail: string;
}

function formatObjects(objects: Readonly<Record<string, string>>): string {
  const parts = Object.entries(objects).map(([k, v]) => `${k} ${v}`);
  return parts.length > 0 ? ` [${parts.join(', ')}]` : '';
}

export class InvariantViolation extends Error {
  override readonly name = 'InvariantViolation';
  readonly code: InvariantCode;
  readonly invariant: string;
  readonly at: number;
  readonly objects: Readonly<Record<string, string>>;
  readonly detail: string;

  constructor(d: ViolationDetails) {
    super(`${d.code}: invariant "${d.invariant}" violated at t=${formatTime(d.at)}${formatObjects(d.objects)}: ${d.detail}`);
    this.code = d.code;
    this.invariant = d.invariant;
    this.at = d.at;
    this.objects = d.objects;
    this.detail = d.detail;
  }
}

export function isInvariantViolation(e: unknown): e is InvariantViolation {
  return e instanceof InvariantViolation;
}

/** Seconds with at most 3 decimals, e.g. "125.5 s". */
export function formatTime(at: number): string {
  return `${Math.round(at * 1000) / 1000} s`;
}

/** Where violations go: thrown by default, or handed to a collector (tests, reports of every violation). */
export type ViolationSink = (v: InvariantViolation) => void;

export const throwViolation: ViolationSink = (v) => {
  throw v;
};
