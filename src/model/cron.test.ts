import { describe, expect, it } from 'vitest';
import { cronTimes, nextCronTime, parseCron } from './cron.js';

const iso = (s: number | undefined): string | undefined => (s === undefined ? undefined : new Date(s * 1000).toISOString());
const at = (text: string): number => Date.parse(text) / 1000;

describe('cron schedules', () => {
  it('finds the next weekday 09:00 after a Saturday', () => {
    // 2024-06-01 is a Saturday.
    expect(iso(nextCronTime(parseCron('0 9 * * 1-5'), at('2024-06-01T12:00:00Z')))).toBe('2024-06-03T09:00:00.000Z');
    expect(iso(nextCronTime(parseCron('0 9 * * MON-FRI'), at('2024-06-01T12:00:00Z')))).toBe('2024-06-03T09:00:00.000Z');
  });

  it('runs strictly after the given time', () => {
    expect(iso(nextCronTime(parseCron('*/20 * * * *'), at('2024-01-01T00:20:00Z')))).toBe('2024-01-01T00:40:00.000Z');
    expect(iso(nextCronTime(parseCron('@hourly'), at('2024-01-01T00:00:30Z')))).toBe('2024-01-01T01:00:00.000Z');
  });

  it('treats day-of-month and day-of-week as OR when both are restricted', () => {
    // 13th of the month or a Friday: after 2024-09-10 comes Friday 2024-09-13 (both), then Friday the 20th.
    const s = parseCron('0 0 13 * 5');
    const times = [...cronTimes(s, at('2024-09-10T00:00:00Z'), at('2024-10-14T00:00:00Z'))].map(iso);
    expect(times).toEqual([
      '2024-09-13T00:00:00.000Z',
      '2024-09-20T00:00:00.000Z',
      '2024-09-27T00:00:00.000Z',
      '2024-10-04T00:00:00.000Z',
      '2024-10-11T00:00:00.000Z',
      '2024-10-13T00:00:00.000Z',
    ]);
  });

  it('handles months, lists, steps within ranges and Sunday as 7', () => {
    expect(iso(nextCronTime(parseCron('30 6 1 jan,jul *'), at('2024-02-01T00:00:00Z')))).toBe('2024-07-01T06:30:00.000Z');
    expect([...cronTimes(parseCron('0 8-16/4 * * *'), at('2024-01-01T00:00:00Z'), at('2024-01-01T23:59:00Z'))].map(iso)).toEqual([
      '2024-01-01T08:00:00.000Z',
      '2024-01-01T12:00:00.000Z',
      '2024-01-01T16:00:00.000Z',
    ]);
    // 2024-06-02 is a Sunday.
    expect(iso(nextCronTime(parseCron('0 0 * * 7'), at('2024-06-01T00:00:00Z')))).toBe('2024-06-02T00:00:00.000Z');
  });

  it('rejects malformed expressions naming the field', () => {
    expect(() => parseCron('* * * *')).toThrow('expected 5 fields');
    expect(() => parseCron('0 24 * * *')).toThrow('cron hour: "24" is outside 0-23');
    expect(() => parseCron('0 0 * foo *')).toThrow('cron month: "foo" is not a number or name');
    expect(() => parseCron('*/0 * * * *')).toThrow('cron minute: bad step');
  });

  it('gives up on schedules that never run (Feb 30)', () => {
    expect(nextCronTime(parseCron('0 0 30 2 *'), 0)).toBeUndefined();
  });
});
