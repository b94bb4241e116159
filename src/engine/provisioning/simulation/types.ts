import type { SimulationCache } from './simulation-cache.js';
import type { DaemonSet, InstanceType, NodePool, Offering, Pod, Requirement, Resources } from '../../../model/index.js';

export interface SimulationOptions {
  /** DaemonSets whose pods every new node will run (their requests count as overhead). */
  readonly daemonSets?: readonly DaemonSet[];
  /** Whether an offering may be used now (default: its `available` flag; the engine adds its ICE cache). */
  readonly isOfferingAvailable?: (instanceType: InstanceType, offering: Offering) => boolean;
  /** Instance-type options kept per NodeClaim, cheapest first. Default 600 (Karpenter core). */
  readonly maxInstanceTypes?: number;
  /** `Ignore` drops every preference up front (Karpenter's --preference-policy). Default Respect. */
  readonly preferencePolicy?: 'Respect' | 'Ignore';
  /**
   * Deterministic stand-in for Karpenter's 1-minute Solve() timeout: once this many (pod, candidate)
   * checks are done, the pods not yet tried are left out (reason NOT_REACHED). Default: no limit.
   */
  readonly maxSchedulingWork?: number;
  /** Karpenter's MIN_VALUES_POLICY. Default Strict. */
  readonly minValuesPolicy?: 'Strict' | 'BestEffort';
  /** Prefix of placeholder hostnames of new NodeClaims. Default "hostname-placeholder-". */
  readonly hostnamePrefix?: string;
  /**
   * The nodes whose capacity counts against NodePool limits. Default: the nodes the pods may go to. A
   * disruption simulation leaves its candidates out as destinations but passes every node here: Karpenter
   * counts a candidate against its pool's limits until it is gone, so a replacement cannot take a pool
   * over its limits (at `limits.nodes` a drifted node with pods is not replaced).
   */
  readonly limitUsage?: readonly LimitUsageNode[];
  /**
   * Memo shared by simulations over the same StateNode objects and DaemonSet list (a disruption pass
   * simulating candidate after candidate). The result is the same with or without it.
   */
  readonly cache?: SimulationCache;
  /**
   * Nodes (by name) left out as destinations, as if absent from `stateNodes` (consolidation candidates).
   * Passing the whole snapshot plus this set lets a cache keep per-snapshot work; `limitUsage` should then
   * be given explicitly.
   */
  readonly excludedNodes?: ReadonlySet<string>;
  /**
   * Stop as soon as more than `max` new NodeClaims hold one of these pods (by uid): a multi-node
   * consolidation only needs to know that its candidates cannot go with at most one replacement. The
   * result is then partial and marked `stoppedEarly` (no NodeClaims, no unschedulable list).
   */
  readonly stopAfterNewClaimsHolding?: { readonly podUids: ReadonlySet<string>; readonly max: number };
}

/** A node as NodePool limits see it. */
export interface LimitUsageNode {
  readonly nodePoolName?: string | undefined;
  readonly capacity: Resources;
}

/** Instance types: one list for every NodePool, or per NodePool name (NodeClass kubelet settings differ). */
export type InstanceTypesByPool = readonly InstanceType[] | ReadonlyMap<string, readonly InstanceType[]>;

export interface ExistingNodePlacement {
  readonly pod: Pod;
  /** The StateNode's name (a Node, or an in-flight NodeClaim). */
  readonly nodeName: string;
}

/** A NodeClaim the simulation wants created. */
export interface PlannedNodeClaim {
  readonly nodePool: NodePool;
  /** The placeholder hostname it had during the simulation. */
  readonly hostname: string;
  readonly pods: readonly Pod[];
  /** Narrowed requirements, with `node.kubernetes.io/instance-type In [options]` and the capacity types present. */
  readonly requirements: readonly Requirement[];
  /** Instance types that fit, cheapest compatible offering first (at most `maxInstanceTypes`). */
  readonly instanceTypes: readonly InstanceType[];
  /** Pod requests plus the smallest DaemonSet overhead among the options. */
  readonly requests: Resources;
  readonly podRequests: Resources;
  /** Price of the cheapest compatible available offering among the options. */
  readonly cheapestPricePerHour: number;
  /** Under MIN_VALUES_POLICY=BestEffort: the minValues lowered to what the options meet (absent: none). */
  readonly minValuesRelaxed?: readonly { readonly key: string; readonly from: number; readonly to: number }[];
}

export interface UnschedulablePod {
  readonly pod: Pod;
  readonly reason: string;
}

/** The reason of pods a Solve() did not try because its work budget ran out (they stay pending). */
export const NOT_REACHED = 'not reached: the scheduling simulation ran out of its work budget';

export interface SchedulingResult {
  readonly existingNodePlacements: readonly ExistingNodePlacement[];
  readonly newNodeClaims: readonly PlannedNodeClaim[];
  /** Pods that fit nowhere, and (reason NOT_REACHED) pods not tried when the work budget ran out. */
  readonly unschedulable: readonly UnschedulablePod[];
  /** (pod, candidate) checks done. */
  readonly work?: number;
  /** Set when the work budget ran out: how many pods were not tried. */
  readonly budgetExhausted?: { readonly work: number; readonly podsNotReached: number };
  /** Set when `stopAfterNewClaimsHolding` stopped the simulation: more than that many new NodeClaims were needed. */
  readonly stoppedEarly?: true;
}
