import type { DaemonSet, InstanceType, NodePool, Offering, Pod } from '../../model/index.js';
import { simulateScheduling, type PlannedNodeClaim, type SchedulingResult, type SimulationCache } from '../provisioning/simulation/index.js';
import type { StateNode } from '../state/state-node.js';
import type { Candidate } from './candidates.js';
import type { SimulationSettings } from './ports.js';

export type SimulationOutcome =
  | {
      readonly ok: true;
      /** New NodeClaims that hold at least one of the candidates' pods. */
      readonly newNodeClaims: readonly PlannedNodeClaim[];
      readonly result: SchedulingResult;
    }
  | { readonly ok: false; readonly reason: string };

/** The world a consolidation simulation runs in (one disruption pass). */
export interface SimulationWorld {
  readonly stateNodes: readonly StateNode[];
  /** Provisionable pending pods: they compete for the same room. */
  readonly pendingPods: readonly Pod[];
  /** Reschedulable pods of nodes being deleted: they need room too. */
  readonly deletingPods: readonly Pod[];
  readonly nodePools: readonly NodePool[];
  readonly instanceTypes: ReadonlyMap<string, readonly InstanceType[]>;
  readonly daemonSets: readonly DaemonSet[];
  readonly isOfferingAvailable: (it: InstanceType, o: Offering) => boolean;
  readonly settings: SimulationSettings;
  /** Shared by every simulation over this world's StateNodes. */
  readonly cache: SimulationCache;
}

const uninitializedBySnapshot = new WeakMap<readonly StateNode[], ReadonlySet<string>>();

/** Names of a snapshot's nodes that are not initialized yet (worked out once per snapshot). */
function uninitializedNodes(stateNodes: readonly StateNode[]): ReadonlySet<string> {
  let names = uninitializedBySnapshot.get(stateNodes);
  if (!names) uninitializedBySnapshot.set(stateNodes, (names = new Set(stateNodes.filter((n) => !n.initialized).map((n) => n.name))));
  return names;
}

/**
 * Karpenter's SimulateScheduling for disruption, reusing the provisioner's scheduler simulation: the
 * cluster without the candidates, asked to place the pending pods, the pods of deleting nodes and the
 * candidates' reschedulable pods. Fails when a candidate's pod fits nowhere or would only fit on a node
 * that is not initialized yet; otherwise returns the new NodeClaims the candidates' pods need. With
 * `atMostOneReplacement` it stops (not ok) as soon as a second new NodeClaim would hold a candidate's pod:
 * for a caller that only needs to know whether the candidates can go with at most one replacement.
 */
export function simulateWithout(world: SimulationWorld, candidates: readonly Candidate[], atMostOneReplacement = false): SimulationOutcome {
  const excluded = new Set(candidates.map((c) => c.name));
  const candidatePods = new Set<string>();
  const pods: Pod[] = [...world.pendingPods, ...world.deletingPods];
  for (const c of candidates) {
    for (const p of c.reschedulablePods) {
      candidatePods.add(p.uid);
      pods.push(p);
    }
  }
  const result = simulateScheduling(pods, world.stateNodes, world.nodePools, world.instanceTypes, {
    daemonSets: world.daemonSets,
    isOfferingAvailable: world.isOfferingAvailable,
    maxInstanceTypes: world.settings.maxInstanceTypes,
    preferencePolicy: world.settings.preferencePolicy,
    // Candidates still count against their pools' limits (Karpenter: a replacement may not exceed them).
    limitUsage: world.stateNodes,
    cache: world.cache,
    excludedNodes: excluded,
    ...(atMostOneReplacement ? { stopAfterNewClaimsHolding: { podUids: candidatePods, max: 1 } } : {}),
  });
  if (result.stoppedEarly) return { ok: false, reason: "the candidates' pods would need more than one new NodeClaim" };
  for (const u of result.unschedulable) {
    if (candidatePods.has(u.pod.uid)) return { ok: false, reason: `pod ${u.pod.namespace}/${u.pod.name} would not schedule: ${u.reason}` };
  }
  // No pod is placed on an excluded node, so the snapshot's uninitialized nodes are enough to ask.
  const uninitialized = uninitializedNodes(world.stateNodes);
  if (uninitialized.size > 0) {
    for (const pl of result.existingNodePlacements) {
      if (candidatePods.has(pl.pod.uid) && uninitialized.has(pl.nodeName)) {
        return { ok: false, reason: `pod ${pl.pod.namespace}/${pl.pod.name} would schedule against uninitialized node ${pl.nodeName}` };
      }
    }
  }
  const newNodeClaims = result.newNodeClaims.filter((c) => c.pods.some((p) => candidatePods.has(p.uid)));
  return { ok: true, newNodeClaims, result };
}
