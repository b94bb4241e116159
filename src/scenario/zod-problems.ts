import type { z } from 'zod';
import { echoValue, nearest, type InputProblem } from './errors.js';
import type { YamlSource } from './yaml-source.js';

type Path = readonly (string | number)[];

interface Def {
  type: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  element?: unknown;
  valueType?: unknown;
  options?: unknown[];
  in?: unknown;
  left?: unknown;
  right?: unknown;
  values?: unknown[];
}

function defOf(schema: unknown): Def | undefined {
  const s = schema as { _zod?: { def?: Def }; def?: Def } | undefined;
  return s?._zod?.def ?? s?.def;
}

/**
 * The object keys a schema accepts at `path` (through optional/default/array/record/union/pipe), for
 * hints. With the input value (`root`), a union follows the options whose literal fields (a
 * discriminator such as `generator: poisson`) match the value, so hints come from the right option.
 */
export function keysAt(schema: unknown, path: Path, root?: unknown): string[] {
  let cur: unknown = schema;
  let value = root;
  for (let i = 0; i <= path.length; i++) {
    const d = unwrap(cur);
    if (i === path.length) return d?.shape ? Object.keys(d.shape) : unionKeys(d, value);
    const step = path[i]!;
    if (!d) return [];
    if (d.type === 'object' && d.shape) cur = d.shape[String(step)];
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'union' && d.options) {
      cur = matchingOptions(d, value).find((o) => {
        const od = unwrap(o);
        return od?.shape && String(step) in od.shape;
      });
    } else return [];
    value = value !== null && typeof value === 'object' ? (value as Record<string | number, unknown>)[step] : undefined;
  }
  return [];
}

/**
 * A union's options that fit `value`: those whose literal fields (a discriminator) all match it, or
 * failing that those with no literal field it contradicts, or failing that all of them.
 */
function matchingOptions(d: Def, value: unknown): unknown[] {
  const options = d.options ?? [];
  if (value === null || typeof value !== 'object') return options;
  const v = value as Record<string, unknown>;
  const literals = (o: unknown): [string, unknown[]][] =>
    Object.entries(unwrap(o)?.shape ?? {}).flatMap(([k, f]): [string, unknown[]][] => {
      const fd = unwrap(f);
      return fd?.type === 'literal' ? [[k, fd.values ?? []]] : [];
    });
  const fits = options.filter((o) => literals(o).every(([k, values]) => values.includes(v[k])));
  const chosen = fits.filter((o) => literals(o).length > 0);
  return chosen.length > 0 ? chosen : fits.length > 0 ? fits : options;
}

function unionKeys(d: Def | undefined, value: unknown): string[] {
  if (d?.type !== 'union' || !d.options) return [];
  return [...new Set(matchingOptions(d, value).flatMap((o) => Object.keys(unwrap(o)?.shape ?? {})))];
}

function unwrap(schema: unknown): Def | undefined {
  let d = defOf(schema);
  for (let guard = 0; d && guard < 20; guard++) {
    if (d.type === 'optional' || d.type === 'default' || d.type === 'nullable' || d.type === 'prefault' || d.type === 'readonly') d = defOf(d.innerType);
    else if (d.type === 'pipe') d = defOf(d.in);
    else if (d.type === 'lazy') return d;
    else break;
  }
  return d;
}

function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `${typeof value} ${echoValue(value)}`;
}

function valueAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
}

/** Paths (as JSON) of objects with an unknown field that is near a known one (a likely misspelling). */
function misspeltObjects(issues: readonly z.core.$ZodIssue[], schema: unknown, root: unknown): Set<string> {
  const out = new Set<string>();
  for (const issue of issues) {
    if (issue.code !== 'unrecognized_keys') continue;
    const known = keysAt(schema, issue.path as Path, root);
    if (issue.keys.some((k) => nearest(k, known) !== undefined)) out.add(JSON.stringify(issue.path));
  }
  return out;
}

/** Turn zod issues into problems with file, line, column, field path, expectation and what was found. */
export function zodProblems(
  issues: readonly z.core.$ZodIssue[],
  schema: unknown,
  source: YamlSource,
  root: unknown,
  basePath: Path = [],
): InputProblem[] {
  const out: InputProblem[] = [];
  const misspelt = misspeltObjects(issues, schema, root);
  for (const issue of issues) {
    const path = [...basePath, ...(issue.path as (string | number)[])];
    // A check of a whole object that has a misspelt field is a knock-on of the misspelling (the field it
    // misses is the one misspelt): the "did you mean" hint says it all.
    if (issue.code === 'custom' && misspelt.has(JSON.stringify(issue.path))) continue;
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path as Path, root);
      for (const key of issue.keys) {
        const hint = nearest(key, known);
        out.push(
          source.problem(
            [...path, key],
            `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : known.length ? ` (expected one of: ${known.join(', ')})` : ''}`,
            0,
            'key',
          ),
        );
      }
      continue;
    }
    const found = describeFound(valueAt(root, issue.path as Path));
    let message = issue.message.replace(/^Invalid input: /, '');
    if (issue.code === 'invalid_type') message = `expected ${issue.expected}, found ${found}`;
    else if (issue.code === 'invalid_value') message = `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, found ${found}`;
    else if (!/found/.test(message)) message = `${message} (found ${found})`;
    out.push(source.problem(path, message));
  }
  return out;
}
