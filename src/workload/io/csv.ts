import type { Line } from './line-reader.js';

/** One CSV record: its fields, the line it starts on, and its raw text (for error columns). */
export interface CsvRecord {
  readonly fields: string[];
  readonly line: number;
  readonly raw: string;
  /** 0-based character offset of each field in `raw`; computed only for quoted records. */
  readonly starts?: number[];
}

/** A record could not be split into fields (an unterminated quote, a stray quote). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

export interface CsvOptions {
  /** Skip lines starting with this prefix (e.g. `#`). */
  readonly comment?: string;
  /** Skip blank lines (default true). */
  readonly skipBlank?: boolean;
}

/** 1-based column in the record's first line of field `index`. */
export function fieldColumn(rec: CsvRecord, index: number): number {
  if (rec.starts) return (rec.starts[Math.min(index, rec.starts.length - 1)] ?? 0) + 1;
  let col = 0;
  for (let i = 0; i < index && i < rec.fields.length; i++) col += rec.fields[i]!.length + 1;
  return col + 1;
}

/**
 * Split lines into RFC 4180 records: comma-separated, fields optionally in double quotes with `""` for
 * a quote; a quoted field may span lines. Lines without quotes take a fast path.
 */
export function* readCsvRecords(lines: Iterable<Line>, options: CsvOptions = {}): Generator<CsvRecord> {
  const skipBlank = options.skipBlank ?? true;
  const it = lines[Symbol.iterator]();
  try {
    for (;;) {
      const n = it.next();
      if (n.done) return;
      const { text, line } = n.value;
      if (skipBlank && text.length === 0) continue;
      if (options.comment !== undefined && text.startsWith(options.comment)) continue;
      if (text.indexOf('"') < 0) {
        yield { fields: text.split(','), line, raw: text };
        continue;
      }
      yield parseQuoted(text, line, it);
    }
  } finally {
    it.return?.();
  }
}

function parseQuoted(first: string, line: number, more: Iterator<Line>): CsvRecord {
  let raw = first;
  const fields: string[] = [];
  const starts: number[] = [];
  let i = 0;
  let field = '';
  let fieldStart = 0;
  let quoted = false;
  let atFieldStart = true;
  for (;;) {
    if (i >= raw.length) {
      if (quoted) {
        const n = more.next();
        if (n.done) throw new CsvSyntaxError(line, fieldStart + 1, 'unterminated quoted field at end of file');
        raw += '\n' + n.value.text;
        continue;
      }
      fields.push(field);
      starts.push(fieldStart);
      return { fields, line, raw, starts };
    }
    const c = raw[i]!;
    if (quoted) {
      if (c === '"') {
        if (raw[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        if (i < raw.length && raw[i] !== ',') throw new CsvSyntaxError(line, i + 1, 'unexpected character after a closing quote');
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === ',') {
      fields.push(field);
      starts.push(fieldStart);
      field = '';
      fieldStart = i + 1;
      atFieldStart = true;
      i++;
      continue;
    }
    if (c === '"') {
      if (!atFieldStart) throw new CsvSyntaxError(line, i + 1, 'a quote inside an unquoted field');
      quoted = true;
      atFieldStart = false;
      i++;
      continue;
    }
    atFieldStart = false;
    field += c;
    i++;
  }
}

/** Quote a field for CSV output when it needs it. */
export function csvField(value: string): string {
  if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) return value;
  return `"${value.replaceAll('"', '""')}"`;
}
