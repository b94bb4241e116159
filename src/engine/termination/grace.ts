import { Annotations, type NodeClaim, type NodePool, type Pod } from '../../model/index.js';

/**
 * Karpenter's node termination deadline: deletion + the NodePool's terminationGracePeriod (none when the
 * pool sets none, or is gone). From `deadline − pod.terminationGracePeriodSeconds` on, a pod is deleted
 * whatever PodDisruptionBudgets or do-not-disrupt say, so that it is gone by the deadline.
 */
export function terminationDeadline(claim: NodeClaim, pool: NodePool | undefined): number | undefined {
  const tgp = pool?.terminationGracePeriodSeconds;
  const since = claim.status.deletionAt;
  return tgp === undefined || since === undefined ? undefined : since + tgp;
}

/** When the pod must be deleted at the latest for the node to meet its deadline. */
export function podDeleteBy(pod: Pod, deadline: number): number {
  return deadline - pod.terminationGracePeriodSeconds;
}

/** Pods annotated do-not-disrupt are not evicted by a drain; only the deadline removes them. */
export function isDoNotDisrupt(pod: Pod): boolean {
  return pod.annotations[Annotations.doNotDisrupt] === 'true';
}

/** Delay before the n-th consecutive retry of evictions a PDB refused: base × 2^(n−1), at most max. */
export function evictionBackoff(n: number, baseSeconds: number, maxSeconds: number): number {
  return Math.min(maxSeconds, baseSeconds * 2 ** Math.max(0, n - 1));
}
