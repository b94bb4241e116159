import type { SimClock } from '../../sim/sim-clock.js';

export interface PumpOptions {
  /** Simulated seconds per real second. Default 1. */
  readonly speed?: number;
  /** Real milliseconds between ticks. Default 20. */
  readonly tickMs?: number;
  /** Simulated time at which the pump stops by itself (after running the events due then). */
  readonly horizonSeconds?: number;
  /** The horizon was reached. */
  readonly onHorizon?: () => void;
  /** An event threw: the pump stops (failures are never swallowed, they are handed here). */
  readonly onError?: (error: unknown) => void;
}

/**
 * Drives a SimClock in real time: every tick, simulated time advances to `start + real elapsed × speed`
 * and the events due by then run in the clock's own (time, priority, sequence) order — the discrete-event
 * kernel is unchanged, only how it waits differs. Work done from outside between ticks (API requests)
 * happens at the clock's current time.
 */
export class RealTimePump {
  private timer: NodeJS.Timeout | undefined;
  private realStart = 0;
  private simStart = 0;
  readonly speed: number;
  private readonly tickMs: number;
  ticks = 0;

  constructor(
    private readonly clock: SimClock,
    private readonly options: PumpOptions = {},
  ) {
    this.speed = options.speed ?? 1;
    if (!(this.speed > 0)) throw new RangeError(`speed must be > 0, got ${this.speed}`);
    this.tickMs = options.tickMs ?? 20;
  }

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer) return;
    this.realStart = performance.now();
    this.simStart = this.clock.now();
    this.timer = setInterval(() => this.tick(), this.tickMs);
  }

  /** The simulated time the pump aims at now. */
  target(): number {
    const t = this.simStart + ((performance.now() - this.realStart) / 1000) * this.speed;
    const h = this.options.horizonSeconds;
    return h !== undefined ? Math.min(t, h) : t;
  }

  /** One tick now (also what the interval runs). */
  tick(): void {
    if (!this.timer) return;
    this.ticks++;
    const target = this.target();
    try {
      this.clock.run(target);
    } catch (e) {
      this.stop();
      if (this.options.onError) this.options.onError(e);
      else throw e;
      return;
    }
    const h = this.options.horizonSeconds;
    if (h !== undefined && target >= h) {
      this.stop();
      this.options.onHorizon?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
