import { nextCronTime, parseCron, type CronSchedule as CronFields } from '../../model/cron.js';

/**
 * Five-field cron schedules (minute hour day-of-month month day-of-week, UTC) as Karpenter parses budget
 * schedules (robfig/cron's standard parser): `*`, `?`, lists, ranges, steps, month and weekday names,
 * day-of-week 7 = Sunday, and the macros @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly.
 * When both day fields are restricted a day matches either (classic cron); when one is `*` both must.
 * Times are seconds since the Unix epoch. Parsing and matching are the shared `model/cron` ones (the
 * workload's CronJobs use them too); this adds Karpenter's budget window.
 */
export class CronSchedule {
  private constructor(private readonly schedule: CronFields) {}

  static parse(text: string): CronSchedule {
    return new CronSchedule(parseCron(text));
  }

  /** Does the minute starting at `epochSeconds` (floored to the minute) match? */
  matches(epochSeconds: number): boolean {
    const minute = Math.floor(epochSeconds / 60) * 60;
    return nextCronTime(this.schedule, minute - 1) === minute;
  }

  /** The first matching minute strictly after `epochSeconds` (searching at most ~5 years; Infinity if none). */
  next(epochSeconds: number): number {
    return nextCronTime(this.schedule, epochSeconds) ?? Infinity;
  }

  /** Karpenter's budget window: active iff some match m has now − duration < m ≤ now. */
  isActive(nowEpochSeconds: number, durationSeconds: number): boolean {
    return this.next(nowEpochSeconds - durationSeconds) <= nowEpochSeconds;
  }
}

const cache = new Map<string, CronSchedule>();

/** Parse once per distinct text. */
export function cronSchedule(text: string): CronSchedule {
  let s = cache.get(text);
  if (!s) cache.set(text, (s = CronSchedule.parse(text)));
  return s;
}
