import type { Pod } from '../../model/index.js';
import { Priority, type Clock, type TimerHandle } from '../../sim/clock.js';

/**
 * kube-scheduler's scheduling queue, reduced to what matters for autoscaling: an active queue (pods to
 * try in the next cycle) and an unschedulable set (pods that fit nowhere at their last attempt). Cluster
 * changes that may help move every unschedulable pod back (`moveAllToActive`); a pod left unschedulable
 * for `maxUnschedulableSeconds` is moved back regardless (the periodic flush). Pods are handed out in
 * priority order (highest first), then creation order.
 */
export class SchedulingQueue {
  private readonly active = new Map<string, Pod>();
  /** uid → time of its last failed attempt; Map order = failure order, so the first entry is the oldest. */
  private readonly unschedulable = new Map<string, { readonly pod: Pod; readonly failedAt: number }>();
  private readonly creationSeq = new Map<string, number>();
  private nextSeq = 0;
  private flushTimer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly maxUnschedulableSeconds: number,
    /** Called whenever the active queue gains pods (the scheduler then plans a cycle). */
    private readonly onActive: () => void,
  ) {}

  get activeCount(): number {
    return this.active.size;
  }

  get unschedulableCount(): number {
    return this.unschedulable.size;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    if (!this.creationSeq.has(pod.uid)) this.creationSeq.set(pod.uid, this.nextSeq++);
    this.unschedulable.delete(pod.uid);
    this.active.set(pod.uid, pod);
    this.onActive();
  }

  /** The pod was bound, finished or deleted: stop tracking it. */
  forget(uid: string): void {
    this.active.delete(uid);
    this.unschedulable.delete(uid);
    this.creationSeq.delete(uid);
  }

  /** The pod fit nowhere: park it until a cluster change or the periodic flush. */
  parkUnschedulable(pod: Pod): void {
    this.active.delete(pod.uid);
    this.unschedulable.delete(pod.uid);
    this.unschedulable.set(pod.uid, { pod, failedAt: this.clock.now() });
    this.ensureFlushTimer();
  }

  /** A change that may make unschedulable pods schedulable: retry them all in the next cycle. */
  moveAllToActive(): void {
    if (this.unschedulable.size === 0) return;
    for (const [uid, { pod }] of this.unschedulable) this.active.set(uid, pod);
    this.unschedulable.clear();
    this.onActive();
  }

  /** Take the active pods, highest priority first, then oldest first. */
  popActive(): Pod[] {
    const pods = [...this.active.values()];
    this.active.clear();
    const seq = this.creationSeq;
    pods.sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || seq.get(a.uid)! - seq.get(b.uid)!);
    return pods;
  }

  private ensureFlushTimer(): void {
    if (this.flushTimer !== undefined) return;
    const oldest = this.unschedulable.values().next();
    if (oldest.done) return;
    const due = oldest.value.failedAt + this.maxUnschedulableSeconds;
    this.flushTimer = this.clock.schedule(Math.max(0, due - this.clock.now()), () => this.flush(), Priority.cluster);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const now = this.clock.now();
    let moved = false;
    for (const [uid, entry] of this.unschedulable) {
      if (entry.failedAt + this.maxUnschedulableSeconds > now + 1e-9) break;
      this.unschedulable.delete(uid);
      this.active.set(uid, entry.pod);
      moved = true;
    }
    if (moved) this.onActive();
    this.ensureFlushTimer();
  }
}
