/**
 * The Clock port as the live adapters see it: the same shape as `Clock` in src/sim/clock.ts (any
 * implementation of one is one of the other), declared here because the lint rule keeps live adapters
 * from importing anything under sim/.
 */
export interface TimerHandle {
  readonly at: number;
}

export interface Clock {
  /** Seconds (Unix time for the wall clock). */
  now(): number;
  schedule(delaySeconds: number, action: () => void, priority?: number): TimerHandle;
  cancel(handle: TimerHandle): void;
}

/** A promise that resolves after `seconds` on the clock. */
export function sleep(clock: Clock, seconds: number): Promise<void> {
  return new Promise((resolve) => {
    clock.schedule(Math.max(0, seconds), resolve);
  });
}
