import type { DecisionSink } from '../../../model/index.js';
import { CaConstants } from '../constants.js';
import { isRealPod } from '../snapshot.js';
import type { SnapshotPod } from '../snapshot.js';

/** Why no node group helped one set of pending pods in one scan. */
export interface NoScaleUpOutcome {
  /** Which pods: a pod-equivalence group key, or a cluster-wide key such as `max-nodes-total`. */
  readonly key: string;
  readonly pods: readonly SnapshotPod[];
  /** Node group → why it cannot help these pods, in CA's words ("Insufficient cpu", "max node group size reached", ...). */
  readonly nodeGroups: Readonly<Record<string, string>>;
  /** The whole message, e.g. "pod didn't trigger scale-up: 2 Insufficient cpu". */
  readonly reason: string;
  /** Node groups in backoff → the error that started it (InsufficientInstanceCapacity, timeout, ...). */
  readonly backoffErrorCodes?: Readonly<Record<string, string>>;
  /** All pods needing a new node this scan (every group), for context; not part of the outcome's identity. */
  readonly pendingPods: number;
}

interface Seen {
  readonly signature: string;
  /** When this exact outcome was first logged (an Event's firstTimestamp). */
  readonly since: number;
  loggedAt: number;
  /** Identical scans since the last record, not logged. */
  repeats: number;
}

/** `namespace/name` of a pod (its identity in events and `kubectl get`). */
export function podRef(pod: SnapshotPod): string {
  return isRealPod(pod) ? `${pod.namespace}/${pod.name}` : pod.uid;
}

/**
 * CA's `ReasonsMessage` in a NotTriggerScaleUp event: each distinct reason with the number of node groups
 * giving it, sorted, after "pod didn't trigger scale-up: ".
 */
export function notTriggerScaleUpMessage(nodeGroups: Readonly<Record<string, string>>): string {
  const counts = new Map<string, number>();
  for (const reason of Object.values(nodeGroups)) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, n]) => `${n} ${reason}`).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `pod didn't trigger scale-up: ${parts.join(', ')}`;
}

/**
 * The `no-scale-up` records of decisions.jsonl: CA's NotTriggerScaleUp events, one per set of pods
 * (pod-equivalence group) that no node group could help, naming the pods (at most `maxNamedPods`, plus
 * the count) and each node group's reason. Like the Kubernetes event recorder, which folds an identical
 * event (same object, reason and message) into the existing one with a higher count, an outcome
 * identical to the last one logged for the same pods is not logged again on every scan: it is logged
 * when the pods or the reasons change, and otherwise once per `repeatIntervalSeconds` (client-go's
 * 10-minute aggregation window) with `repeats`, the identical scans folded into it. Pods that stop being
 * reported in a scan (helped, scheduled, gone) are forgotten, so they start over if they come back.
 * Time is the caller's simulated `now`.
 */
export class NoScaleUpLog {
  private readonly seen = new Map<string, Seen>();
  private readonly reported = new Set<string>();

  constructor(
    private readonly decisions: DecisionSink,
    private readonly actor: string,
    private readonly repeatIntervalSeconds: number = CaConstants.noScaleUpRepeatIntervalSeconds,
    private readonly maxNamedPods: number = CaConstants.noScaleUpMaxNamedPods,
  ) {}

  /** One outcome of the current scan. */
  report(now: number, outcome: NoScaleUpOutcome): void {
    this.reported.add(outcome.key);
    const names = outcome.pods.map(podRef);
    const groups = Object.entries(outcome.nodeGroups).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const backoff = Object.entries(outcome.backoffErrorCodes ?? {})
      .filter(([g]) => g in outcome.nodeGroups)
      .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const signature = JSON.stringify([outcome.reason, [...names].sort(), groups, backoff]);
    const prev = this.seen.get(outcome.key);
    const same = prev !== undefined && prev.signature === signature;
    if (same && now - prev.loggedAt < this.repeatIntervalSeconds) {
      prev.repeats++;
      return;
    }
    this.decisions.record({
      at: now,
      actor: this.actor,
      kind: 'no-scale-up',
      reason: outcome.reason,
      pods: names.slice(0, this.maxNamedPods),
      podCount: names.length,
      skipped: Object.fromEntries(groups),
      ...(backoff.length > 0 ? { backoffErrorCodes: Object.fromEntries(backoff) } : {}),
      pendingPods: outcome.pendingPods,
      since: same ? prev.since : now,
      repeats: same ? prev.repeats : 0,
    });
    if (same) {
      prev.loggedAt = now;
      prev.repeats = 0;
    } else this.seen.set(outcome.key, { signature, since: now, loggedAt: now, repeats: 0 });
  }

  /** Ends a scan that evaluated the pending pods: pods not reported in it are forgotten. */
  endScan(): void {
    for (const key of [...this.seen.keys()]) if (!this.reported.has(key)) this.seen.delete(key);
    this.reported.clear();
  }
}
