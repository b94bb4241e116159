import type { Timestamp } from './types.js';

/**
 * Times: the model counts seconds in a time base (simulated seconds since the run started, or Unix
 * seconds live); Kubernetes writes RFC 3339. `epochSeconds` is the Unix time of the model's zero
 * (0 live, the wall-clock start of a served simulation).
 */
export interface TimeBase {
  readonly epochSeconds: number;
}

export const UNIX_TIME: TimeBase = { epochSeconds: 0 };

/** metav1.Time: whole seconds, e.g. 2024-05-01T12:00:00Z (fractions are dropped, as the API does). */
export function toTimestamp(at: number, base: TimeBase): string {
  return new Date(Math.floor(at + base.epochSeconds) * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
}

/** metav1.MicroTime: 2024-05-01T12:00:00.123456Z (microseconds; fleetsim keeps milliseconds exact). */
export function toMicroTime(at: number, base: TimeBase): string {
  const unix = at + base.epochSeconds;
  const wholeSeconds = Math.floor(unix);
  const micros = Math.min(999_999, Math.round((unix - wholeSeconds) * 1e6));
  const head = new Date(wholeSeconds * 1000).toISOString().replace(/\.\d+Z$/, '');
  return `${head}.${String(micros).padStart(6, '0')}Z`;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})$/;

/** Model seconds of an RFC 3339 timestamp (or Date); undefined when absent. Throws on malformed text. */
export function fromTimestamp(value: Timestamp | undefined | null, base: TimeBase): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  let unix: number;
  if (value instanceof Date) unix = value.getTime() / 1000;
  else {
    const m = RFC3339.exec(value);
    if (!m) throw new Error(`invalid timestamp "${value}" (expected RFC 3339, e.g. 2024-05-01T12:00:00Z)`);
    const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000;
    if (!Number.isFinite(seconds)) throw new Error(`invalid timestamp "${value}"`);
    unix = seconds + (m[2] ? Number(`0.${m[2]}`) : 0);
  }
  return unix - base.epochSeconds;
}
