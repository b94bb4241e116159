/**
 * Five-field cron schedules (minute hour day-of-month month day-of-week, UTC) as Karpenter parses budget
 * schedules (robfig/cron's standard parser): `*`, `?`, lists, ranges, steps, month and weekday names,
 * day-of-week 7 = Sunday, and the macros @yearly/@annually/@monthly/@weekly/@daily/@midnight/@hourly.
 * When both day fields are restricted a day matches either (classic cron); when one is `*` both must.
 * Times are seconds since the Unix epoch.
 */
export class CronSchedule {
  private constructor(
    private readonly minutes: ReadonlySet<number>,
    private readonly hours: ReadonlySet<number>,
    private readonly daysOfMonth: ReadonlySet<number>,
    private readonly months: ReadonlySet<number>,
    private readonly daysOfWeek: ReadonlySet<number>,
    private readonly domStar: boolean,
    private readonly dowStar: boolean,
  ) {}

  static parse(text: string): CronSchedule {
    const expanded = MACROS[text.trim()] ?? text.trim();
    const fields = expanded.split(/\s+/);
    if (fields.length !== 5) throw new Error(`cron schedule "${text}" must have 5 fields`);
    const [mi, h, dom, mo, dow] = fields;
    const dowSet = parseField(dow, 0, 7, DAY_NAMES, text);
    if (dowSet.has(7)) dowSet.add(0);
    return new CronSchedule(
      parseField(mi, 0, 59, undefined, text),
      parseField(h, 0, 23, undefined, text),
      parseField(dom, 1, 31, undefined, text),
      parseField(mo, 1, 12, MONTH_NAMES, text),
      dowSet,
      isStar(dom),
      isStar(dow),
    );
  }

  /** Does the minute starting at `epochSeconds` (floored to the minute) match? */
  matches(epochSeconds: number): boolean {
    const d = new Date(Math.floor(epochSeconds / 60) * 60_000);
    return this.minutes.has(d.getUTCMinutes()) && this.hours.has(d.getUTCHours()) && this.dayMatches(d) && this.months.has(d.getUTCMonth() + 1);
  }

  /** The first matching minute strictly after `epochSeconds` (searching at most ~5 years; Infinity if none). */
  next(epochSeconds: number): number {
    let t = (Math.floor(epochSeconds / 60) + 1) * 60_000;
    const limit = t + 5 * 366 * 86_400_000;
    while (t < limit) {
      const d = new Date(t);
      if (!this.months.has(d.getUTCMonth() + 1)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
        continue;
      }
      if (!this.dayMatches(d)) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() + 1);
        continue;
      }
      if (!this.hours.has(d.getUTCHours())) {
        t = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours() + 1);
        continue;
      }
      if (!this.minutes.has(d.getUTCMinutes())) {
        t += 60_000;
        continue;
      }
      return t / 1000;
    }
    return Infinity;
  }

  /** Karpenter's budget window: active iff some match m has now − duration < m ≤ now. */
  isActive(nowEpochSeconds: number, durationSeconds: number): boolean {
    return this.next(nowEpochSeconds - durationSeconds) <= nowEpochSeconds;
  }

  private dayMatches(d: Date): boolean {
    const dom = this.daysOfMonth.has(d.getUTCDate());
    const dow = this.daysOfWeek.has(d.getUTCDay());
    return this.domStar || this.dowStar ? dom && dow : dom || dow;
  }
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
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

function isStar(field: string): boolean {
  return field === '*' || field === '?' || field === '*/1';
}

/** A number, or a name: months count from 1 (jan), weekdays from 0 (sun). */
function parseValue(s: string, names: readonly string[] | undefined, text: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const i = names?.indexOf(s.toLowerCase()) ?? -1;
  if (i >= 0) return names === MONTH_NAMES ? i + 1 : i;
  throw new Error(`cron schedule "${text}": "${s}" is not a number or name`);
}

function parseField(field: string, min: number, max: number, names: readonly string[] | undefined, text: string): Set<number> {
  const out = new Set<number>();
  for (const part of field.split(',')) {
    const [range, stepText] = part.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    if (!Number.isInteger(step) || step < 1) throw new Error(`cron schedule "${text}": bad step in "${part}"`);
    let lo: number;
    let hi: number;
    if (range === '*' || range === '?') [lo, hi] = [min, max];
    else if (range.includes('-')) {
      const [a, b] = range.split('-');
      [lo, hi] = [parseValue(a, names, text), parseValue(b, names, text)];
    } else {
      lo = parseValue(range, names, text);
      hi = stepText === undefined ? lo : max;
    }
    if (lo < min || hi > max || lo > hi) throw new Error(`cron schedule "${text}": "${part}" is outside ${min}–${max}`);
    for (let v = lo; v <= hi; v += step) out.add(v);
  }
  return out;
}

const cache = new Map<string, CronSchedule>();

/** Parse once per distinct text. */
export function cronSchedule(text: string): CronSchedule {
  let s = cache.get(text);
  if (!s) cache.set(text, (s = CronSchedule.parse(text)));
  return s;
}
