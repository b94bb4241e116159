import type { OwnerRef } from '../../model/index.js';
import { InputError, nearest } from '../../scenario/errors.js';
import { BadRowHandler, RowError, type BadRowPolicy } from '../io/bad-rows.js';
import { CsvSyntaxError, fieldColumn, readCsvRecords, type CsvRecord } from '../io/csv.js';
import { ByteLineCursor } from '../io/byte-lines.js';
import { LineCursor, type Line } from '../io/line-reader.js';
import { BARE_SPEC, mergeRequests, stampPodSpec } from '../pod-template.js';
import type { TemplateResolver } from '../template-resolver.js';
import type { SourceStats, WorkloadEvent } from '../types.js';
import { FleetsimFastPath } from './fleetsim-fast.js';
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
  row: TraceRow;
  line: number;
}

/** Rows of a trace file one at a time (no generator step per row: this is the hot loop). */
interface RowCursor {
  /** The next good row (the same object, updated), or undefined at the end; bad rows go to the handler. */
  next(): PositionedRow | undefined;
  /** 1-based column of a field (by canonical index) in the text of the row `next` returned last. */
  columnOf(canonicalIndex: number): number;
  close(): void;
}

export function isJsonLines(file: string): boolean {
  return /\.(jsonl|ndjson)(\.gz)?$/i.test(file);
}

/**
 * Rows of a fleetsim CSV. Lines in canonical column order without quotes take the fast path
 * (fleetsim-fast.ts, on the line's bytes: no text decoded); anything else, and every line the fast
 * path declines, is decoded and parsed field by field with precise errors.
 */
class CsvRowCursor implements RowCursor {
  private readonly lines: ByteLineCursor;
  private readonly fast = new FleetsimFastPath();
  private toFile: number[] | undefined;
  private width = 0;
  private identity = false;
  /** The record of the row returned last when it came from the field-by-field path (undefined: the fast path). */
  private rec: CsvRecord | undefined;
  private readonly out: PositionedRow = { row: { kind: 'pod', arrivalSeconds: 0 }, line: 0 };

  constructor(
    private readonly file: string,
    private readonly handler: BadRowHandler,
    private readonly stats: SourceStats,
  ) {
    this.lines = new ByteLineCursor(file);
  }

  columnOf(i: number): number {
    // After a fast-path row the cursor still stands on its line (a single line without quotes).
    const rec = this.rec ?? { fields: this.lines.text().split(','), line: 0, raw: '' };
    return fieldColumn(rec, this.toFile![i]! >= 0 ? this.toFile![i]! : 0);
  }

  close(): void {
    this.lines.return();
  }

  private emit(row: TraceRow, line: number, rec: CsvRecord | undefined): PositionedRow {
    this.out.row = row;
    this.out.line = line;
    this.rec = rec;
    return this.out;
  }

  next(): PositionedRow | undefined {
    const { lines, handler, fast } = this;
    while (lines.advance()) {
      const line = lines.line;
      if (lines.start === lines.end || lines.bytes[lines.start] === 35 /* # */) continue;
      if (!this.toFile) {
        const header = parseRecord(lines.text(), line, lines, handler);
        if (header === 'end') return undefined;
        if (header === 'skip') throw new InputError([{ file: this.file, line, message: 'the header line is not valid CSV' }]);
        this.toFile = readHeader(this.file, header);
        this.width = header.fields.length;
        this.identity = header.raw === FLEETSIM_HEADER;
        continue;
      }
      this.stats.read++;
      if (this.identity) {
        const row = fast.row(lines.bytes, lines.latin1(), lines.start, lines.end);
        if (row) return this.emit(row, line, undefined);
      }
      const parsed = parseRecord(lines.text(), line, lines, handler);
      if (parsed === 'end') return undefined;
      if (parsed === 'skip') continue;
      const rec = (this.rec = parsed);
      if (rec.fields.length !== this.width) {
        handler.bad({ line, column: 1, message: `expected ${this.width} fields as in the header, found ${rec.fields.length}` });
        continue;
      }
      const fields = this.identity ? rec.fields : this.toFile.map((i) => (i >= 0 ? rec.fields[i]! : ''));
      try {
        return this.emit(rowFromFields(fields), line, rec);
      } catch (e) {
        if (!(e instanceof RowError)) throw e;
        handler.bad({ line, column: e.fieldIndex !== undefined ? this.columnOf(e.fieldIndex) : 1, ...(e.field ? { path: e.field } : {}), message: e.message });
      }
    }
    // No header at all (empty, or only blank and comment lines): not a trace, whatever onBadRow says.
    if (!this.toFile) throw new InputError([{ file: this.file, message: `empty file (no header line), expected a header (${FLEETSIM_HEADER})` }]);
    return undefined;
  }
}

/**
 * One CSV record starting with `text` (more lines are pulled when a quoted field spans them), or
 * 'skip' after a syntax error reported to the handler, or 'end' when the error ran to the end of file.
 */
function parseRecord(text: string, line: number, more: Iterator<Line>, handler: BadRowHandler): CsvRecord | 'skip' | 'end' {
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

/** Rows of a fleetsim JSON Lines file. */
class JsonRowCursor implements RowCursor {
  private readonly lines: LineCursor;
  private text = '';

  constructor(
    file: string,
    private readonly handler: BadRowHandler,
    private readonly stats: SourceStats,
  ) {
    this.lines = new LineCursor(file);
  }

  columnOf(i: number): number {
    const at = this.text.indexOf(`"${FLEETSIM_COLUMNS[i]}"`);
    return at >= 0 ? at + 1 : 1;
  }

  close(): void {
    this.lines.return();
  }

  next(): PositionedRow | undefined {
    for (let text = this.lines.nextText(); text !== undefined; text = this.lines.nextText()) {
      const line = this.lines.line;
      if (text.trim() === '' || text.startsWith('#')) continue;
      this.stats.read++;
      const r = rowFromJsonLine(text);
      if ('error' in r) {
        this.handler.bad({ line, column: r.column, ...(r.error.field ? { path: r.error.field } : {}), message: r.error.message });
        continue;
      }
      this.text = text;
      return { row: r.row, line };
    }
    return undefined;
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
  private static less(x: PendingDelete, y: PendingDelete): boolean {
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }
  push(d: PendingDelete): void {
    const a = this.a;
    let i = a.length;
    a.push(d);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!DeleteHeap.less(d, a[p]!)) break;
      a[i] = a[p]!;
      i = p;
    }
    a[i] = d;
  }
  pop(): PendingDelete | undefined {
    const a = this.a;
    const top = a[0];
    const last = a.pop();
    const n = a.length;
    if (n > 0 && last) {
      // Sift the last element down from the root: move smaller children up into the hole.
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const m = l + 1 < n && DeleteHeap.less(a[l + 1]!, a[l]!) ? l + 1 : l;
        if (!DeleteHeap.less(a[m]!, last)) break;
        a[i] = a[m]!;
        i = m;
      }
      a[i] = last;
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
  const rows: RowCursor = jsonl ? new JsonRowCursor(file, handler, stats) : new CsvRowCursor(file, handler, stats);
  const deletes = new DeleteHeap();
  let last = 0;
  let seq = 0;
  try {
    for (let r = rows.next(); r !== undefined; r = rows.next()) {
      const { row, line } = r;
      if (row.arrivalSeconds < last) {
        handler.bad({ line, column: rows.columnOf(COLUMN_INDEX.arrival_s), path: 'arrival_s', message: `records must be sorted by arrival_s: ${row.arrivalSeconds} comes after ${last}` });
        continue;
      }
      let event: WorkloadEvent;
      try {
        event = toEvent(row, resolver);
      } catch (e) {
        if (!(e instanceof Error) || e instanceof InputError) throw e;
        handler.bad({ line, column: rows.columnOf(COLUMN_INDEX.template), path: 'template', message: e.message });
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
  } finally {
    rows.close();
  }
  for (let d = deletes.pop(); d; d = deletes.pop()) yield { kind: 'delete-pod', at: d.at, id: d.id };
}

/** One row → its event (the template is resolved here; an unknown template throws). */
export function toEvent(row: TraceRow, resolver: TemplateResolver): WorkloadEvent {
  if (row.kind === 'delete') return { kind: 'delete-pod', at: row.arrivalSeconds, id: row.id! };
  const base = resolver.resolve(row.template, row.namespace, row.ownerName)?.spec ?? BARE_SPEC;
  // As makePodSpec(template, overrides), without the overrides objects (once per row).
  const requests =
    row.cpuMillis !== undefined || row.memoryMiB !== undefined || row.gpus !== undefined || row.extended !== undefined
      ? mergeRequests(base.requests, row.cpuMillis, row.memoryMiB, row.gpus, undefined, row.extended)
      : base.requests;
  const owner: OwnerRef | undefined = row.kind === 'pod' && row.ownerKind && row.ownerName ? { kind: row.ownerKind, name: row.ownerName } : undefined;
  const spec = stampPodSpec(base, row.namespace, requests, row.labels, undefined, row.priority, row.durationSeconds, owner);
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
