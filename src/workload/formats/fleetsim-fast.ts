import { RowError } from '../io/bad-rows.js';
import { COLUMN_INDEX as C, FLEETSIM_COLUMNS, checkRow, extendedFromText, parsePairs, type RowKind, type TraceRow } from './fleetsim-row.js';

/**
 * The fast path of the fleetsim CSV reader for the common case: canonical header order, no quotes,
 * plain decimal numbers. One pass over the line finds the commas; numbers are parsed from character
 * codes (no substring, no Number()); repeated names (namespace, owner, template) and label sets come
 * from small caches instead of new strings and objects per row. Returns undefined for anything
 * unusual (a quote, a sign or exponent, whitespace, a kind it does not know, cross-field rules
 * broken): the reader then parses the line field by field, which accepts it or raises the precise
 * error. So this path only ever decides what the field-by-field parser would decide.
 */

const FIELDS = FLEETSIM_COLUMNS.length;
const COMMA = 44;
const QUOTE = 34;
const MINUS = 45;
const DOT = 46;
const ZERO = 48;

/** 10^k as exact doubles for k ≤ 22. */
const POW10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal `-?digits[.digits]` (the sign only when `signed`) in [s, e) of `text`; NaN for
 * anything else (empty, an exponent, a space, more than 15 significant digits...). With at most 15
 * digits the digits form an exact integer m and m / 10^k (k ≤ 15) is one correctly rounded division,
 * so the result is the double Number() gives for the same text.
 */
export function plainDecimal(text: string, s: number, e: number, signed: boolean): number {
  let i = s;
  let neg = false;
  if (signed && i < e && text.charCodeAt(i) === MINUS) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  for (; i < e; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
  }
  let scale = 0;
  if (i < e) {
    if (text.charCodeAt(i) !== DOT) return NaN;
    for (i++; i < e; i++) {
      const d = text.charCodeAt(i) - ZERO;
      if (d < 0 || d > 9) return NaN;
      m = m * 10 + d;
      digits++;
      scale++;
    }
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = scale === 0 ? m : m / POW10[scale]!;
  return neg ? -v : v;
}

/** Same characters in [s, e) of `text` as in `known`. */
function sameText(known: string, text: string, s: number, e: number): boolean {
  if (known.length !== e - s) return false;
  for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== text.charCodeAt(s + i)) return false;
  return true;
}

/** A cache slot for the text in [s, e). */
function slotOf(text: string, s: number, e: number): number {
  let h = e - s;
  for (let i = s; i < e; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) & (SLOTS - 1);
}

const SLOTS = 1024;
/** Longer names are sliced every time: hashing them would cost more than it saves. */
const MAX_INTERNED = 64;

/**
 * Fixed-size caches keyed by a field's text, one entry a slot (a new text replaces a colliding
 * one), so memory stays bounded however many distinct values a trace has.
 */
class NameCache {
  private readonly keys: string[] = new Array<string>(SLOTS).fill('');

  /** The text in [s, e) (non-empty), as the same string object each time it repeats. */
  get(text: string, s: number, e: number): string {
    const slot = slotOf(text, s, e);
    const key = this.keys[slot]!;
    if (sameText(key, text, s, e)) return key;
    return (this.keys[slot] = text.slice(s, e));
  }
}

class MapCache<T> {
  private readonly keys: string[] = new Array<string>(SLOTS).fill('');
  private readonly values: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);

  constructor(private readonly make: (key: string) => T | undefined) {}

  /** The parsed value of the text in [s, e) (non-empty); undefined when `make` rejects it. */
  get(text: string, s: number, e: number): T | undefined {
    const slot = slotOf(text, s, e);
    if (sameText(this.keys[slot]!, text, s, e)) return this.values[slot];
    const k = text.slice(s, e);
    const v = this.make(k);
    this.keys[slot] = k;
    this.values[slot] = v;
    return v;
  }
}

/** Parsed by the field-by-field rules (so both paths agree); undefined when they reject it. */
function pairsOrUndefined(k: string): Readonly<Record<string, string>> | undefined {
  try {
    return parsePairs(k, C.labels, 'labels');
  } catch (e) {
    if (e instanceof RowError) return undefined;
    throw e;
  }
}

function extendedOrUndefined(k: string): Readonly<Record<string, number>> | undefined {
  try {
    return extendedFromText(k);
  } catch (e) {
    if (e instanceof RowError) return undefined;
    throw e;
  }
}

function kindAt(text: string, s: number, e: number): RowKind | undefined {
  switch (e - s) {
    case 0:
      return 'pod';
    case 3:
      return text.startsWith('pod', s) ? 'pod' : text.startsWith('job', s) ? 'job' : undefined;
    case 5:
      return text.startsWith('scale', s) ? 'scale' : undefined;
    case 6:
      return text.startsWith('delete', s) ? 'delete' : undefined;
    default:
      return undefined;
  }
}

/**
 * Turns plain fleetsim CSV lines (canonical column order) into TraceRows. One instance per file:
 * it keeps the caches. Cached label and extended maps are shared by the rows that have the same
 * text (rows are read-only; pod specs copy them).
 */
export class FleetsimFastPath {
  /** bounds[i] + 1 is where field i starts, bounds[i + 1] where it ends. */
  private readonly bounds = new Int32Array(FIELDS + 1);
  private readonly names = new NameCache();
  private readonly labels = new MapCache<Readonly<Record<string, string>>>(pairsOrUndefined);
  private readonly extended = new MapCache<Readonly<Record<string, number>>>(extendedOrUndefined);

  /** The row of a plain line, or undefined when the line needs the field-by-field parser. */
  row(text: string): TraceRow | undefined {
    const b = this.bounds;
    b[0] = -1;
    let n = 1;
    const length = text.length;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        if (n === FIELDS) return undefined;
        b[n++] = i;
      } else if (c === QUOTE) return undefined;
    }
    if (n !== FIELDS) return undefined;
    b[FIELDS] = length;

    const kind = kindAt(text, b[C.kind]! + 1, b[C.kind + 1]!);
    if (kind === undefined) return undefined;
    const arrival = this.num(text, C.arrival_s, false, false);
    if (arrival === undefined || arrival !== arrival) return undefined;
    const durationSeconds = this.num(text, C.duration_s, false, false);
    const endSeconds = this.num(text, C.end_s, false, false);
    const cpuMillis = this.num(text, C.cpu_millis, false, false);
    const memoryMiB = this.num(text, C.memory_mib, false, false);
    const gpus = this.num(text, C.gpus, true, false);
    const priority = this.num(text, C.priority, true, true);
    const replicas = this.num(text, C.replicas, true, false);
    const parallelism = this.num(text, C.parallelism, true, false);
    // NaN marks a value this path does not take (x !== x only for NaN).
    if (durationSeconds !== durationSeconds || endSeconds !== endSeconds || cpuMillis !== cpuMillis || memoryMiB !== memoryMiB) return undefined;
    if (gpus !== gpus || priority !== priority || replicas !== replicas || parallelism !== parallelism) return undefined;
    if (priority !== undefined && priority < -2147483648) return undefined;
    if (parallelism !== undefined && parallelism < 1) return undefined;

    let labels: Readonly<Record<string, string>> | undefined;
    let s = b[C.labels]! + 1;
    let e = b[C.labels + 1]!;
    if (e > s) {
      labels = this.labels.get(text, s, e);
      if (labels === undefined) return undefined;
    }
    let extended: Readonly<Record<string, number>> | undefined;
    s = b[C.extended]! + 1;
    e = b[C.extended + 1]!;
    if (e > s) {
      extended = this.extended.get(text, s, e);
      if (extended === undefined) return undefined;
    }
    const row: TraceRow = {
      kind,
      id: this.slice(text, C.id),
      ownerKind: this.name(text, C.owner_kind),
      ownerName: this.name(text, C.owner_name),
      namespace: this.name(text, C.namespace),
      arrivalSeconds: arrival,
      durationSeconds,
      endSeconds,
      cpuMillis,
      memoryMiB,
      gpus,
      extended,
      priority,
      labels,
      template: this.name(text, C.template),
      replicas,
      parallelism,
    };
    try {
      checkRow(row);
    } catch (err) {
      if (err instanceof RowError) return undefined;
      throw err;
    }
    return row;
  }

  /** undefined when empty; NaN when not a plain number (or not an integer when `integer`). */
  private num(text: string, i: number, integer: boolean, signed: boolean): number | undefined {
    const s = this.bounds[i]! + 1;
    const e = this.bounds[i + 1]!;
    if (e === s) return undefined;
    const v = plainDecimal(text, s, e, signed);
    return integer && !Number.isInteger(v) ? NaN : v;
  }

  private slice(text: string, i: number): string | undefined {
    const s = this.bounds[i]! + 1;
    const e = this.bounds[i + 1]!;
    return e > s ? text.slice(s, e) : undefined;
  }

  /** A repeated name: the same string object for the same text. */
  private name(text: string, i: number): string | undefined {
    const s = this.bounds[i]! + 1;
    const e = this.bounds[i + 1]!;
    if (e === s) return undefined;
    return e - s > MAX_INTERNED ? text.slice(s, e) : this.names.get(text, s, e);
  }
}
