import type { Cluster } from '../../cluster/cluster.js';
import type { NodeClaim } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';

/** Why a NodeClaim is being deleted (recorded on its status and in decisions). */
export type DeletionReason =
  | 'insufficient-capacity'
  | 'launch-failed'
  | 'launch-timeout'
  | 'registration-timeout'
  | 'emptiness'
  | 'drift'
  | 'underutilized'
  | 'expiration'
  | 'interruption'
  | (string & {});

/**
 * Begin deleting a NodeClaim (Karpenter: the NodeClaim gets a deletionTimestamp): the termination
 * controller drains its node, terminates the instance and removes the objects. Idempotent.
 */
export function requestDeletion(clock: Clock, cluster: Cluster, claim: NodeClaim, reason: DeletionReason): void {
  if (claim.status.deletionAt !== undefined) return;
  cluster.updateNodeClaimStatus(claim.name, { deletionAt: clock.now(), deletionReason: reason });
}
