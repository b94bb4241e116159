import type { Pod } from '../../../model/index.js';
import type { SchedulingSimulator } from '../scheduling-simulator.js';
import type { ClusterSnapshot, SnapshotNode } from '../snapshot.js';
import { isRealPod } from '../snapshot.js';
import type { DrainContext } from './drainability.js';
import { podDrainability } from './drainability.js';

export interface NodeToRemove {
  readonly nodeName: string;
  /** Pods to evict and reschedule elsewhere. */
  readonly podsToReschedule: readonly Pod[];
  /** DaemonSet pods, evicted best-effort on occupied nodes. */
  readonly daemonSetPods: readonly Pod[];
}

export type RemovalResult =
  | { readonly removable: NodeToRemove; readonly unremovable?: undefined }
  | { readonly removable?: undefined; readonly unremovable: { readonly nodeName: string; readonly reason: string } };

/**
 * `SimulateNodeRemoval`: the drainability rules give the pods that must move; the PDB budgets must allow
 * them all; then they are packed (first fit, hints) onto the other destination nodes. A success is kept
 * in the snapshot (moved pods stay where they landed), so the selection is greedy and sequential.
 */
export function simulateNodeRemoval(
  snapshot: ClusterSnapshot,
  simulator: SchedulingSimulator,
  nodeName: string,
  /** Nodes that may receive the moved pods (the removed node itself never does). */
  isDestination: (node: SnapshotNode) => boolean,
  ctx: DrainContext,
): RemovalResult {
  const node = snapshot.node(nodeName);
  if (!node) return { unremovable: { nodeName, reason: 'node not in snapshot' } };
  const toMove: Pod[] = [];
  const daemonSetPods: Pod[] = [];
  for (const pod of node.pods.values()) {
    if (!isRealPod(pod)) continue;
    const outcome = podDrainability(pod, ctx);
    if (outcome.kind === 'block') return { unremovable: { nodeName, reason: outcome.reason } };
    if (outcome.kind === 'drain') (outcome.reschedule ? toMove : daemonSetPods).push(pod);
  }
  const pdb = ctx.pdbs.cannotRemove(toMove);
  if (pdb !== undefined) return { unremovable: { nodeName, reason: `not enough disruptions left in PodDisruptionBudget ${pdb} (NotEnoughPdb)` } };
  if (toMove.length > 0) {
    snapshot.fork();
    for (const pod of toMove) snapshot.removePod(pod.uid, nodeName);
    const result = simulator.trySchedulePods(snapshot, toMove, (n) => n.name !== nodeName && isDestination(n), true);
    if (result.unschedulable.length > 0) {
      snapshot.revert();
      const pod = result.unschedulable[0]!;
      return { unremovable: { nodeName, reason: `no place to move pod ${pod.namespace}/${'name' in pod ? String(pod.name) : pod.uid} (NoPlaceToMovePods)` } };
    }
    snapshot.commit();
  }
  ctx.pdbs.remove(toMove);
  return { removable: { nodeName, podsToReschedule: toMove, daemonSetPods } };
}
