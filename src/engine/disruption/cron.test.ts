import { describe, expect, it } from 'vitest';
import { CronSchedule } from './cron.js';

const H = 3600;
const D = 86400;

// 1970-01-01 (t = 0) was a Thursday.
describe('CronSchedule (5-field UTC cron, robfig/cron standard semantics)', () => {
  it('finds the next match strictly after a time', () => {
    expect(CronSchedule.parse('*/15 * * * *').next(0)).toBe(900);
    expect(CronSchedule.parse('*/15 * * * *').next(900)).toBe(1800);
    expect(CronSchedule.parse('@daily').next(100)).toBe(D);
    expect(CronSchedule.parse('@hourly').next(H - 1)).toBe(H);
  });

  it('weekday ranges and names: Friday 10:00 → Monday 09:00 for "0 9 * * mon-fri"', () => {
    const s = CronSchedule.parse('0 9 * * mon-fri');
    expect(s.next(0)).toBe(9 * H); // Thursday 09:00
    expect(s.next(D + 10 * H)).toBe(4 * D + 9 * H); // Fri 10:00 → Mon Jan 5 09:00
  });

  it('day-of-week 7 is Sunday (Jan 4, 1970)', () => {
    expect(CronSchedule.parse('0 0 * * 7').next(0)).toBe(3 * D);
    expect(CronSchedule.parse('0 0 * * sun').next(0)).toBe(3 * D);
  });

  it('month names: Feb 1, 1970 is 31 days in', () => {
    expect(CronSchedule.parse('0 0 1 feb *').next(0)).toBe(31 * D);
  });

  it('restricted day-of-month and day-of-week match either (the 13th, or any Friday)', () => {
    expect(CronSchedule.parse('0 0 13 * fri').next(0)).toBe(D); // Friday Jan 2 comes before Tuesday Jan 13
    expect(CronSchedule.parse('0 0 13 * *').next(0)).toBe(12 * D);
  });

  it('a window is active from each match for its duration: 09:00–17:00 for "0 9 * * *" + 8 h', () => {
    const s = CronSchedule.parse('0 9 * * *');
    expect(s.isActive(9 * H - 60, 8 * H)).toBe(false);
    expect(s.isActive(9 * H, 8 * H)).toBe(true);
    expect(s.isActive(17 * H - 1, 8 * H)).toBe(true);
    expect(s.isActive(17 * H, 8 * H)).toBe(false);
    expect(s.isActive(D + 12 * H, 8 * H)).toBe(true);
  });

  it('rejects malformed schedules', () => {
    expect(() => CronSchedule.parse('0 9 * *')).toThrow(/5 fields/);
    expect(() => CronSchedule.parse('61 * * * *')).toThrow(/outside/);
    expect(() => CronSchedule.parse('0 0 * * funday')).toThrow(/not a number/);
  });
});
