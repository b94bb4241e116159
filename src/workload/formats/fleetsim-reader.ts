import type { OwnerRef } from '../../model/index.js';
import { InputError, nearest } from '../../scenario/errors.js';
import { BadRowHandler, RowError, type BadRowPolicy } from '../io/bad-rows.js';
import { CsvSyntaxError, fieldColumn, readCsvRecords, type CsvRecord } from '../io/csv.js';
import { LineCursor, readLines, type Line } from '../io/line-reader.js';
import { makePodSpec } from '../pod-template.js';
import type { TemplateResolver } from '../template-resolver.js';
import type { SourceStats, WorkloadEvent } from '../types.js';
import { commaPositions, fastRow } from './fleetsim-fast.js';
import { rowFromJsonLine } from './fleetsim-json.js';
import { COLUMN_INDEX, FLEETSIM_COLUMNS, FLEETSIM_HEADER, rowFromFields, type TraceRow } from './fleetsim-row.js';

export interface FleetsimReadOptions {
  readonly resolver: TemplateResolver;
  readonly onBadRow: BadRowPolicy;
  readonly stats: SourceStats;
  /** `csv` or `jsonl`; default from the file name (`.jsonl`, `.ndjson`, `.jsonl.gz` → jsonl). */
  readonly encoding?: 'csv' | 'jsonl';
}

interface PositionedRow {
  readonly row: TraceRow;
  readonly line: number;
  /** The record's text, to find a field's column for an error message. */
  readonly text: string;
  /** 1-based column of a field (by canonical index) in `text`. */
  readonly columnOf: (text: string, canonicalIndex: number) => number;
}

export function isJsonLines(file: string): boolean {
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(file);
}

/**
 * Rows of a fleetsim CSV. Lines in canonical column order without quotes take the fast path
 * (fleetsim-fast.ts); anything else, and every line the fast path declines, is parsed field by field
 * with precise errors.
 */
function* csvRows(file: string, handler: BadRowHandler, stats: SourceStats): Generator<PositionedRow> {
  const lines = new LineCursor(file);
  const cuts = new Int32Array(FLEETSIM_COLUMNS.length - 1);
  let toFile: number[] | undefined;
  let width = 0;
  let identity = false;
  let rec: CsvRecord | undefined;
  const columnOf = (text: string, i: number): number => fieldColumn(rec && rec.raw === text ? rec : { fields: text.split(','), line: 0, raw: text }, toFile![i]! >= 0 ? toFile![i]! : 0);
  try {
    for (let text = lines.nextText(); text !== undefined; text = lines.nextText()) {
      const line = lines.line;
      if (text.length === 0 || text.charCodeAt(0) === 35 /* # */) continue;
      if (!toFile) {
        const header = parseRecord(text, line, lines, handler);
        if (header === 'end') return;
        if (header === 'skip') throw new InputError([{ file, line, message: 'the header line is not valid CSV' }]);
        toFile = readHeader(file, header);
        width = header.fields.length;
        identity = header.raw === FLEETSIM_HEADER;
        continue;
      }
      stats.read++;
      if (identity && text.indexOf('"') < 0 && commaPositions(text, cuts) === width) {
        const row = fastRow(text, cuts);
        if (row) {
          yield { row, line, text, columnOf };
          continue;
        }
      }
      const parsed = parseRecord(text, line, lines, handler);
      if (parsed === 'end') return;
      if (parsed === 'skip') continue;
      rec = parsed;
      if (rec.fields.length !== width) {
        handler.bad({ line, column: 1, message: `expected ${width} fields as in the header, found ${rec.fields.length}` });
        continue;
      }
      const fields = identity ? rec.fields : toFile.map((i) => (i >= 0 ? rec!.fields[i]! : ''));
      try {
        yield { row: rowFromFields(fields), line, text: rec.raw, columnOf };
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        handler.bad({ line, column: e.fieldIndex !== undefined ? columnOf(rec.raw, e.fieldIndex) : 1, ...(e.field ? { path: e.field } : {}), message: e.message });
      }
    }
  } finally {
    lines.return();
  }
}

/**
 * One CSV record starting with `text` (more lines are pulled when a quoted field spans them), or
 * 'skip' after a syntax error reported to the handler, or 'end' when the error ran to the end of file.
 */
function parseRecord(text: string, line: number, more: LineCursor, handler: BadRowHandler): CsvRecord | 'skip' | 'end' {
  let first = true;
  const lines: Iterable<Line> = {
    [Symbol.iterator]: () => ({
      next: (): IteratorResult<Line> => {
        if (!first) return more.next();
        first = false;
        return { done: false, value: { text, line } };
      },
    }),
  };
  try {
    const n = readCsvRecords(lines, { skipBlank: false }).next();
    return n.done ? 'end' : n.value;
  } catch (e) {
    if (!(e instanceof CsvSyntaxError)) throw e;
    handler.bad({ line: e.line, column: e.column, message: e.message });
    return e.message.includes('end of file') ? 'end' : 'skip';
  }
}

/** Canonical column → file column (-1 when absent); unknown or missing required columns are an InputError. */
function readHeader(file: string, rec: CsvRecord): number[] {
  const names = rec.fields.map((f) => f.trim());
  const problems = names
    .map((n, i) => ({ n, i }))
    .filter(({ n }) => !(FLEETSIM_COLUMNS as readonly string[]).includes(n))
    .map(({ n, i }) => {
      const hint = nearest(n, FLEETSIM_COLUMNS);
      return { file, line: rec.line, column: fieldColumn(rec, i), message: `unknown column "${n}"${hint ? ` (did you mean "${hint}"?)` : ''}` };
    });
  if (!names.includes('arrival_s')) problems.push({ file, line: rec.line, column: 1, message: 'header lacks the arrival_s column' });
  if (problems.length > 0) throw new InputError(problems);
  return FLEETSIM_COLUMNS.map((c) => names.indexOf(c));
}

function jsonColumn(text: string, i: number): number {
  const at = text.indexOf(`"${FLEETSIM_COLUMNS[i]}"`);
  return at >= 0 ? at + 1 : 1;
}

function* jsonRows(file: string, handler: BadRowHandler, stats: SourceStats): Generator<PositionedRow> {
  for (const { text, line } of readLines(file)) {
    if (text.trim() === '' || text.startsWith('#')) continue;
    stats.read++;
    const r = rowFromJsonLine(text);
    if ('error' in r) {
      handler.bad({ line, column: r.column, ...(r.error.field ? { path: r.error.field } : {}), message: r.error.message });
      continue;
    }
    yield { row: r.row, line, text, columnOf: jsonColumn };
  }
}

/** A pending delete from a row's end_s, kept in a min-heap by time (ties: row order). */
interface PendingDelete {
  readonly at: number;
  readonly seq: number;
  readonly id: string;
}

class DeleteHeap {
  private readonly a: PendingDelete[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): PendingDelete | undefined {
    return this.a[0];
  }
  private less(x: PendingDelete, y: PendingDelete): boolean {
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
  push(d: PendingDelete): void {
    const a = this.a;
    a.push(d);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i]!, a[p]!)) break;
      [a[i], a[p]] = [a[p]!, a[i]!];
      i = p;
    }
  }
  pop(): PendingDelete | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        let m = i;
        if (l < a.length && this.less(a[l]!, a[m]!)) m = l;
        if (l + 1 < a.length && this.less(a[l + 1]!, a[m]!)) m = l + 1;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}

/**
 * Stream a fleetsim trace (CSV or JSON Lines) as WorkloadEvents. Records must be sorted by arrival_s
 * (a record that goes back in time is a bad row). `end_s` deletes are held in a heap until their time,
 * so memory grows with the number of pods alive at once, not with the trace.
 */
export function* readFleetsimTrace(file: string, options: FleetsimReadOptions): Generator<WorkloadEvent> {
  const { resolver, stats } = options;
  const handler = new BadRowHandler(file, options.onBadRow, stats);
  const jsonl = (options.encoding ?? (isJsonLines(file) ? 'jsonl' : 'csv')) === 'jsonl';
  const rows = jsonl ? jsonRows(file, handler, stats) : csvRows(file, handler, stats);
  const deletes = new DeleteHeap();
  let last = 0;
  let seq = 0;
  for (const { row, line, text, columnOf } of rows) {
    if (row.arrivalSeconds < last) {
      handler.bad({ line, column: columnOf(text, COLUMN_INDEX.arrival_s), path: 'arrival_s', message: `records must be sorted by arrival_s: ${row.arrivalSeconds} comes after ${last}` });
      continue;
    }
    let event: WorkloadEvent;
    try {
      event = toEvent(row, resolver);
    } catch (e) {
      if (!(e instanceof Error) || e instanceof InputError) throw e;
      handler.bad({ line, column: columnOf(text, COLUMN_INDEX.template), path: 'template', message: e.message });
      continue;
    }
    last = row.arrivalSeconds;
    while (deletes.size > 0 && deletes.peek()!.at < row.arrivalSeconds) {
      const d = deletes.pop()!;
      yield { kind: 'delete-pod', at: d.at, id: d.id };
    }
    yield event;
    if (row.kind === 'pod' && row.endSeconds !== undefined) deletes.push({ at: row.endSeconds, seq: seq++, id: row.id! });
  }
  for (let d = deletes.pop(); d; d = deletes.pop()) yield { kind: 'delete-pod', at: d.at, id: d.id };
}

/** One row → its event (the template is resolved here; an unknown template throws). */
export function toEvent(row: TraceRow, resolver: TemplateResolver): WorkloadEvent {
  if (row.kind === 'delete') return { kind: 'delete-pod', at: row.arrivalSeconds, id: row.id! };
  const template = resolver.resolve(row.template, row.namespace, row.ownerName);
  const requests =
    row.cpuMillis !== undefined || row.memoryMiB !== undefined || row.gpus !== undefined || row.extended !== undefined
      ? { cpuMillis: row.cpuMillis, memoryMiB: row.memoryMiB, gpus: row.gpus, extended: row.extended }
      : undefined;
  const owner: OwnerRef | undefined = row.kind === 'pod' && row.ownerKind && row.ownerName ? { kind: row.ownerKind, name: row.ownerName } : undefined;
  const spec = makePodSpec(template, {
    namespace: row.namespace,
    requests,
    labels: row.labels,
    priority: row.priority,
    durationSeconds: row.durationSeconds,
    owner,
  });
  switch (row.kind) {
    case 'pod':
      return { kind: 'pod', at: row.arrivalSeconds, id: row.id!, spec };
    case 'scale':
      return { kind: 'scale', at: row.arrivalSeconds, namespace: spec.namespace, name: row.ownerName!, replicas: row.replicas!, template: spec };
    case 'job':
      return {
        kind: 'job',
        at: row.arrivalSeconds,
        namespace: spec.namespace,
        name: row.ownerName!,
        template: spec,
        completions: row.replicas!,
        parallelism: row.parallelism ?? row.replicas!,
      };
  }
}
