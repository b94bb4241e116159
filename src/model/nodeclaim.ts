import type { Requirement, Taint } from './labels.js';
import type { CapacityType } from './node.js';
import type { Resources } from './resources.js';

/** Karpenter's intent object: "a node like this should exist". Launched by the NodeClaim lifecycle controller. */
export interface NodeClaim {
  readonly name: string;
  readonly nodePoolName: string;
  readonly nodeClassName: string;
  readonly createdAt: number;
  /** Narrowed requirements: instance types, zones, capacity types allowed. */
  readonly requirements: readonly Requirement[];
  /** Instance types that fit the planned pods, cheapest first. */
  readonly instanceTypeOptions: readonly string[];
  /** Requests of the planned pods plus DaemonSet overhead. */
  readonly requests: Resources;
  readonly taints: readonly Taint[];
  readonly startupTaints: readonly Taint[];
  /** Hash of the NodePool template and NodeClass when created (drift detection). */
  readonly templateHash: string;
  /** Karpenter's NodeClaim annotations, e.g. `karpenter.sh/nodeclaim-min-values-relaxed`. */
  readonly annotations?: Readonly<Record<string, string>>;
  readonly status: NodeClaimStatus;
}

export interface NodeClaimStatus {
  providerID?: string;
  instanceId?: string;
  instanceType?: string;
  zone?: string;
  capacityType?: CapacityType;
  pricePerHour?: number;
  allocatable?: Resources;
  nodeName?: string;
  launchRequestedAt?: number;
  launchedAt?: number;
  registeredAt?: number;
  initializedAt?: number;
  /** Deletion began (disruption, expiration, interruption, timeouts). */
  deletionAt?: number;
  deletionReason?: string;
  drifted?: boolean;
  driftedAt?: number;
  /** Last time a non-DaemonSet pod bound to or left the node (consolidateAfter). */
  lastPodEventAt?: number;
}
