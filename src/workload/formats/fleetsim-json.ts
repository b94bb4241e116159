import { RowError } from '../io/bad-rows.js';
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

/** A JSON string literal; plain strings (the usual ids and names) skip JSON.stringify. */
function q(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || c > 126) return JSON.stringify(s);
  }
  return `"${s}"`;
}

function jsonPairs(map: Readonly<Record<string, string | number>>): string {
  let s = '';
  for (const k in map) {
    const v = map[k]!;
    s += `,${q(k)}:${typeof v === 'number' ? v : q(v)}`;
  }
  return `{${s.slice(1)}}`;
}

/** One JSON line for a row; absent fields are left out. Built as a string: it runs once per row. */
export function rowToJson(r: TraceRow): string {
  let s = '';
  if (r.id !== undefined && r.id !== '') s += `,"id":${q(r.id)}`;
  s += `,"kind":"${r.kind}"`;
  if (r.ownerKind) s += `,"owner_kind":${q(r.ownerKind)}`;
  if (r.ownerName) s += `,"owner_name":${q(r.ownerName)}`;
  if (r.namespace) s += `,"namespace":${q(r.namespace)}`;
  s += `,"arrival_s":${r.arrivalSeconds}`;
  if (r.durationSeconds !== undefined) s += `,"duration_s":${r.durationSeconds}`;
  if (r.endSeconds !== undefined) s += `,"end_s":${r.endSeconds}`;
  if (r.cpuMillis !== undefined) s += `,"cpu_millis":${r.cpuMillis}`;
  if (r.memoryMiB !== undefined) s += `,"memory_mib":${r.memoryMiB}`;
  if (r.gpus !== undefined) s += `,"gpus":${r.gpus}`;
  if (r.extended && Object.keys(r.extended).length) s += `,"extended":${jsonPairs(r.extended)}`;
  if (r.priority !== undefined) s += `,"priority":${r.priority}`;
  if (r.labels && Object.keys(r.labels).length) s += `,"labels":${jsonPairs(r.labels)}`;
  if (r.template) s += `,"template":${q(r.template)}`;
  if (r.replicas !== undefined) s += `,"replicas":${r.replicas}`;
  if (r.parallelism !== undefined) s += `,"parallelism":${r.parallelism}`;
  return `{${s.slice(1)}}`;
}
