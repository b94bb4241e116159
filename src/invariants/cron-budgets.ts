import type { DisruptionBudget } from '../model/index.js';

/**
 * When a disruption budget with a `schedule` is in force, written for the checker independently of the
 * engine: Karpenter evaluates the 5-field cron (minute hour day-of-month month day-of-week) in UTC with
 * robfig/cron's standard parser, and a budget is active at `now` when some firing t0 has
 * t0 ≤ now < t0 + duration. Simulated seconds are turned into Unix seconds by adding an epoch offset
 * (the runtime's simulated time 0 is 1970-01-01T00:00Z, a Thursday). No Date objects: days are civil
 * UTC days from day counts.
 */

/** One parsed schedule: allowed values per field, and whether each day field was unrestricted (`*`, `?`). */
export interface CronFields {
  readonly minutes: readonly boolean[];
  readonly hours: readonly boolean[];
  readonly daysOfMonth: readonly boolean[];
  readonly months: readonly boolean[];
  /** 0 = Sunday … 6 = Saturday (7 is accepted as Sunday). */
  readonly daysOfWeek: readonly boolean[];
  readonly domStar: boolean;
  readonly dowStar: boolean;
}

const MACROS: Readonly<Record<string, string>> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function value(text: string, names: readonly string[] | undefined, offset: number): number | undefined {
  const i = names?.indexOf(text.toLowerCase()) ?? -1;
  if (i >= 0) return i + offset;
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

/** One field: comma-separated `*`/`?`, `a`, `a-b`, each optionally `/step`. Undefined when malformed. */
function field(text: string, min: number, max: number, names?: readonly string[], nameOffset = 0): { allowed: boolean[]; star: boolean } | undefined {
  const allowed = new Array<boolean>(max + 1).fill(false);
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText, extra] = part.split('/');
    if (range === undefined || range === '' || extra !== undefined) return undefined;
    const step = stepText === undefined ? 1 : /^\d+$/.test(stepText) ? Number(stepText) : 0;
    if (step < 1) return undefined;
    let lo: number | undefined;
    let hi: number | undefined;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
      if (step === 1) star = true; // robfig keeps the star bit for "*" and "*/1" only
    } else {
      const [a, b, more] = range.split('-');
      if (a === undefined || more !== undefined) return undefined;
      lo = value(a, names, nameOffset);
      hi = b === undefined ? (stepText === undefined ? lo : max) : value(b, names, nameOffset);
    }
    if (lo === undefined || hi === undefined || lo < min || hi > max || lo > hi) return undefined;
    for (let v = lo; v <= hi; v += step) allowed[v] = true;
  }
  return { allowed, star };
}

/** Parse a 5-field schedule or macro; undefined when Karpenter would not accept it. */
export function parseCron(text: string): CronFields | undefined {
  const trimmed = text.trim();
  const fields = (MACROS[trimmed.toLowerCase()] ?? trimmed).split(/\s+/);
  if (fields.length !== 5) return undefined;
  const minutes = field(fields[0]!, 0, 59);
  const hours = field(fields[1]!, 0, 23);
  const dom = field(fields[2]!, 1, 31);
  const months = field(fields[3]!, 1, 12, MONTHS, 1);
  const dow = field(fields[4]!, 0, 7, DAYS, 0);
  if (!minutes || !hours || !dom || !months || !dow) return undefined;
  const daysOfWeek = dow.allowed.slice(0, 7);
  if (dow.allowed[7]) daysOfWeek[0] = true;
  return { minutes: minutes.allowed, hours: hours.allowed, daysOfMonth: dom.allowed, months: months.allowed, daysOfWeek, domStar: dom.star, dowStar: dow.star };
}

/** Civil UTC date of a day count since 1970-01-01 (Howard Hinnant's days-to-civil). */
export function civilDay(daysSinceEpoch: number): { readonly year: number; readonly month: number; readonly day: number; readonly weekday: number } {
  const z = daysSinceEpoch + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const weekday = (((daysSinceEpoch + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  return { year, month, day, weekday };
}

function dayMatches(c: CronFields, daysSinceEpoch: number): boolean {
  const d = civilDay(daysSinceEpoch);
  if (!c.months[d.month]) return false;
  const dom = c.daysOfMonth[d.day] === true;
  const dow = c.daysOfWeek[d.weekday] === true;
  // robfig/cron: when either day field is unrestricted both must match; otherwise either may.
  return c.domStar || c.dowStar ? dom && dow : dom || dow;
}

/**
 * Is there a firing t0 (a whole UTC minute matching the schedule) with t0 ≤ nowEpochSeconds <
 * t0 + durationSeconds? Walks back from the last minute boundary at or before now, skipping whole days
 * and hours that cannot match: O(duration in days × 24 + hours) at worst.
 */
export function cronWindowActive(c: CronFields, nowEpochSeconds: number, durationSeconds: number): boolean {
  if (!(durationSeconds > 0)) return false;
  const lowerExclusive = nowEpochSeconds - durationSeconds;
  let minute = Math.floor(nowEpochSeconds / 60); // minutes since the epoch
  while (minute * 60 > lowerExclusive) {
    const day = Math.floor(minute / 1440);
    if (!dayMatches(c, day)) {
      minute = day * 1440 - 1; // last minute of the previous day
      continue;
    }
    const hour = Math.floor(minute / 60);
    if (!c.hours[hour - day * 24]) {
      minute = hour * 60 - 1;
      continue;
    }
    if (c.minutes[minute - hour * 60]) return true;
    minute--;
  }
  return false;
}

/**
 * The checker's `isScheduledBudgetActive` hook: simulated time `at` + `epochOffsetSeconds` as Unix
 * seconds. A budget with a schedule but no duration is taken as always in force (as one without a
 * schedule); a schedule that does not parse as never in force (the budget is then not checked).
 * Parsed schedules are cached.
 */
export function scheduledBudgetActivity(epochOffsetSeconds = 0): (budget: DisruptionBudget, at: number) => boolean {
  const cache = new Map<string, CronFields | undefined>();
  return (budget, at) => {
    if (budget.schedule === undefined || budget.durationSeconds === undefined) return true;
    let c = cache.get(budget.schedule);
    if (c === undefined && !cache.has(budget.schedule)) {
      c = parseCron(budget.schedule);
      cache.set(budget.schedule, c);
    }
    return c !== undefined && cronWindowActive(c, at + epochOffsetSeconds, budget.durationSeconds);
  };
}

/** The hook for the runtime, whose simulated time 0 is the Unix epoch (the engine's default epoch offset). */
export const isScheduledBudgetActive: (budget: DisruptionBudget, at: number) => boolean = scheduledBudgetActivity(0);
