import type { DecisionSink } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';

export const DRY_RUN_ACTOR = 'dry-run';

/**
 * What the dry-run wrappers did not do. Each interception becomes a decision record
 * `{ actor: 'dry-run', kind: 'would-<action>', target, message, ... }`; the same action on the same target
 * is reported once per `repeatSeconds` (the engine retries what it believes failed or is pending, and a
 * dry run must not flood the log with it). `counts` has every interception, reported or not.
 */
export class Interceptions {
  private readonly lastReported = new Map<string, number>();
  readonly counts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly sink: DecisionSink,
    private readonly repeatSeconds = 300,
  ) {}

  would(action: string, target: string, message: string, fields: Record<string, unknown> = {}): void {
    this.counts.set(action, (this.counts.get(action) ?? 0) + 1);
    const key = `${action}\u0000${target}`;
    const now = this.clock.now();
    const last = this.lastReported.get(key);
    if (last !== undefined && now - last < this.repeatSeconds) return;
    this.lastReported.set(key, now);
    this.sink.record({ at: now, actor: DRY_RUN_ACTOR, kind: `would-${action}`, target, message, ...fields });
  }

  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }
}
