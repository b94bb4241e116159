import { isDaemonSetPod, isTerminal, type Pod } from '../../model/index.js';

/** Pod annotation Kubernetes' ReplicaSet controller reads to pick which pods to delete first. */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

/**
 * Karpenter's EvictionCost of one pod: clamp(1 + deletionCost/2^27 + priority/2^25, −10, 10)
 * (core `pkg/utils/disruption`): pods that are expensive to move (high deletion cost or priority) make a
 * node a worse candidate.
 */
export function evictionCost(pod: Pod): number {
  let cost = 1;
  const raw = pod.annotations[POD_DELETION_COST_ANNOTATION];
  if (raw !== undefined) {
    const deletionCost = Number.parseInt(raw, 10);
    if (Number.isFinite(deletionCost)) cost += deletionCost / 2 ** 27;
  }
  cost += pod.priority / 2 ** 25;
  return Math.min(10, Math.max(-10, cost));
}

/** A static (mirror) pod belongs to its node and is never rescheduled. */
export function isMirrorPod(pod: Pod): boolean {
  return pod.owner?.kind === 'Node';
}

/**
 * Pods that would need a new home if the node went away: bound, not terminal, not already terminating,
 * not DaemonSet or mirror pods (Karpenter's "currently reschedulable" pods).
 */
export function isReschedulable(pod: Pod): boolean {
  return !isTerminal(pod) && pod.status.deletionAt === undefined && !isDaemonSetPod(pod) && !isMirrorPod(pod);
}

/** RescheduleDisruptionCost = 1 + Σ max(0, EvictionCost) over the reschedulable pods. */
export function rescheduleDisruptionCost(reschedulable: readonly Pod[]): number {
  let cost = 1;
  for (const p of reschedulable) cost += Math.max(0, evictionCost(p));
  return cost;
}

/** v1.14 candidate order key: price per unit of disruption; candidates are taken highest first. */
export function savingsRatio(pricePerHour: number, disruptionCost: number): number {
  return pricePerHour / disruptionCost;
}
