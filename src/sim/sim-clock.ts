import type { Clock, TimerHandle } from './clock.js';
import { EventQueue, type EventHandle } from './event-queue.js';

/**
 * The discrete-event clock: time only moves when `step()` pops the next event. Failures inside an
 * event are never swallowed; they propagate out of `step()`/`run()` with the simulated time attached.
 */
export class SimClock implements Clock {
  private readonly queue = new EventQueue();
  private current = 0;
  private processed = 0;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  get eventsProcessed(): number {
    return this.processed;
  }

  get pending(): number {
    return this.queue.size;
  }

  schedule(delaySeconds: number, action: () => void, priority = 20): TimerHandle {
    if (!(delaySeconds >= 0)) throw new RangeError(`delay must be >= 0 seconds, got ${delaySeconds}`);
    return this.queue.push(this.current + delaySeconds, priority, action);
  }

  /** Schedule at an absolute simulated time (not before now). */
  scheduleAt(at: number, action: () => void, priority = 20): TimerHandle {
    return this.queue.push(Math.max(at, this.current), priority, action);
  }

  cancel(handle: TimerHandle): void {
    this.queue.cancel(handle as EventHandle);
  }

  /** Time of the next event, or undefined when the queue is empty. */
  peekTime(): number | undefined {
    return this.queue.peekTime();
  }

  /** Run the next event. Returns false when there is none. */
  step(): boolean {
    const action = this.queue.popAction();
    if (action === undefined) return false;
    this.current = this.queue.poppedAt;
    this.processed++;
    action();
    return true;
  }

  /** Run every event with time <= until, then set the clock to `until`. */
  run(until: number): void {
    for (;;) {
      const next = this.queue.peekTime();
      if (next === undefined || next > until) break;
      this.step();
    }
    if (until > this.current) this.current = until;
  }
}
