import { Priority, type Clock, type TimerHandle } from '../../sim/clock.js';

/**
 * A controller's work queue: keys marked dirty are reconciled once, in marking order, by one zero-delay
 * event at `Priority.cluster` (so a controller reacts within the same simulated instant, after the change
 * that triggered it has been fully applied and announced).
 */
export class DirtyQueue {
  private dirty = new Set<string>();
  private timer: TimerHandle | undefined;

  constructor(
    private readonly clock: Clock,
    private readonly reconcile: (key: string) => void,
  ) {}

  mark(key: string): void {
    this.dirty.add(key);
    if (this.timer === undefined) this.timer = this.clock.schedule(0, () => this.drain(), Priority.cluster);
  }

  private drain(): void {
    this.timer = undefined;
    const keys = this.dirty;
    this.dirty = new Set();
    for (const k of keys) this.reconcile(k);
  }
}
