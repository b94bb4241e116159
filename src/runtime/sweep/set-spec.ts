import { parse as parseYaml } from 'yaml';
import { InputError } from '../../scenario/errors.js';

/** A key of a YAML mapping or an index into a YAML sequence. */
export type PathSegment = string | number;

/**
 * One `--set path=v1,v2,...` flag: a path into the scenario document and the values it takes in the grid.
 * Paths are dotted keys with `[n]` indexes (`karpenter.manifests[0].spec.disruption.consolidateAfter`);
 * a key holding dots or brackets is written quoted in brackets (`requests["nvidia.com/gpu"]`).
 * Values are split on commas outside quotes and brackets and each is parsed as YAML (`10` a number,
 * `5m` a string, `true` a boolean, `[spot, on-demand]` a list, `"a,b"` a string with a comma).
 */
export interface SetSpec {
  /** The flag as the user wrote it (after `--set `), quoted in error messages and in Job manifests. */
  readonly flag: string;
  readonly path: readonly PathSegment[];
  /** Canonical text of the path (`a.b[0].c`), the key of the values in sweep.json. */
  readonly pathText: string;
  readonly values: readonly unknown[];
  /** The values' source texts, trimmed (labels in ids and tables). */
  readonly valueTexts: readonly string[];
}

function bad(flag: string, message: string): InputError {
  return new InputError([{ file: '--set', message: `"${flag}": ${message}` }]);
}

const BARE_KEY = /^[A-Za-z0-9_\-/]+$/;

/** Canonical text of a path: bare keys joined by dots, indexes in brackets, other keys quoted in brackets. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else if (BARE_KEY.test(seg)) out += out === '' ? seg : `.${seg}`;
    else out += `[${JSON.stringify(seg)}]`;
  }
  return out;
}

/** Parse a dotted/indexed path; throws an InputError naming the flag. */
export function parsePath(text: string, flag: string = text): PathSegment[] {
  const path: PathSegment[] = [];
  let i = 0;
  const n = text.length;
  if (n === 0) throw bad(flag, 'empty path (expected e.g. cloud.spot.interruptionMultiplier=1,10)');
  while (i < n) {
    const c = text[i]!;
    if (c === '[') {
      const close = text.indexOf(']', i);
      if (close < 0) throw bad(flag, `unclosed "[" at position ${i + 1} of the path`);
      const inner = text.slice(i + 1, close).trim();
      if (/^\d+$/.test(inner)) path.push(Number(inner));
      else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) path.push(JSON.parse(inner) as string);
      else if (/^'[^']*'$/.test(inner)) path.push(inner.slice(1, -1));
      else throw bad(flag, `"[${inner}]" in the path: expected a list index ([0]) or a quoted key (["nvidia.com/gpu"])`);
      i = close + 1;
      if (i < n && text[i] === '.') {
        i++;
        if (i >= n) throw bad(flag, 'the path ends with "."');
      }
      continue;
    }
    let j = i;
    while (j < n && text[j] !== '.' && text[j] !== '[') j++;
    const key = text.slice(i, j);
    if (key === '') throw bad(flag, `empty key at position ${i + 1} of the path`);
    if (!BARE_KEY.test(key)) throw bad(flag, `key "${key}" in the path: use letters, digits, "_", "-", "/", or quote it as ["${key}"]`);
    path.push(key);
    i = j;
    if (i < n && text[i] === '.') {
      i++;
      if (i >= n) throw bad(flag, 'the path ends with "."');
    }
  }
  return path;
}

/** Split a value list on commas that are outside quotes and brackets. */
export function splitValues(text: string, flag: string = text): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
    else if (c === ',' && depth === 0) {
      out.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (quote) throw bad(flag, `unclosed ${quote} in the values`);
  out.push(text.slice(start));
  return out.map((s) => s.trim());
}

function parseValue(text: string, flag: string): unknown {
  if (text === '') throw bad(flag, 'empty value (write "null" or "\'\'" to set null or an empty string)');
  try {
    return parseYaml(text, { prettyErrors: false });
  } catch (e) {
    throw bad(flag, `value "${text}" is not valid YAML: ${(e as Error).message.split('\n')[0]}`);
  }
}

/** Parse one `--set` flag value (`path=v1,v2,...`). */
export function parseSetSpec(flag: string): SetSpec {
  const eq = flag.indexOf('=');
  if (eq < 0) throw bad(flag, 'expected path=value1,value2,... (e.g. cloud.spot.interruptionMultiplier=1,10,40)');
  const path = parsePath(flag.slice(0, eq).trim(), flag);
  const valueTexts = splitValues(flag.slice(eq + 1), flag);
  const values = valueTexts.map((t) => parseValue(t, flag));
  const seen = new Set<string>();
  for (const [i, v] of values.entries()) {
    const key = JSON.stringify(v);
    if (seen.has(key)) throw bad(flag, `value "${valueTexts[i]}" is listed twice`);
    seen.add(key);
  }
  return { flag, path, pathText: formatPath(path), values, valueTexts };
}

/** Parse all `--set` flags; the same path twice (or one path inside another) is bad input. */
export function parseSetSpecs(flags: readonly string[]): SetSpec[] {
  const specs = flags.map(parseSetSpec);
  for (let i = 0; i < specs.length; i++) {
    for (let j = 0; j < i; j++) {
      const a = specs[j]!.path;
      const b = specs[i]!.path;
      const k = Math.min(a.length, b.length);
      if (a.slice(0, k).every((s, x) => s === b[x])) {
        throw bad(specs[i]!.flag, a.length === b.length ? `path "${specs[i]!.pathText}" is set twice` : `overlaps --set ${specs[j]!.flag}`);
      }
    }
  }
  return specs;
}
