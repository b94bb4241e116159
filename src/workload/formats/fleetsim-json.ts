import { RowError } from '../io/bad-rows.js';
import type { ByteWriter } from '../io/byte-writer.js';
import { checkRow, COLUMN_INDEX, FLEETSIM_COLUMNS, rowFromFields, type FleetsimColumn, type TraceRow } from './fleetsim-row.js';

/**
 * The JSON Lines variant: one object a line with the CSV's column names as keys; `labels` and
 * `extended` may be objects (or the CSV's `k=v;k=v` strings); numbers may be numbers or strings.
 */
export function rowFromJsonLine(text: string): { row: TraceRow } | { error: RowError; column: number } {
  let obj: unknown;
  try {
    obj = JSON.parse(text);
  } catch (e) {
    return { error: new RowError(`not valid JSON: ${(e as Error).message}`), column: 1 };
  }
  if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) {
    return { error: new RowError('expected a JSON object with the trace columns as keys'), column: 1 };
  }
  const rec = obj as Record<string, unknown>;
  const fields: string[] = new Array<string>(FLEETSIM_COLUMNS.length).fill('');
  for (const [key, value] of Object.entries(rec)) {
    const i = COLUMN_INDEX[key as FleetsimColumn];
    if (i === undefined) return { error: new RowError(`unknown key "${key}" (expected: ${FLEETSIM_COLUMNS.join(', ')})`, undefined, key), column: columnOf(text, key) };
    if (value === null || value === undefined) continue;
    if (typeof value === 'object') {
      if (Array.isArray(value)) return { error: new RowError(`${key}: expected a string, number or object`, i, key), column: columnOf(text, key) };
      fields[i] = Object.entries(value as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(';');
    } else fields[i] = String(value);
  }
  try {
    const row = rowFromFields(fields);
    checkRow(row);
    return { row };
  } catch (e) {
    if (!(e instanceof RowError)) throw e;
    return { error: e, column: e.field ? columnOf(text, e.field.split(' ')[0]!) : 1 };
  }
}

/** 1-based column of `"key"` in the line, or 1. */
function columnOf(text: string, key: string): number {
  const i = text.indexOf(`"${key}"`);
  return i >= 0 ? i + 1 : 1;
}

function hasKeys(map: object): boolean {
  for (const k in map) if (Object.hasOwn(map, k)) return true;
  return false;
}

/** Whether `s` goes into JSON as "s" unchanged: printable ASCII without quote or backslash. */
function plain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c > 126) return false;
  }
  return true;
}

function writeString(w: ByteWriter, s: string): void {
  if (plain(s)) {
    w.byte(34);
    w.ascii(s);
    w.byte(34);
  } else w.text(JSON.stringify(s));
}

function writePairs(w: ByteWriter, map: Readonly<Record<string, string | number>>): void {
  let sep = 123; // {
  for (const k in map) {
    const v = map[k]!;
    w.byte(sep);
    sep = 44;
    writeString(w, k);
    w.byte(58);
    if (typeof v === 'number') w.number(v);
    else writeString(w, v);
  }
  if (sep === 123) w.byte(123);
  w.byte(125);
}

/**
 * One JSON line for a row (absent fields left out) and its newline, encoded straight into the
 * writer: this runs once per row of a converted trace.
 */
export function writeJsonRow(w: ByteWriter, r: TraceRow): void {
  if (r.id !== undefined && r.id !== '') {
    w.ascii('{"id":');
    writeString(w, r.id);
    w.ascii(',"kind":"');
  } else w.ascii('{"kind":"');
  w.ascii(r.kind);
  w.byte(34);
  if (r.ownerKind) {
    w.ascii(',"owner_kind":');
    writeString(w, r.ownerKind);
  }
  if (r.ownerName) {
    w.ascii(',"owner_name":');
    writeString(w, r.ownerName);
  }
  if (r.namespace) {
    w.ascii(',"namespace":');
    writeString(w, r.namespace);
  }
  w.ascii(',"arrival_s":');
  w.number(r.arrivalSeconds);
  numberField(w, ',"duration_s":', r.durationSeconds);
  numberField(w, ',"end_s":', r.endSeconds);
  numberField(w, ',"cpu_millis":', r.cpuMillis);
  numberField(w, ',"memory_mib":', r.memoryMiB);
  numberField(w, ',"gpus":', r.gpus);
  if (r.extended && hasKeys(r.extended)) {
    w.ascii(',"extended":');
    writePairs(w, r.extended);
  }
  numberField(w, ',"priority":', r.priority);
  if (r.labels && hasKeys(r.labels)) {
    w.ascii(',"labels":');
    writePairs(w, r.labels);
  }
  if (r.template) {
    w.ascii(',"template":');
    writeString(w, r.template);
  }
  numberField(w, ',"replicas":', r.replicas);
  numberField(w, ',"parallelism":', r.parallelism);
  w.byte(125);
  w.byte(10);
}

function numberField(w: ByteWriter, key: string, v: number | undefined): void {
  if (v === undefined) return;
  w.ascii(key);
  w.number(v);
}
