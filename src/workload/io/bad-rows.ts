import { InputError, formatProblem, type InputProblem } from '../../scenario/errors.js';
import { MAX_SKIPPED_EXAMPLES, type SourceStats } from '../types.js';
import { fieldColumn, type CsvRecord } from './csv.js';

export type BadRowPolicy = 'fail' | 'skip';

/** A record that cannot be used: names the field (column) at fault when there is one. */
export class RowError extends Error {
  constructor(
    message: string,
    /** Index of the offending field in the record, when known. */
    readonly fieldIndex?: number,
    /** Field name (CSV header name or JSON key). */
    readonly field?: string,
  ) {
    super(message);
  }
}

/**
 * Applies `onBadRow`: under `fail` the first bad record stops the run with an InputError naming the
 * file, line, column and reason; under `skip` it is counted (with the first few reasons kept).
 */
export class BadRowHandler {
  constructor(
    readonly file: string,
    readonly policy: BadRowPolicy,
    private readonly stats: SourceStats,
  ) {}

  /** Report a bad record at a given position. Returns normally only under `skip`. */
  bad(problem: Omit<InputProblem, 'file'>): void {
    const prefix = problem.path !== undefined ? `${problem.path}: ` : undefined;
    const message = prefix && problem.message.startsWith(prefix) ? problem.message.slice(prefix.length) : problem.message;
    const p: InputProblem = { file: this.file, ...problem, message };
    if (this.policy === 'fail') throw new InputError([p]);
    this.stats.skipped++;
    if (this.stats.skippedExamples.length < MAX_SKIPPED_EXAMPLES) this.stats.skippedExamples.push(formatProblem(p));
  }

  /** Report a RowError raised while reading a CSV record. */
  badCsv(rec: CsvRecord, err: RowError): void {
    this.bad({
      line: rec.line,
      column: err.fieldIndex !== undefined ? fieldColumn(rec, err.fieldIndex) : 1,
      ...(err.field !== undefined ? { path: err.field } : {}),
      message: err.message,
    });
  }
}

export interface NumberRule {
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
}

/** Parse a number field strictly (no trailing junk, no NaN); throws RowError naming the field. */
export function parseNumberField(value: string, index: number, name: string, rule: NumberRule = {}): number {
  const v = value.trim();
  const n = v === '' ? NaN : Number(v);
  if (!Number.isFinite(n)) throw new RowError(`${name}: expected a number, found ${JSON.stringify(value)}`, index, name);
  if (rule.integer && !Number.isInteger(n)) throw new RowError(`${name}: expected an integer, found ${JSON.stringify(value)}`, index, name);
  if (rule.min !== undefined && n < rule.min) throw new RowError(`${name}: must be >= ${rule.min}, found ${v}`, index, name);
  if (rule.max !== undefined && n > rule.max) throw new RowError(`${name}: must be <= ${rule.max}, found ${v}`, index, name);
  return n;
}

/** A header row → column index map, with required columns checked (an InputError names the missing ones). */
export function headerIndex(
  file: string,
  rec: CsvRecord,
  required: readonly string[],
  aliases: Readonly<Record<string, readonly string[]>> = {},
): Map<string, number> {
  const map = new Map<string, number>();
  rec.fields.forEach((f, i) => {
    const name = f.trim();
    if (!map.has(name)) map.set(name, i);
  });
  for (const [canonical, alts] of Object.entries(aliases)) {
    if (map.has(canonical)) continue;
    for (const a of alts) {
      const i = map.get(a);
      if (i !== undefined) {
        map.set(canonical, i);
        break;
      }
    }
  }
  const missing = required.filter((r) => !map.has(r));
  if (missing.length > 0) {
    throw new InputError([
      {
        file,
        line: rec.line,
        column: 1,
        message: `header lacks column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (found: ${rec.fields.join(', ')})`,
      },
    ]);
  }
  return map;
}
