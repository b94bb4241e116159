import type { Clock, TimerHandle } from './clock.js';

/**
 * A controller reconciles once and says when it wants to run again (seconds from now), or undefined to
 * sleep until triggered. The same loop drives controllers under the simulated and the wall clock.
 */
export interface Controller {
  readonly name: string;
  reconcile(): number | undefined;
}

export class ControllerLoop {
  private timer: TimerHandle | undefined;
  private stopped = false;
  /** One action for every wake-up (not a new closure per schedule). */
  private readonly fireAction = (): void => this.fire();

  constructor(
    private readonly clock: Clock,
    private readonly controller: Controller,
    private readonly priority = 20,
  ) {}

  /** Start: first reconcile after `delaySeconds`. */
  start(delaySeconds = 0): void {
    this.stopped = false;
    this.wakeAfter(delaySeconds);
  }

  /** Wake at the latest after `delaySeconds` (an earlier wake-up already planned is kept). */
  wakeAfter(delaySeconds: number): void {
    if (this.stopped) return;
    const at = this.clock.now() + delaySeconds;
    if (this.timer && this.timer.at <= at) return;
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = this.clock.schedule(delaySeconds, this.fireAction, this.priority);
  }

  /** Run as soon as possible (same simulated instant). */
  trigger(): void {
    this.wakeAfter(0);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = undefined;
  }

  private fire(): void {
    this.timer = undefined;
    if (this.stopped) return;
    const next = this.controller.reconcile();
    if (next !== undefined && !this.stopped) this.wakeAfter(next);
  }
}
