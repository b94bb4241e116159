import type { Labels, Node, NodeClaim, Pod, Requirement, Resources, Taint } from '../../model/index.js';

/**
 * One node as the engine's scheduler sees it: a registered Node, or an in-flight NodeClaim whose Node has
 * not registered yet (its allocatable then comes from the claim's status or its instance-type options).
 * A plain value: the scheduler simulation and consolidation copy and filter these freely.
 */
export interface StateNode {
  /** The Node's name, or the NodeClaim's name while no Node is registered. */
  readonly name: string;
  /** `kubernetes.io/hostname` of the node (the claim name while unregistered). */
  readonly hostname: string;
  readonly node?: Node;
  readonly nodeClaim?: NodeClaim;
  readonly nodePoolName?: string;
  /** Concrete labels (a registered Node's labels; for a claim, its single-valued requirements). */
  readonly labels: Labels;
  /** For an unregistered claim, what its node may still turn out to be; undefined when `labels` is exact. */
  readonly requirements?: readonly Requirement[];
  /** Taints that matter for scheduling (startup and known ephemeral taints dropped until initialized). */
  readonly taints: readonly Taint[];
  readonly capacity: Resources;
  readonly allocatable: Resources;
  /** Requests of the non-terminal pods bound to it (DaemonSet pods included; one pod slot each). */
  readonly requested: Resources;
  /** Non-terminal pods bound to it. */
  readonly pods: readonly Pod[];
  /** Names of the DaemonSets that already have a pod on it. */
  readonly daemonSetNames: ReadonlySet<string>;
  readonly hostPortsInUse: ReadonlySet<number>;
  readonly registered: boolean;
  readonly initialized: boolean;
  /** Being deleted (NodeClaim or Node deletion began): not a destination; its pods need new homes. */
  readonly markedForDeletion: boolean;
  /** Cordoned. */
  readonly unschedulable: boolean;
  /** Last time the provisioner nominated pods onto it. */
  readonly nominatedAt?: number;
}

/** Existing-node order of Karpenter's scheduler: initialized nodes first, then by name. */
export function compareStateNodes(a: StateNode, b: StateNode): number {
  if (a.initialized !== b.initialized) return a.initialized ? -1 : 1;
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}
