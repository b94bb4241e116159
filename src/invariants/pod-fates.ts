import { isDaemonSetPod, type Pod } from '../model/index.js';
import type { Reporter } from './reporter.js';
import type { PodTotals } from './types.js';
import { InvariantCodes } from './violation.js';

/** Where every workload pod ended up, as the checker saw it happen. */
export interface PodFateTally {
  readonly created: number;
  /** Bound to a node at least once. */
  readonly scheduled: number;
  readonly completed: number;
  readonly failed: number;
  /** Deleted while bound, before finishing (evicted, or lost with its node). */
  readonly leftNode: number;
  /** Deleted before ever being bound. */
  readonly cancelled: number;
  readonly boundAtEnd: number;
  /** Of boundAtEnd: terminating (deletion begun) at the end. */
  readonly terminatingAtEnd: number;
  readonly pendingAtEnd: number;
}

/**
 * Every workload pod (not a DaemonSet pod) has one fate: completed, failed, left its node (evicted or
 * lost), cancelled while pending, still bound, or still pending — and the counts add up to the pods
 * created. A pod first seen finished or deleted is not counted (as the recorder does). O(1) per event.
 */
export class PodFates {
  private readonly active = new Map<string, { bound: boolean }>();
  private created = 0;
  private scheduled = 0;
  private completed = 0;
  private failed = 0;
  private leftNode = 0;
  private cancelled = 0;

  onPod(pod: Pod, deleted: boolean): void {
    if (isDaemonSetPod(pod)) return;
    const s = pod.status;
    const terminal = s.phase === 'Succeeded' || s.phase === 'Failed';
    let rec = this.active.get(pod.uid);
    if (!rec) {
      if (deleted || terminal) return;
      rec = { bound: false };
      this.active.set(pod.uid, rec);
      this.created++;
    }
    if (s.nodeName !== undefined && !rec.bound) {
      rec.bound = true;
      this.scheduled++;
    }
    if (terminal) {
      if (s.phase === 'Succeeded') this.completed++;
      else this.failed++;
      this.active.delete(pod.uid);
    } else if (deleted) {
      if (rec.bound) this.leftNode++;
      else this.cancelled++;
      this.active.delete(pod.uid);
    }
  }

  tally(livePod: (uid: string) => Pod | undefined): PodFateTally {
    let boundAtEnd = 0;
    let terminatingAtEnd = 0;
    let pendingAtEnd = 0;
    for (const [uid, rec] of this.active) {
      if (rec.bound) {
        boundAtEnd++;
        if (livePod(uid)?.status.deletionAt !== undefined) terminatingAtEnd++;
      } else pendingAtEnd++;
    }
    return {
      created: this.created,
      scheduled: this.scheduled,
      completed: this.completed,
      failed: this.failed,
      leftNode: this.leftNode,
      cancelled: this.cancelled,
      boundAtEnd,
      terminatingAtEnd,
      pendingAtEnd,
    };
  }
}

/** The tally adds up, and the reported totals (if any) agree with it. */
export function checkPodTotals(report: Reporter, at: number, t: PodFateTally, totals: PodTotals | undefined): void {
  const problems: string[] = [];
  const fates = t.completed + t.failed + t.leftNode + t.cancelled + t.boundAtEnd + t.pendingAtEnd;
  if (fates !== t.created) {
    problems.push(
      `observed fates add up to ${fates} (completed ${t.completed} + failed ${t.failed} + left their node ${t.leftNode} + ` +
        `cancelled ${t.cancelled} + bound ${t.boundAtEnd} + pending ${t.pendingAtEnd}), not the ${t.created} pods created`,
    );
  }
  if (totals) {
    const same = (name: keyof PodTotals, observed: number): void => {
      if (totals[name] !== observed) problems.push(`reported ${name} ${totals[name]} but ${observed} observed`);
    };
    same('created', t.created);
    same('scheduled', t.scheduled);
    same('completed', t.completed);
    same('pendingAtEnd', t.pendingAtEnd);
    same('neverScheduled', t.created - t.scheduled);
    if (totals.created !== totals.scheduled + totals.neverScheduled) {
      problems.push(`reported created ${totals.created} != scheduled ${totals.scheduled} + neverScheduled ${totals.neverScheduled}`);
    }
    const couldBeEvicted = t.leftNode + t.terminatingAtEnd;
    if (totals.evicted > couldBeEvicted) {
      problems.push(`reported evicted ${totals.evicted} but only ${couldBeEvicted} pods left a node before finishing or were terminating at the end`);
    }
  }
  if (problems.length === 0) return;
  report.violation({
    code: InvariantCodes.podAccounting,
    invariant: "every pod's fate is accounted for and the totals add up",
    at,
    objects: {},
    detail: problems.join('; '),
  });
}
