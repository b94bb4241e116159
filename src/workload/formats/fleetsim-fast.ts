import { COLUMN_INDEX as C, type RowKind, type TraceRow } from './fleetsim-row.js';

/**
 * The fast path of the fleetsim CSV reader for the common case: canonical header order, no quotes,
 * plain decimal numbers. Works on comma positions in the line instead of split strings and parses
 * numbers from character codes. Returns undefined for anything unusual (a bad value, an exponent, a
 * kind it does not know, cross-field rules broken): the reader then parses the line the slow way,
 * which raises the precise error.
 */
export function commaPositions(text: string, cuts: Int32Array): number {
  let n = 0;
  let at = text.indexOf(',');
  while (at >= 0 && n < cuts.length) {
    cuts[n++] = at;
    at = text.indexOf(',', at + 1);
  }
  return at >= 0 ? -1 : n + 1;
}

/** A non-negative plain decimal ("12", "0.25", "-3" when `signed`) in [s, e); NaN when it is anything else. */
function decimal(text: string, s: number, e: number, signed = false): number {
  let i = s;
  let neg = false;
  if (signed && i < e && text.charCodeAt(i) === 45) {
    neg = true;
    i++;
  }
  if (i >= e) return NaN;
  let v = 0;
  let digits = 0;
  for (; i < e; i++) {
    const c = text.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    v = v * 10 + c;
    digits++;
  }
  if (i < e) {
    if (text.charCodeAt(i) !== 46) return NaN;
    // A fraction: let Number() do the rounding exactly as the slow path would.
    const n = Number(text.slice(s, e));
    return Number.isFinite(n) && (signed || n >= 0) ? n : NaN;
  }
  if (digits > 15) return Number(text.slice(s, e));
  return neg ? -v : v;
}

const KINDS: Readonly<Record<string, RowKind>> = { pod: 'pod', scale: 'scale', job: 'job', delete: 'delete' };

function fieldStart(cuts: Int32Array, i: number): number {
  return i === 0 ? 0 : cuts[i - 1]! + 1;
}

function fieldEnd(text: string, cuts: Int32Array, i: number): number {
  return i === LAST ? text.length : cuts[i]!;
}

const LAST = 16;

function str(text: string, cuts: Int32Array, i: number): string | undefined {
  const s = fieldStart(cuts, i);
  const e = fieldEnd(text, cuts, i);
  return e > s ? text.slice(s, e) : undefined;
}

/** undefined when empty; NaN when not a plain number (or not an integer when `integer`). */
function num(text: string, cuts: Int32Array, i: number, integer = false, signed = false): number | undefined {
  const s = fieldStart(cuts, i);
  const e = fieldEnd(text, cuts, i);
  if (e === s) return undefined;
  const v = decimal(text, s, e, signed);
  return integer && !Number.isInteger(v) ? NaN : v;
}

function invalid(...values: (number | undefined)[]): boolean {
  for (const v of values) if (v !== undefined && Number.isNaN(v)) return true;
  return false;
}

/** `cuts` holds the 16 comma positions of a 17-field line. */
export function fastRow(text: string, cuts: Int32Array): TraceRow | undefined {
  const kindText = str(text, cuts, C.kind);
  const kind = kindText === undefined ? 'pod' : KINDS[kindText];
  if (!kind) return undefined;
  const arrival = num(text, cuts, C.arrival_s);
  if (arrival === undefined || Number.isNaN(arrival)) return undefined;
  if (fieldEnd(text, cuts, C.extended) > fieldStart(cuts, C.extended)) return undefined;
  const labelsText = str(text, cuts, C.labels);
  let labels: Record<string, string> | undefined;
  if (labelsText !== undefined) {
    if (labelsText.includes(' ')) return undefined;
    labels = {};
    for (const part of labelsText.split(';')) {
      const eq = part.indexOf('=');
      if (eq <= 0) return undefined;
      labels[part.slice(0, eq)] = part.slice(eq + 1);
    }
  }
  const durationSeconds = num(text, cuts, C.duration_s);
  const endSeconds = num(text, cuts, C.end_s);
  const cpuMillis = num(text, cuts, C.cpu_millis);
  const memoryMiB = num(text, cuts, C.memory_mib);
  const gpus = num(text, cuts, C.gpus, true);
  const priority = num(text, cuts, C.priority, true, true);
  const replicas = num(text, cuts, C.replicas, true);
  const parallelism = num(text, cuts, C.parallelism, true);
  if (invalid(durationSeconds, endSeconds, cpuMillis, memoryMiB, gpus, priority, replicas, parallelism)) return undefined;
  if (priority !== undefined && (priority < -2147483648 || priority > Number.MAX_SAFE_INTEGER)) return undefined;
  if (parallelism !== undefined && parallelism < 1) return undefined;
  const row: TraceRow = {
    kind,
    id: str(text, cuts, C.id),
    ownerKind: str(text, cuts, C.owner_kind),
    ownerName: str(text, cuts, C.owner_name),
    namespace: str(text, cuts, C.namespace),
    arrivalSeconds: arrival,
    durationSeconds,
    endSeconds,
    cpuMillis,
    memoryMiB,
    gpus,
    extended: undefined,
    priority,
    labels,
    template: str(text, cuts, C.template),
    replicas,
    parallelism,
  };
  switch (kind) {
    case 'pod':
      return row.id !== undefined && (endSeconds === undefined || endSeconds >= arrival) && replicas === undefined ? row : undefined;
    case 'scale':
      return row.ownerName !== undefined && replicas !== undefined && (row.ownerKind === undefined || row.ownerKind === 'Deployment') && durationSeconds === undefined && endSeconds === undefined
        ? row
        : undefined;
    case 'job':
      return row.ownerName !== undefined && replicas !== undefined && replicas >= 1 && endSeconds === undefined ? row : undefined;
    case 'delete':
      return row.id !== undefined ? row : undefined;
  }
}
