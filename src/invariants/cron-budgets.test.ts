import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DisruptionBudget, NodePool } from '../model/index.js';
import { civilDay, cronWindowActive, isScheduledBudgetActive, parseCron, scheduledBudgetActivity } from './cron-budgets.js';
import { harness } from './testing/harness.js';

const H = 3600;
const D = 86400;
/** Simulated time 0 is 1970-01-01T00:00Z, a Thursday. */
const active = (schedule: string, durationSeconds: number, at: number): boolean => isScheduledBudgetActive({ nodes: '0', schedule, durationSeconds }, at);

describe('civil days (no Date in the checker; Date is the oracle here)', () => {
  it('matches Date.UTC for days from 1900 to 2200', () => {
    fc.assert(
      fc.property(fc.integer({ min: -25567, max: 84000 }), (day) => {
        const d = new Date(day * D * 1000);
        expect(civilDay(day)).toEqual({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), weekday: d.getUTCDay() });
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});

describe('scheduled budget windows: t0 ≤ now < t0 + duration, in UTC', () => {
  it('weekdays 09:00 for 8 h', () => {
    const mon9 = 4 * D + 9 * H; // Monday 1970-01-05 09:00
    expect(active('0 9 * * 1-5', 8 * H, mon9)).toBe(true);
    expect(active('0 9 * * 1-5', 8 * H, mon9 - 1)).toBe(false);
    expect(active('0 9 * * 1-5', 8 * H, mon9 + 8 * H - 0.001)).toBe(true);
    expect(active('0 9 * * 1-5', 8 * H, mon9 + 8 * H)).toBe(false);
    expect(active('0 9 * * 1-5', 8 * H, 9 * H + 60)).toBe(true); // Thursday 1970-01-01
    expect(active('0 9 * * MON-FRI', 8 * H, 2 * D + 10 * H)).toBe(false); // Saturday
    expect(active('0 9 * * sat,sun', 8 * H, 2 * D + 10 * H)).toBe(true);
  });

  it('both day fields restricted: either matches; one unrestricted: both must', () => {
    expect(active('0 0 13 * 5', 60, D)).toBe(true); // Friday 1970-01-02
    expect(active('0 0 13 * 5', 60, 12 * D)).toBe(true); // Tuesday the 13th
    expect(active('0 0 13 * 5', 60, 13 * D)).toBe(false); // Wednesday the 14th
    expect(active('0 0 1 * *', 60, 2 * D)).toBe(false);
    expect(active('0 0 1 * */2', 60, 2 * D)).toBe(true); // "*/2" is a restriction (robfig clears its star bit): Saturday the 3rd
    expect(active('0 0 1 * */1', 60, 2 * D)).toBe(false); // "*/1" stays unrestricted
    expect(active('0 0 * * 7', 60, 3 * D)).toBe(true); // 7 = Sunday 1970-01-04
  });

  it('windows across midnight, a year end and a leap day', () => {
    const dec31 = 364 * D + 23 * H + 30 * 60; // 1970-12-31 23:30
    expect(active('30 23 31 dec *', 2 * H, 365 * D + H)).toBe(true); // 1971-01-01 01:00
    expect(active('30 23 31 12 *', 2 * H, dec31 + 2 * H + 1)).toBe(false);
    const leap = 789 * D + 12 * H; // 1972-02-29 12:00
    expect(active('0 12 29 2 *', H, leap + 59)).toBe(true);
    expect(active('0 12 29 2 *', H, leap - 1)).toBe(false);
    expect(active('0 12 29 2 *', H, 365 * D + 31 * D + 28 * D + 12 * H + 1)).toBe(false); // 1971 has no Feb 29
  });

  it('steps, lists, ranges and macros', () => {
    expect(active('*/15 * * * *', 60, 15 * 60 + 30)).toBe(true);
    expect(active('*/15 * * * *', 60, 16 * 60 + 30)).toBe(false);
    expect(active('5/20 * * * *', 60, 45 * 60)).toBe(true); // 5, 25, 45
    expect(active('0 1-3,22 * * *', 30 * 60, 22 * H + 60)).toBe(true);
    expect(active('0 1-3,22 * * *', 30 * 60, 4 * H)).toBe(false);
    expect(active('@daily', H, D + 1800)).toBe(true);
    expect(active('@daily', H, D + H)).toBe(false);
    expect(active('@hourly', 30 * 60, 5 * H + 1799)).toBe(true);
    expect(active('@hourly', 30 * 60, 5 * H + 1800)).toBe(false);
    expect(active('@weekly', D, 3 * D + 100)).toBe(true); // Sunday
    expect(active('@monthly', D, 31 * D + 100)).toBe(true); // February 1st
    expect(active('@yearly', D, 365 * D + 100)).toBe(true);
  });

  it('a long window reaches back over many days', () => {
    expect(active('0 0 1 jan *', 30 * D, 20 * D)).toBe(true);
    expect(active('0 0 1 jan *', 30 * D, 30 * D)).toBe(false);
  });

  it('rejects what robfig/cron rejects (the budget is then not in force); no duration means always in force', () => {
    for (const bad of ['61 * * * *', '* 24 * * *', '* * 0 * *', '* * * 13 *', '* * * * 8', '* * * *', '* * * * * *', '5-1 * * * *', '*/0 * * * *', 'a * * * *', '']) {
      expect(parseCron(bad)).toBeUndefined();
      expect(active(bad, H, 0)).toBe(false);
    }
    expect(isScheduledBudgetActive({ nodes: '0', schedule: '0 9 * * *' }, 0)).toBe(true);
    expect(cronWindowActive(parseCron('* * * * *')!, 100, 0)).toBe(false);
  });

  it('an epoch offset shifts simulated time to wall time', () => {
    const at = scheduledBudgetActivity(9 * H); // simulated 0 = 09:00
    const b: DisruptionBudget = { nodes: '0', schedule: '0 9 * * *', durationSeconds: H };
    expect(at(b, 0)).toBe(true);
    expect(at(b, H)).toBe(false);
  });
});

describe('the checker with the hook: scheduled budgets are enforced inside their window only', () => {
  const pool: NodePool = {
    name: 'general',
    weight: 0,
    labels: {},
    taints: [],
    startupTaints: [],
    requirements: [],
    nodeClassName: 'default',
    disruption: {
      consolidationPolicy: 'WhenEmptyOrUnderutilized',
      consolidateAfterSeconds: 0,
      budgets: [{ nodes: '0', schedule: '0 9 * * *', durationSeconds: H }],
    },
    limits: {},
  };

  it.each([
    [9 * H + 1800, ['DISRUPTION_BUDGET_EXCEEDED']],
    [11 * H, []],
  ] as const)('a disruption at t=%s', (at, codes) => {
    const h = harness({ nodePools: [pool], isScheduledBudgetActive });
    h.cluster.addNode('n1', { labels: { 'karpenter.sh/nodepool': 'general' } });
    h.cluster.addNode('n2', { labels: { 'karpenter.sh/nodepool': 'general' } });
    h.clock.t = at;
    h.checker.decision({ at, actor: 'karpenter/disruption', kind: 'disruption', reason: 'emptiness', nodes: ['n1'] });
    expect(h.codes()).toEqual(codes);
    if (codes.length > 0) expect(h.violations[0]!.message).toContain(`t=${at} s`);
  });
});
