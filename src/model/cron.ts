/**
 * Standard 5-field cron schedules (minute hour day-of-month month day-of-week), in UTC, as Kubernetes
 * CronJobs and Karpenter's budget schedules use them (robfig/cron's standard parser): `*`, `a-b`, lists, `/step`, month and weekday names, 7 = Sunday, and the macros
 * @yearly @annually @monthly @weekly @daily @midnight @hourly. When both day-of-month and day-of-week
 * are restricted, a day matching either runs (cron's rule). Times are Unix seconds.
 */
export interface CronSchedule {
  readonly minutes: ReadonlySet<number>;
  readonly hours: ReadonlySet<number>;
  readonly days: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  readonly weekdays: ReadonlySet<number>;
  readonly dayRestricted: boolean;
  readonly weekdayRestricted: boolean;
}

/** The cron macros robfig/cron accepts, as their 5-field forms. */
export const CRON_MACROS: Readonly<Record<string, string>> = {
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

function value(text: string, names: string[] | undefined, nameBase: number, field: string): number {
  const lower = text.toLowerCase();
  const byName = names ? names.indexOf(lower) : -1;
  if (byName >= 0) return byName + nameBase;
  if (!/^\d+$/.test(text)) throw new Error(`cron ${field}: "${text}" is not a number${names ? ' or name' : ''}`);
  return Number(text);
}

function field(text: string, min: number, max: number, name: string, names?: string[], nameBase = 0): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of text.split(',')) {
    const [range, stepText] = part.split('/') as [string, string | undefined];
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron ${name}: bad step in "${part}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') {
      lo = min;
      hi = max;
      // As robfig/cron (used by Kubernetes CronJobs and Karpenter budgets): `*/1` is still a star.
      if (step === 1) star = true;
    } else if (range.includes('-')) {
      const [a, b] = range.split('-') as [string, string];
      lo = value(a, names, nameBase, name);
      hi = value(b, names, nameBase, name);
    } else {
      lo = value(range, names, nameBase, name);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`cron ${name}: "${part}" is outside ${min}-${max}`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

/** Parse a cron expression; throws an Error naming the bad field. */
export function parseCron(expr: string): CronSchedule {
  const text = CRON_MACROS[expr.trim().toLowerCase()] ?? expr.trim();
  const parts = text.split(/\s+/);
  if (parts.length !== 5) throw new Error(`cron: expected 5 fields (minute hour day-of-month month day-of-week), found ${parts.length} in "${expr}"`);
  const minutes = field(parts[0]!, 0, 59, 'minute');
  const hours = field(parts[1]!, 0, 23, 'hour');
  const days = field(parts[2]!, 1, 31, 'day-of-month');
  const months = field(parts[3]!, 1, 12, 'month', MONTHS, 1);
  const weekdays = field(parts[4]!, 0, 7, 'day-of-week', DAYS, 0);
  if (weekdays.set.has(7)) weekdays.set.add(0);
  return {
    minutes: minutes.set,
    hours: hours.set,
    days: days.set,
    months: months.set,
    weekdays: weekdays.set,
    dayRestricted: !days.star,
    weekdayRestricted: !weekdays.star,
  };
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const dom = s.days.has(d.getUTCDate());
  const dow = s.weekdays.has(d.getUTCDay());
  if (s.dayRestricted && s.weekdayRestricted) return dom || dow;
  return dom && dow;
}

/** The first run time strictly after `afterSeconds` (Unix seconds, UTC), within ~5 years, or undefined. */
export function nextCronTime(s: CronSchedule, afterSeconds: number): number | undefined {
  let t = Math.floor(afterSeconds / 60) * 60 + 60;
  const limit = afterSeconds + 5 * 366 * 86400;
  while (t <= limit) {
    const d = new Date(t * 1000);
    if (!s.months.has(d.getUTCMonth() + 1)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) / 1000;
      continue;
    }
    if (!dayMatches(s, d)) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1) / 1000;
      continue;
    }
    if (!s.hours.has(d.getUTCHours())) {
      t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1) / 1000;
      continue;
    }
    if (!s.minutes.has(d.getUTCMinutes())) {
      t += 60;
      continue;
    }
    return t;
  }
  return undefined;
}

/** Every run time in (fromSeconds, toSeconds]. */
export function* cronTimes(s: CronSchedule, fromSeconds: number, toSeconds: number): Generator<number> {
  for (let t = nextCronTime(s, fromSeconds); t !== undefined && t <= toSeconds; t = nextCronTime(s, t)) yield t;
}
