import type { Clock, TimerHandle } from './clock.js';

interface WallTimer extends TimerHandle {
  readonly timer: NodeJS.Timeout;
}

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
    const timer = setTimeout(action, delaySeconds * 1000);
    if (this.options.unref) timer.unref();
    const handle: WallTimer = { at: this.now() + delaySeconds, timer };
    return handle;
  }

  cancel(handle: TimerHandle): void {
    const t = (handle as Partial<WallTimer>).timer;
    if (t) clearTimeout(t);
  }
}
