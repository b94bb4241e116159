/**
 * The Clock port. Controllers never sleep: they ask to be woken after a delay. The simulated clock turns
 * that into a queue event; the live wall clock (src/runtime/wall-clock.ts) into a timer.
 */
export interface TimerHandle {
  readonly at: number;
}

export interface Clock {
  /** Seconds since the start of the run (simulated) or since the Unix epoch (live). */
  now(): number;
  /** Run `action` after `delaySeconds` (>= 0). Lower `priority` runs first among equal times. */
  schedule(delaySeconds: number, action: () => void, priority?: number): TimerHandle;
  cancel(handle: TimerHandle): void;
}

/** Event priorities at equal times: world changes first, then controllers, then observers. */
export const Priority = {
  world: 0,
  cluster: 10,
  controller: 20,
  recorder: 30,
} as const;
