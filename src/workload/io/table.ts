import { InputError } from '../../scenario/errors.js';
import type { SourceStats } from '../types.js';
import type { BadRowHandler} from './bad-rows.js';
import { RowError, headerIndex, parseNumberField, type NumberRule } from './bad-rows.js';
import { CsvSyntaxError, readCsvRecords, type CsvRecord } from './csv.js';
import { readLines } from './line-reader.js';

export interface TableSpec {
  /** Column names in file order when the file has no header (and the canonical names otherwise). */
  readonly columns: readonly string[];
  /** `auto`: the first record is a header when its first field names a known column. */
  readonly header: 'yes' | 'no' | 'auto';
  readonly required: readonly string[];
  /** Other spellings of a column in headers (e.g. resource_request.cpus for cpus). */
  readonly aliases?: Readonly<Record<string, readonly string[]>>;
  /** Skip lines starting with this (e.g. "#"). */
  readonly comment?: string;
}

/** One data record of a table with typed accessors that throw RowError naming the column. */
export class TableRow {
  constructor(
    readonly rec: CsvRecord,
    private readonly index: ReadonlyMap<string, number>,
  ) {}

  col(name: string): number {
    return this.index.get(name) ?? -1;
  }

  /** The trimmed field, '' when the column is absent or empty. */
  str(name: string): string {
    const i = this.index.get(name);
    return i === undefined ? '' : (this.rec.fields[i] ?? '').trim();
  }

  has(name: string): boolean {
    return this.str(name) !== '';
  }

  num(name: string, rule: NumberRule = {}): number {
    const v = this.str(name);
    if (v === '') throw new RowError(`${name}: required`, this.col(name) >= 0 ? this.col(name) : undefined, name);
    return parseNumberField(v, this.col(name), name, rule);
  }

  optNum(name: string, rule: NumberRule = {}): number | undefined {
    return this.has(name) ? this.num(name, rule) : undefined;
  }

  fail(name: string, message: string): never {
    throw new RowError(`${name}: ${message}`, this.col(name) >= 0 ? this.col(name) : undefined, name);
  }
}

/**
 * Stream the data records of a CSV table. Records with a different number of fields than the header
 * (or the column list) and CSV syntax errors go to the bad-row handler; `stats.read` counts records.
 */
export function* readTable(file: string, handler: BadRowHandler, stats: SourceStats, spec: TableSpec): Generator<TableRow> {
  const records = readCsvRecords(readLines(file), spec.comment !== undefined ? { comment: spec.comment } : {});
  let index: Map<string, number> | undefined;
  let width = spec.columns.length;
  try {
    yield* tableRows();
  } finally {
    records.return(undefined);
  }
  if (!index && spec.header === 'yes') throw new InputError([{ file, message: `empty file, expected a header (${spec.columns.join(',')})` }]);

  function* tableRows(): Generator<TableRow> {
    for (;;) {
      let rec: CsvRecord;
      try {
        const n = records.next();
        if (n.done) break;
        rec = n.value;
      } catch (e) {
        if (!(e instanceof CsvSyntaxError)) throw e;
        stats.read++;
        handler.bad({ line: e.line, column: e.column, message: e.message });
        break;
      }
      if (!index) {
        const first = rec.fields[0]?.trim().toLowerCase() ?? '';
        const known = [...spec.columns, ...Object.values(spec.aliases ?? {}).flat()].map((c) => c.toLowerCase());
        const isHeader = spec.header === 'yes' || (spec.header === 'auto' && known.includes(first));
        if (isHeader) {
          index = headerIndex(file, { ...rec, fields: rec.fields.map((f) => f.trim().toLowerCase()) }, spec.required, lowerAliases(spec.aliases));
          width = rec.fields.length;
          continue;
        }
        index = new Map(spec.columns.map((c, i) => [c, i]));
      }
      stats.read++;
      if (rec.fields.length !== width) {
        handler.bad({ line: rec.line, column: 1, message: `expected ${width} fields, found ${rec.fields.length}` });
        continue;
      }
      yield new TableRow(rec, index);
    }
  }
}

function lowerAliases(a: Readonly<Record<string, readonly string[]>> | undefined): Record<string, string[]> {
  return Object.fromEntries(Object.entries(a ?? {}).map(([k, v]) => [k, v.map((x) => x.toLowerCase())]));
}

/** Run `fn` on each row; a RowError goes to the bad-row handler (fail: InputError; skip: counted). */
export function eachRow<T>(rows: Iterable<TableRow>, handler: BadRowHandler, fn: (row: TableRow) => T | undefined): T[] {
  const out: T[] = [];
  for (const row of rows) {
    try {
      const v = fn(row);
      if (v !== undefined) out.push(v);
    } catch (e) {
      if (e instanceof RowError) handler.badCsv(row.rec, e);
      else if (e instanceof InputError) throw e;
      else handler.badCsv(row.rec, new RowError((e as Error).message));
    }
  }
  return out;
}
