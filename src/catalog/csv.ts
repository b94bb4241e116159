/**
 * A small RFC 4180 CSV reader that keeps where every field starts (1-based line and column), so that a
 * bad value in a user's catalog file can be reported precisely. Quoted fields may hold commas, doubled
 * quotes and newlines; CRLF and LF line ends are both accepted; blank lines are skipped.
 */
export interface CsvField {
  readonly value: string;
  readonly line: number;
  readonly column: number;
}

export interface CsvRow {
  /** Line of the row's first field. */
  readonly line: number;
  readonly fields: readonly CsvField[];
}

export class CsvSyntaxError extends Error {
  override readonly name = 'CsvSyntaxError';
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(message);
  }
}

export function parseCsv(text: string): CsvRow[] {
  const rows: CsvRow[] = [];
  let fields: CsvField[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let lineStart = i;
  const n = text.length;
  let atRowStart = true;
  while (i <= n) {
    if (atRowStart && (i === n || text[i] === '\n' || text[i] === '\r')) {
      // blank line (or end of input)
      if (i === n) break;
      if (text[i] === '\r' && text[i + 1] === '\n') i++;
      i++;
      line++;
      lineStart = i;
      continue;
    }
    atRowStart = false;
    const fieldLine = line;
    const fieldColumn = i - lineStart + 1;
    let value = '';
    if (text[i] === '"') {
      i++;
      for (;;) {
        if (i >= n) throw new CsvSyntaxError('unterminated quoted field', fieldLine, fieldColumn);
        const ch = text[i]!;
        if (ch === '"') {
          if (text[i + 1] === '"') {
            value += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (ch === '\n') {
          line++;
          lineStart = i + 1;
        }
        value += ch;
        i++;
      }
      if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
        throw new CsvSyntaxError('unexpected character after a closing quote', line, i - lineStart + 1);
      }
    } else {
      const start = i;
      while (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') i++;
      value = text.slice(start, i);
    }
    fields.push({ value, line: fieldLine, column: fieldColumn });
    if (i < n && text[i] === ',') {
      i++;
      continue;
    }
    // end of row
    rows.push({ line: fields[0]!.line, fields });
    fields = [];
    atRowStart = true;
    if (i >= n) break;
    if (text[i] === '\r' && text[i + 1] === '\n') i++;
    i++;
    line++;
    lineStart = i;
  }
  return rows;
}
