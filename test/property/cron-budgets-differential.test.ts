import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cronSchedule } from '../../src/engine/disruption/cron.js';
import { isScheduledBudgetActive } from '../../src/invariants/index.js';

/**
 * The checker's cron window (src/invariants/cron-budgets.ts) and the engine's (src/engine/disruption/cron.ts)
 * were written separately, one walking back from now over civil days, the other searching forward with
 * Date: over random 5-field schedules (stars, values, ranges, steps, lists), times and durations they
 * must agree on whether a scheduled budget is in force — so the disruption-budget invariant judges the
 * engine by the same calendar it uses.
 */
const field = (min: number, max: number): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constant('*'),
    fc.integer({ min, max }).map(String),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min, max })).map(([a, b]) => `${Math.min(a, b)}-${Math.max(a, b)}`),
    fc.integer({ min: 1, max: 5 }).map((s) => `*/${s}`),
    fc.tuple(fc.integer({ min, max }), fc.integer({ min: 1, max: 7 })).map(([a, s]) => `${a}/${s}`),
    fc.uniqueArray(fc.integer({ min, max }), { minLength: 2, maxLength: 3 }).map((v) => v.join(',')),
  );
const schedule = fc.tuple(field(0, 59), field(0, 23), field(1, 31), field(1, 12), field(0, 6)).map((f) => f.join(' '));

describe('property: the checker and the engine agree on scheduled budget windows', () => {
  it('random schedules, times over three years, durations up to three days', () => {
    fc.assert(
      fc.property(schedule, fc.integer({ min: 0, max: 3 * 365 * 86400 }), fc.integer({ min: 1, max: 3 * 86400 }), (s, now, d) => {
        expect(isScheduledBudgetActive({ nodes: '0', schedule: s, durationSeconds: d }, now)).toBe(cronSchedule(s).isActive(now, d));
      }),
      { seed: 20251111, numRuns: 3000 },
    );
  });
});
