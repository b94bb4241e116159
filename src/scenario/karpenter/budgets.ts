import { CRON_MACROS } from '../../model/cron.js';
import type { DisruptionBudget, DisruptionReason } from '../../model/index.js';
import { readBudgetDuration } from './duration.js';
import { describeFound, type Path, type Reader } from './reader.js';

export const DISRUPTION_REASONS: readonly DisruptionReason[] = ['Underutilized', 'Empty', 'Drifted'];
/** Karpenter v1's default when `budgets` is absent. */
export const DEFAULT_BUDGETS: readonly DisruptionBudget[] = [{ nodes: '10%' }];

const FIELD_RANGES: readonly [string, number, number][] = [
  ['minute', 0, 59],
  ['hour', 0, 23],
  ['day of month', 1, 31],
  ['month', 1, 12],
  ['day of week', 0, 7],
];
const NAMES = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;

/** Why one cron field is invalid, or undefined. Accepts *, ?, lists, ranges, steps and month/day names. */
function cronFieldProblem(field: string, index: number): string | undefined {
  const [label, lo, hi] = FIELD_RANGES[index]!;
  for (const part of field.split(',')) {
    const [range, step] = part.split('/');
    if (step !== undefined && !/^\d+$/.test(step)) return `${label} step ${JSON.stringify(step)} is not a number`;
    if (range === '*' || range === '?') continue;
    for (const bound of range!.split('-')) {
      if (NAMES.test(bound) && (index === 3 || index === 4)) continue;
      if (!/^\d+$/.test(bound) || Number(bound) < lo || Number(bound) > hi) return `${label} ${JSON.stringify(bound)} is not in ${lo}–${hi}`;
    }
  }
  return undefined;
}

/** A budget schedule (5-field cron in UTC, or a macro such as "@daily") → its 5-field form. */
export function readCron(r: Reader, value: unknown, path: Path): string | undefined {
  if (typeof value !== 'string') return r.expected(path, 'a cron schedule such as "0 9 * * mon-fri" or "@daily"', value);
  const text = value.trim();
  if (text.startsWith('@')) {
    const expanded = CRON_MACROS[text];
    return expanded ?? r.problem(path, `expected a cron macro (${Object.keys(CRON_MACROS).join(', ')}) or 5 fields, found ${describeFound(value)}`);
  }
  const fields = text.split(/\s+/);
  if (fields.length !== 5) return r.problem(path, `expected a cron schedule of 5 fields (minute hour day-of-month month day-of-week), found ${fields.length} in ${describeFound(value)}`);
  for (let i = 0; i < 5; i++) {
    const problem = cronFieldProblem(fields[i]!, i);
    if (problem) return r.problem(path, `invalid cron schedule ${JSON.stringify(value)}: ${problem}`);
  }
  return fields.join(' ');
}

const BUDGET_FIELDS = ['nodes', 'reasons', 'schedule', 'duration'];

export function readBudget(r: Reader, value: unknown, path: Path, allowReasons: boolean): DisruptionBudget | undefined {
  const obj = r.object(value, path, allowReasons ? BUDGET_FIELDS : BUDGET_FIELDS.filter((f) => f !== 'reasons'));
  if (!obj) return undefined;
  let ok = true;
  let nodes: string | undefined;
  const rawNodes = obj.nodes ?? '10%';
  if (typeof rawNodes === 'number' && Number.isInteger(rawNodes) && rawNodes >= 0) nodes = String(rawNodes);
  else if (typeof rawNodes === 'string' && /^((100|[0-9]{1,2})%|[0-9]+)$/.test(rawNodes)) nodes = rawNodes;
  else ok = r.expected([...path, 'nodes'], 'a node count such as "5" or a percentage such as "10%"', rawNodes) ?? false;
  let reasons: DisruptionReason[] | undefined;
  if (obj.reasons !== undefined) {
    const list = r.list(obj.reasons, [...path, 'reasons']);
    if (!list) ok = false;
    else {
      reasons = [];
      list.forEach((v, i) => {
        const reason = r.oneOf(v, [...path, 'reasons', i], DISRUPTION_REASONS);
        if (reason) reasons!.push(reason);
        else ok = false;
      });
    }
  }
  const schedule = obj.schedule === undefined ? undefined : readCron(r, obj.schedule, [...path, 'schedule']);
  const durationSeconds = obj.duration === undefined ? undefined : readBudgetDuration(r, obj.duration, [...path, 'duration']);
  if ((obj.schedule !== undefined && schedule === undefined) || (obj.duration !== undefined && durationSeconds === undefined)) ok = false;
  if ((obj.schedule === undefined) !== (obj.duration === undefined)) {
    ok = r.problem(path, `"schedule" and "duration" must be set together, found only "${obj.schedule === undefined ? 'duration' : 'schedule'}"`) ?? false;
  }
  if (!ok || nodes === undefined) return undefined;
  return {
    nodes,
    ...(reasons ? { reasons } : {}),
    ...(schedule !== undefined ? { schedule } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
  };
}

export function readBudgets(r: Reader, value: unknown, path: Path, allowReasons = true): DisruptionBudget[] | undefined {
  const list = r.list(value, path);
  if (!list) return undefined;
  if (list.length > 50) r.problem(path, `at most 50 budgets, found ${list.length}`);
  const out: DisruptionBudget[] = [];
  list.forEach((item, i) => {
    const b = readBudget(r, item, [...path, i], allowReasons);
    if (b) out.push(b);
  });
  return out;
}
