import { RowError } from '../io/bad-rows.js';
import { COLUMN_INDEX as C, FLEETSIM_COLUMNS, checkRow, extendedFromText, parsePairs, type RowKind, type TraceRow } from './fleetsim-row.js';

/**
 * The fast path of the fleetsim CSV reader for the common case: canonical header order, no quotes,
 * plain decimal numbers, ASCII. It reads the line's bytes: one pass finds the commas; numbers are
 * parsed from the digits (no substring, no Number()); repeated names (namespace, owner, template)
 * and label sets come from small caches instead of new strings and objects per row; other strings
 * are sliced from the block read as Latin-1 (right for ASCII). Returns undefined for anything
 * unusual (a quote, a non-ASCII byte, a sign or exponent, whitespace, a kind it does not know,
 * cross-field rules broken): the reader then parses the line field by field, which accepts it or
 * raises the precise error. So this path only ever decides what the field-by-field parser would.
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
 * A plain decimal `-?digits[.digits]` (the sign only when `signed`) in bytes [s, e); NaN for
 * anything else (empty, an exponent, a space, more than 15 significant digits...). With at most 15
 * digits the digits form an exact integer m and m / 10^k (k ≤ 15) is one correctly rounded division,
 * so the result is the double Number() gives for the same text.
 */
export function plainDecimal(b: Uint8Array, s: number, e: number, signed: boolean): number {
  let i = s;
  let neg = false;
  if (signed && i < e && b[i] === MINUS) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  for (; i < e; i++) {
    const d = b[i]! - ZERO;
    if (d < 0 || d > 9) break;
    m = m * 10 + d;
    digits++;
  }
  let scale = 0;
  if (i < e) {
    if (b[i] !== DOT) return NaN;
    for (i++; i < e; i++) {
      const d = b[i]! - ZERO;
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

/** `known` has the characters of the (ASCII) bytes [s, e). */
function sameText(known: string, b: Uint8Array, s: number, e: number): boolean {
  if (known.length !== e - s) return false;
  for (let i = 0; i < known.length; i++) if (known.charCodeAt(i) !== b[s + i]) return false;
  return true;
}

/** A cache slot for the bytes [s, e). */
function slotOf(b: Uint8Array, s: number, e: number): number {
  let h = e - s;
  for (let i = s; i < e; i++) h = (Math.imul(h, 31) + b[i]!) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b);
  return (h ^ (h >>> 16)) & (SLOTS - 1);
}

const SLOTS = 1024;

/**
 * V8 makes a substring of 13 characters or more a view into its parent string, here the whole
 * 1 MiB block: a pod id or a cached name kept for long would keep its block alive. Such strings are
 * copied out of the bytes instead (a native call, so only for the long ones).
 */
const VIEW_MIN_LENGTH = 13;

/** The text of the ASCII bytes [s, e) as a string of its own (not a view into the block). */
function ownText(b: Buffer, latin: string, s: number, e: number): string {
  return e - s < VIEW_MIN_LENGTH ? latin.slice(s, e) : b.toString('latin1', s, e);
}
/** Longer names are sliced every time: hashing them would cost more than it saves. */
const MAX_INTERNED = 64;

/**
 * Fixed-size caches keyed by a field's text, one entry a slot (a new text replaces a colliding
 * one), so memory stays bounded however many distinct values a trace has.
 */
class NameCache {
  private readonly keys: string[] = new Array<string>(SLOTS).fill('');

  /** The text of bytes [s, e) (non-empty; `latin` is their block as Latin-1), the same string object each time it repeats. */
  get(b: Buffer, latin: string, s: number, e: number): string {
    const slot = slotOf(b, s, e);
    const key = this.keys[slot]!;
    if (sameText(key, b, s, e)) return key;
    return (this.keys[slot] = ownText(b, latin, s, e));
  }
}

class MapCache<T> {
  private readonly keys: string[] = new Array<string>(SLOTS).fill('');
  private readonly values: (T | undefined)[] = new Array<T | undefined>(SLOTS).fill(undefined);

  constructor(private readonly make: (key: string) => T | undefined) {}

  /** The parsed value of the text of bytes [s, e) (non-empty); undefined when `make` rejects it. */
  get(b: Buffer, latin: string, s: number, e: number): T | undefined {
    const slot = slotOf(b, s, e);
    if (sameText(this.keys[slot]!, b, s, e)) return this.values[slot];
    const k = ownText(b, latin, s, e);
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

function kindAt(b: Uint8Array, latin: string, s: number, e: number): RowKind | undefined {
  switch (e - s) {
    case 0:
      return 'pod';
    case 3:
      return latin.startsWith('pod', s) ? 'pod' : latin.startsWith('job', s) ? 'job' : undefined;
    case 5:
      return latin.startsWith('scale', s) ? 'scale' : undefined;
    case 6:
      return latin.startsWith('delete', s) ? 'delete' : undefined;
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
  /** bounds[i] + 1 is where field i starts, bounds[i + 1] where it ends (byte offsets in the block). */
  private readonly bounds = new Int32Array(FIELDS + 1);
  private readonly names = new NameCache();
  private readonly labels = new MapCache<Readonly<Record<string, string>>>(pairsOrUndefined);
  private readonly extended = new MapCache<Readonly<Record<string, number>>>(extendedOrUndefined);

  /**
   * The row of the line in bytes [start, end) of `b` (without its line end), or undefined when the
   * line needs the field-by-field parser. `latin` is the whole of `b` read as Latin-1.
   */
  row(b: Buffer, latin: string, start: number, end: number): TraceRow | undefined {
    const bounds = this.bounds;
    bounds[0] = start - 1;
    let n = 1;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c === COMMA) {
        if (n === FIELDS) return undefined;
        bounds[n++] = i;
      } else if (c === QUOTE || c > 127) return undefined;
    }
    if (n !== FIELDS) return undefined;
    bounds[FIELDS] = end;

    const kind = kindAt(b, latin, bounds[C.kind]! + 1, bounds[C.kind + 1]!);
    if (kind === undefined) return undefined;
    const arrival = this.num(b, C.arrival_s, false, false);
    if (arrival === undefined || arrival !== arrival) return undefined;
    const durationSeconds = this.num(b, C.duration_s, false, false);
    const endSeconds = this.num(b, C.end_s, false, false);
    const cpuMillis = this.num(b, C.cpu_millis, false, false);
    const memoryMiB = this.num(b, C.memory_mib, false, false);
    const gpus = this.num(b, C.gpus, true, false);
    const priority = this.num(b, C.priority, true, true);
    const replicas = this.num(b, C.replicas, true, false);
    const parallelism = this.num(b, C.parallelism, true, false);
    // NaN marks a value this path does not take (x !== x only for NaN).
    if (durationSeconds !== durationSeconds || endSeconds !== endSeconds || cpuMillis !== cpuMillis || memoryMiB !== memoryMiB) return undefined;
    if (gpus !== gpus || priority !== priority || replicas !== replicas || parallelism !== parallelism) return undefined;
    if (priority !== undefined && priority < -2147483648) return undefined;
    if (parallelism !== undefined && parallelism < 1) return undefined;

    let labels: Readonly<Record<string, string>> | undefined;
    let s = bounds[C.labels]! + 1;
    let e = bounds[C.labels + 1]!;
    if (e > s) {
      labels = this.labels.get(b, latin, s, e);
      if (labels === undefined) return undefined;
    }
    let extended: Readonly<Record<string, number>> | undefined;
    s = bounds[C.extended]! + 1;
    e = bounds[C.extended + 1]!;
    if (e > s) {
      extended = this.extended.get(b, latin, s, e);
      if (extended === undefined) return undefined;
    }
    s = bounds[C.id]! + 1;
    e = bounds[C.id + 1]!;
    const row: TraceRow = {
      kind,
      id: e > s ? ownText(b, latin, s, e) : undefined,
      ownerKind: this.name(b, latin, C.owner_kind),
      ownerName: this.name(b, latin, C.owner_name),
      namespace: this.name(b, latin, C.namespace),
      arrivalSeconds: arrival,
      durationSeconds,
      endSeconds,
      cpuMillis,
      memoryMiB,
      gpus,
      extended,
      priority,
      labels,
      template: this.name(b, latin, C.template),
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
  private num(b: Uint8Array, i: number, integer: boolean, signed: boolean): number | undefined {
    const s = this.bounds[i]! + 1;
    const e = this.bounds[i + 1]!;
    if (e === s) return undefined;
    const v = plainDecimal(b, s, e, signed);
    return integer && !Number.isInteger(v) ? NaN : v;
  }

  /** A repeated name: the same string object for the same text. */
  private name(b: Buffer, latin: string, i: number): string | undefined {
    const s = this.bounds[i]! + 1;
    const e = this.bounds[i + 1]!;
    if (e === s) return undefined;
    return e - s > MAX_INTERNED ? ownText(b, latin, s, e) : this.names.get(b, latin, s, e);
  }
}
