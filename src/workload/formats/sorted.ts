import type { WorkloadEvent } from '../types.js';

/** Sort events by time, keeping the given order among equal times (readers emit a pod before its delete). */
export function sortEvents(events: WorkloadEvent[]): WorkloadEvent[] {
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
    .map((x) => x.e);
}
