/**
 * Per-node-group exponential backoff (`utils/backoff/exponential_backoff.go`): the first failure backs a
 * group off for `initial`; a failure after the previous backoff expired doubles the duration (capped at
 * `max`), a failure during a backoff restarts it with the same duration; the record is dropped after
 * `reset` seconds without failures; a completed scale-up removes the backoff.
 */
export interface BackoffInfo {
  readonly durationSeconds: number;
  readonly until: number;
  readonly lastFailureAt: number;
  readonly errorCode: string;
}

export class NodeGroupBackoff {
  private readonly info = new Map<string, BackoffInfo>();

  constructor(
    private readonly initialSeconds: number,
    private readonly maxSeconds: number,
    private readonly resetSeconds: number,
  ) {}

  /** Record a failure; returns the time until which the group is backed off. */
  backoff(group: string, errorCode: string, now: number): number {
    let duration = this.initialSeconds;
    const prev = this.info.get(group);
    if (prev) duration = prev.until < now ? Math.min(2 * prev.durationSeconds, this.maxSeconds) : prev.durationSeconds;
    const until = now + duration;
    this.info.set(group, { durationSeconds: duration, until, lastFailureAt: now, errorCode });
    return until;
  }

  isBackedOff(group: string, now: number): boolean {
    const i = this.info.get(group);
    return i !== undefined && i.until > now;
  }

  status(group: string): BackoffInfo | undefined {
    return this.info.get(group);
  }

  remove(group: string): void {
    this.info.delete(group);
  }

  removeStale(now: number): void {
    for (const [group, i] of this.info) if (i.lastFailureAt + this.resetSeconds < now) this.info.delete(group);
  }
}
