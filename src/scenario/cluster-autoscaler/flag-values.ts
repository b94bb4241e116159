import type { CaExpander } from '../../model/index.js';
import { parseGoDuration } from '../karpenter/duration.js';
import { describeFound } from '../karpenter/reader.js';
import { EXPANDERS, type FlagSpec, type FlagValue } from './flags.js';

/** The outcome of reading one flag value: the value, or what was wrong; notes are warnings. */
export type FlagRead = { ok: true; value: FlagValue; notes: string[] } | { ok: false; problem: string };

const TRUE = ['1', 't', 'T', 'TRUE', 'true', 'True'];
const FALSE = ['0', 'f', 'F', 'FALSE', 'false', 'False'];

function bad(spec: FlagSpec, expected: string, raw: unknown, hint = ''): FlagRead {
  return { ok: false, problem: `--${spec.name}: expected ${expected}, found ${describeFound(raw)}${hint}` };
}

function range(spec: FlagSpec): string {
  if (spec.min !== undefined && spec.max !== undefined) return ` from ${spec.min} to ${spec.max}`;
  if (spec.min !== undefined) return ` ≥ ${spec.min}`;
  return '';
}

function inRange(spec: FlagSpec, n: number): boolean {
  return (spec.min === undefined || n >= spec.min) && (spec.max === undefined || n <= spec.max);
}

/**
 * A flag's value as Go's flag package parses it (durations as time.ParseDuration, booleans as
 * strconv.ParseBool, `--expander` as a comma-separated chain). `raw` is the text after `=` in an args
 * list, or the YAML value of the flags mapping (numbers and booleans allowed where they make sense).
 */
export function readFlagValue(spec: FlagSpec, raw: unknown): FlagRead {
  switch (spec.type) {
    case 'duration': {
      if (typeof raw === 'number') {
        return raw === 0 ? { ok: true, value: 0, notes: [] } : bad(spec, 'a duration such as "10s", "10m" or "1h30m"', raw, ` (add a unit, e.g. "${raw}s")`);
      }
      const s = typeof raw === 'string' ? parseGoDuration(raw) : undefined;
      if (s === undefined) return bad(spec, 'a duration such as "10s", "10m" or "1h30m"', raw);
      return inRange(spec, s) ? { ok: true, value: s, notes: [] } : bad(spec, `a duration${range(spec)} seconds`, raw);
    }
    case 'float': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isFinite(n) || !inRange(spec, n)) return bad(spec, `a number${range(spec)}`, raw);
      return { ok: true, value: n, notes: [] };
    }
    case 'int': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^[+-]?\d+$/.test(raw.trim()) ? Number(raw) : NaN;
      if (!Number.isInteger(n) || !inRange(spec, n)) return bad(spec, `an integer${range(spec)}`, raw);
      return { ok: true, value: n, notes: [] };
    }
    case 'bool': {
      if (typeof raw === 'boolean') return { ok: true, value: raw, notes: [] };
      if (typeof raw === 'string' && TRUE.includes(raw.trim())) return { ok: true, value: true, notes: [] };
      if (typeof raw === 'string' && FALSE.includes(raw.trim())) return { ok: true, value: false, notes: [] };
      return bad(spec, 'true or false', raw);
    }
    case 'expanders':
      return readExpanders(spec, raw);
  }
}

function readExpanders(spec: FlagSpec, raw: unknown): FlagRead {
  const names = typeof raw === 'string' ? raw.split(',').map((s) => s.trim()) : Array.isArray(raw) && raw.every((x) => typeof x === 'string') ? (raw as string[]) : undefined;
  if (!names || names.length === 0 || names.some((n) => n === '')) {
    return bad(spec, `a comma-separated chain of ${EXPANDERS.join(', ')}`, raw);
  }
  const notes: string[] = [];
  for (const n of names) {
    if (n === 'grpc') return { ok: false, problem: '--expander: "grpc" calls an external server, which fleetsim cannot simulate' };
    if (!(EXPANDERS as readonly string[]).includes(n)) {
      return { ok: false, problem: `--expander: unknown expander ${JSON.stringify(n)} (expected one of ${EXPANDERS.join(', ')})` };
    }
    if (n === 'price') notes.push('--expander: on AWS the real Cluster Autoscaler exits at start with "price" (no pricing model); fleetsim simulates it with catalog prices');
    if (n === 'least-nodes') notes.push('--expander: "least-nodes" is not in the Cluster Autoscaler\'s list of available expanders (a real CA rejects it); fleetsim simulates it as documented');
  }
  return { ok: true, value: names as CaExpander[], notes };
}
