import type { Clock } from '../../sim/clock.js';

export interface BatcherOptions {
  /** The window closes this long after the last new trigger (Karpenter BATCH_IDLE_DURATION, 1 s). */
  readonly idleSeconds: number;
  /** ... or this long after the first one, whichever comes first (BATCH_MAX_DURATION, 10 s). */
  readonly maxSeconds: number;
}

/**
 * Karpenter's batcher: the first trigger opens a window; it closes `idleSeconds` after the last trigger
 * with a new uid, or `maxSeconds` after the first, so that pods arriving together are planned together.
 */
export class Batcher {
  private openedAt: number | undefined;
  private lastAt = 0;
  private readonly seen = new Set<string>();

  constructor(
    private readonly clock: Clock,
    private readonly opts: BatcherOptions,
  ) {}

  /** A pod (uid) wants provisioning. Returns true when it extended or opened the window. */
  trigger(uid: string): boolean {
    if (this.seen.has(uid)) return false;
    this.seen.add(uid);
    const now = this.clock.now();
    if (this.openedAt === undefined) this.openedAt = now;
    this.lastAt = now;
    return true;
  }

  /** When the open window closes, or undefined when none is open. */
  closesAt(): number | undefined {
    if (this.openedAt === undefined) return undefined;
    return Math.min(this.lastAt + this.opts.idleSeconds, this.openedAt + this.opts.maxSeconds);
  }

  /** Is a window open and due now? Closing it resets the batcher. */
  takeIfDue(): boolean {
    const at = this.closesAt();
    if (at === undefined || this.clock.now() < at) return false;
    this.openedAt = undefined;
    this.seen.clear();
    return true;
  }
}
