import type { ClusterEvent } from '../cluster/cluster.js';
import { isDaemonSetPod, type Decision, type Pod } from '../model/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

/** Seconds before the end within which a new pod may still be waiting for its first scheduling attempt. */
export const DEFAULT_PENDING_REASON_GRACE_SECONDS = 1;

/** At most this many pods are named in one violation's detail. */
const NAMED = 5;

/**
 * Every workload pod still pending at the end has a recorded reason: the kube-scheduler model marked it
 * PodScheduled=False/Unschedulable (`status.unschedulable`), or the policy logged a `pod-unschedulable`
 * decision naming it (Karpenter's scheduling simulation found no NodePool/instance type for it) — unless
 * it was created within `graceSeconds` of the end (its first scheduling attempt may not have run yet).
 * Pods being deleted and DaemonSet pods are not counted. The Cluster Autoscaler only considers pods the
 * kube-scheduler marked Unschedulable (its `no-scale-up` decisions name at most 20 of them), so for it
 * (and the static policy) the kube-scheduler's condition is the reason.
 * Cost: O(1) per decision and pod event; O(pending pods) at the end.
 */
export class PendingReasons {
  /** Pod name → the last `pod-unschedulable` reason logged for it while it was pending. */
  private readonly decided = new Map<string, string>();

  constructor(
    private readonly report: Reporter,
    private readonly graceSeconds = DEFAULT_PENDING_REASON_GRACE_SECONDS,
  ) {}

  decision(d: Decision): void {
    if (d.kind !== 'pod-unschedulable' || typeof d.pod !== 'string') return;
    this.decided.set(d.pod, typeof d.reason === 'string' && d.reason !== '' ? d.reason : 'pod-unschedulable');
  }

  onEvent(e: ClusterEvent): void {
    if (this.decided.size === 0) return;
    if (e.kind === 'pod-deleted' || (e.kind === 'pod-updated' && e.pod.status.nodeName !== undefined)) this.decided.delete(e.pod.name);
  }

  /** The reason recorded for a pending pod, or undefined. */
  reasonOf(pod: Pod): string | undefined {
    if (pod.status.unschedulable) return `Unschedulable since t=${pod.status.unschedulableSince ?? pod.createdAt} s`;
    return this.decided.get(pod.name);
  }

  finish(horizon: number, pending: Iterable<Pod>): void {
    const without: Pod[] = [];
    for (const pod of pending) {
      if (isDaemonSetPod(pod) || pod.status.nodeName !== undefined || pod.status.deletionAt !== undefined || pod.status.phase !== 'Pending') continue;
      if (this.reasonOf(pod) !== undefined || horizon - pod.createdAt <= this.graceSeconds) continue;
      without.push(pod);
    }
    if (without.length === 0) return;
    const named = without.slice(0, NAMED);
    this.report.violation({
      code: InvariantCodes.pendingWithoutReason,
      invariant: 'every pod still pending at the end has a recorded reason (Unschedulable condition or a pod-unschedulable decision)',
      at: horizon,
      objects: { pod: named.map((p) => p.uid).join(',') },
      detail:
        `${without.length} pods pending at the end were never marked Unschedulable by the kube-scheduler nor named by a pod-unschedulable decision: ` +
        named.map((p) => `${p.uid} (created t=${p.createdAt} s${p.status.nominatedNodeName !== undefined ? `, nominated to ${p.status.nominatedNodeName}` : ''})`).join(', ') +
        (without.length > NAMED ? `, and ${without.length - NAMED} more` : ''),
    });
  }
}
