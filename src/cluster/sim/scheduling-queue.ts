import type { Pod } from '../../model/index.js';
import { Priority, type Clock, type TimerHandle } from '../../sim/clock.js';

export interface SchedulingQueueOptions {
  /** kube-scheduler podInitialBackoffSeconds (1 s) and podMaxBackoffSeconds (10 s). */
  readonly initialBackoffSeconds: number;
  readonly maxBackoffSeconds: number;
  /** podMaxInUnschedulablePodsDuration (300 s). */
  readonly maxUnschedulableSeconds: number;
}

interface Parked {
  readonly pod: Pod;
  readonly failedAt: number;
}

const EPSILON = 1e-9;

/**
 * kube-scheduler's scheduling queue, reduced to what matters for autoscaling:
 * - active: pods to try in the next cycle (new pods, pods moved back);
 * - unschedulable: pods that fit nowhere at their last attempt, parked until a cluster change that may
 *   help (`moveAllToActive`) or for at most `maxUnschedulableSeconds` (the periodic flush);
 * - backoff: pods moved back while still backing off wait until their backoff ends
 *   (initial × 2^(failures − 1), capped at the maximum), so a busy cluster does not retry every parked
 *   pod at every change.
 * Pods are handed out in priority order (highest first), then creation order.
 */
export class SchedulingQueue {
  private readonly active = new Map<string, Pod>();
  /** Map order = failure order: the first entry is the oldest. */
  private readonly unschedulable = new Map<string, Parked>();
  private readonly backoff = new Map<string, { readonly pod: Pod; readonly until: number }>();
  private readonly failures = new Map<string, number>();
  private readonly lastFailedAt = new Map<string, number>();
  private readonly creationSeq = new Map<string, number>();
  private nextSeq = 0;
  private flushTimer: TimerHandle | undefined;
  private backoffTimer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly options: SchedulingQueueOptions,
    /** Called whenever the active queue gains pods (the scheduler then plans a cycle). */
    private readonly onActive: () => void,
  ) {}

  get activeCount(): number {
    return this.active.size;
  }

  /** Pods parked as unschedulable or backing off. */
  get unschedulableCount(): number {
    return this.unschedulable.size + this.backoff.size;
  }

  /** A new pending pod. */
  add(pod: Pod): void {
    if (!this.creationSeq.has(pod.uid)) this.creationSeq.set(pod.uid, this.nextSeq++);
    this.unschedulable.delete(pod.uid);
    this.backoff.delete(pod.uid);
    this.active.set(pod.uid, pod);
    this.onActive();
  }

  /** The pod was bound, finished or deleted: stop tracking it. */
  forget(uid: string): void {
    this.active.delete(uid);
    this.unschedulable.delete(uid);
    this.backoff.delete(uid);
    this.failures.delete(uid);
    this.lastFailedAt.delete(uid);
    this.creationSeq.delete(uid);
  }

  /** The pod fit nowhere: park it until a cluster change or the periodic flush. */
  parkUnschedulable(pod: Pod): void {
    const now = this.clock.now();
    this.active.delete(pod.uid);
    this.unschedulable.delete(pod.uid);
    this.unschedulable.set(pod.uid, { pod, failedAt: now });
    this.failures.set(pod.uid, (this.failures.get(pod.uid) ?? 0) + 1);
    this.lastFailedAt.set(pod.uid, now);
    this.ensureFlushTimer();
  }

  /** A change that may make unschedulable pods schedulable: retry them all, each once its backoff ended. */
  moveAllToActive(): void {
    if (this.unschedulable.size === 0) return;
    let activated = false;
    for (const [uid, { pod }] of this.unschedulable) {
      const until = this.backoffUntil(uid);
      if (until <= this.clock.now() + EPSILON) {
        this.active.set(uid, pod);
        activated = true;
      } else {
        this.backoff.set(uid, { pod, until });
      }
    }
    this.unschedulable.clear();
    if (this.backoff.size > 0) this.ensureBackoffTimer();
    if (activated) this.onActive();
  }

  /** Take the active pods, highest priority first, then oldest first. */
  popActive(): Pod[] {
    const pods = [...this.active.values()];
    this.active.clear();
    const seq = this.creationSeq;
    pods.sort((a, b) => b.priority - a.priority || a.createdAt - b.createdAt || seq.get(a.uid)! - seq.get(b.uid)!);
    return pods;
  }

  private backoffUntil(uid: string): number {
    const n = this.failures.get(uid) ?? 0;
    if (n === 0) return Number.NEGATIVE_INFINITY;
    const { initialBackoffSeconds: initial, maxBackoffSeconds: max } = this.options;
    const seconds = Math.min(max, initial * 2 ** Math.min(n - 1, 30));
    return (this.lastFailedAt.get(uid) ?? 0) + seconds;
  }

  private ensureBackoffTimer(): void {
    let earliest = Infinity;
    for (const { until } of this.backoff.values()) if (until < earliest) earliest = until;
    if (earliest === Infinity) return;
    if (this.backoffTimer !== undefined) {
      if (this.backoffTimer.at <= earliest) return;
      this.clock.cancel(this.backoffTimer);
    }
    this.backoffTimer = this.clock.schedule(Math.max(0, earliest - this.clock.now()), () => this.backoffDone(), Priority.cluster);
  }

  private backoffDone(): void {
    this.backoffTimer = undefined;
    const now = this.clock.now();
    let moved = false;
    for (const [uid, { pod, until }] of this.backoff) {
      if (until > now + EPSILON) continue;
      this.backoff.delete(uid);
      this.active.set(uid, pod);
      moved = true;
    }
    this.ensureBackoffTimer();
    if (moved) this.onActive();
  }

  private ensureFlushTimer(): void {
    if (this.flushTimer !== undefined) return;
    const oldest = this.unschedulable.values().next();
    if (oldest.done) return;
    const due = oldest.value.failedAt + this.options.maxUnschedulableSeconds;
    this.flushTimer = this.clock.schedule(Math.max(0, due - this.clock.now()), () => this.flush(), Priority.cluster);
  }

  private flush(): void {
    this.flushTimer = undefined;
    const now = this.clock.now();
    let moved = false;
    for (const [uid, entry] of this.unschedulable) {
      if (entry.failedAt + this.options.maxUnschedulableSeconds > now + EPSILON) break;
      this.unschedulable.delete(uid);
      this.active.set(uid, entry.pod);
      moved = true;
    }
    this.ensureFlushTimer();
    if (moved) this.onActive();
  }
}
