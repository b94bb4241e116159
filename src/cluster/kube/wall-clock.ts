import type { Clock, TimerHandle } from './clock.js';

interface WallTimer extends TimerHandle {
  timer: NodeJS.Timeout;
}

/** setTimeout holds at most 2^31 − 1 ms (~24.8 days); longer waits are taken in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The live Clock: Unix seconds and real timers. Actions scheduled for the same instant run in the order
 * they were scheduled (priority is not used: real time rarely ties). An action that throws is not
 * caught (failures are never swallowed). `unref` timers do not keep the process alive.
 */
export class WallClock implements Clock {
  constructor(private readonly options: { readonly unref?: boolean } = {}) {}

  now(): number {
    return Date.now() / 1000;
  }

  schedule(delaySeconds: number, action: () => void): TimerHandle {
    if (!(delaySeconds >= 0)) throw new RangeError(`delay must be >= 0 seconds, got ${delaySeconds}`);
    const at = this.now() + delaySeconds;
    const arm = (): NodeJS.Timeout => {
      const remainingMs = Math.max(0, (at - this.now()) * 1000);
      const timer = remainingMs > MAX_TIMER_MS ? setTimeout(() => (handle.timer = arm()), MAX_TIMER_MS) : setTimeout(action, remainingMs);
      if (this.options.unref) timer.unref();
      return timer;
    };
    const handle: WallTimer = { at, timer: undefined as unknown as NodeJS.Timeout };
    handle.timer = arm();
    return handle;
  }

  cancel(handle: TimerHandle): void {
    const t = (handle as Partial<WallTimer>).timer;
    if (t) clearTimeout(t);
  }
}
