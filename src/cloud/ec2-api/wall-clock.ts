import type { Clock, TimerHandle } from '../../sim/clock.js';

/** The longest delay setTimeout takes (about 24.8 days); longer waits are chained. */
const MAX_TIMER_MS = 2 ** 31 - 1;

interface WallTimer extends TimerHandle {
  timeout: ReturnType<typeof setTimeout> | undefined;
  immediate: ReturnType<typeof setImmediate> | undefined;
}

function clear(h: WallTimer): void {
  if (h.timeout !== undefined) clearTimeout(h.timeout);
  if (h.immediate !== undefined) clearImmediate(h.immediate);
  h.timeout = h.immediate = undefined;
}

/**
 * A Clock on real time, optionally accelerated: `now()` is `start + elapsed real seconds × speed` and a
 * delay of d simulated seconds waits d / speed real seconds (a zero delay runs on the next turn of the
 * event loop, without setTimeout's 1 ms floor). Runs the mock EC2 behind the EC2 API server. Priorities
 * are not honoured (timers fire in real-time order). Timers do not keep the process alive; `close()`
 * cancels all of them.
 */
export class WallClock implements Clock {
  private readonly startReal: number;
  private readonly timers = new Set<WallTimer>();
  readonly start: number;
  readonly speed: number;

  constructor(opts: { speed?: number; start?: number } = {}) {
    this.speed = opts.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError(`speed must be > 0, got ${this.speed}`);
    this.startReal = performance.now() / 1000;
    this.start = opts.start ?? Date.now() / 1000;
  }

  now(): number {
    return this.start + (performance.now() / 1000 - this.startReal) * this.speed;
  }

  schedule(delaySeconds: number, action: () => void): TimerHandle {
    if (!(delaySeconds >= 0)) throw new RangeError(`delay must be >= 0 seconds, got ${delaySeconds}`);
    const handle: WallTimer = { at: this.now() + delaySeconds, timeout: undefined, immediate: undefined };
    this.timers.add(handle);
    const fire = (): void => {
      this.timers.delete(handle);
      handle.timeout = handle.immediate = undefined;
      action();
    };
    if (delaySeconds === 0) {
      handle.immediate = setImmediate(fire);
      handle.immediate.unref?.();
      return handle;
    }
    const arm = (): void => {
      const ms = Math.max(0, ((handle.at - this.now()) / this.speed) * 1000);
      handle.timeout = setTimeout(() => (ms > MAX_TIMER_MS ? arm() : fire()), Math.min(ms, MAX_TIMER_MS));
      handle.timeout.unref?.();
    };
    arm();
    return handle;
  }

  cancel(handle: TimerHandle): void {
    const h = handle as WallTimer;
    clear(h);
    this.timers.delete(h);
  }

  /** Cancel every pending timer. */
  close(): void {
    for (const h of this.timers) clear(h);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }
}
