import type { z } from 'zod';
import { nearest, type InputProblem } from './errors.js';
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
}

function defOf(schema: unknown): Def | undefined {
  const s = schema as { _zod?: { def?: Def }; def?: Def } | undefined;
  return s?._zod?.def ?? s?.def;
}

/** The object keys a schema accepts at `path` (through optional/default/array/record/union/pipe), for hints. */
export function keysAt(schema: unknown, path: Path): string[] {
  let cur: unknown = schema;
  for (let i = 0; i <= path.length; i++) {
    const d = unwrap(cur);
    if (i === path.length) return d?.shape ? Object.keys(d.shape) : unionKeys(d);
    const step = path[i]!;
    if (!d) return [];
    if (d.type === 'object' && d.shape) cur = d.shape[String(step)];
    else if (d.type === 'array') cur = d.element;
    else if (d.type === 'record') cur = d.valueType;
    else if (d.type === 'union' && d.options) {
      cur = d.options.find((o) => {
        const od = unwrap(o);
        return od?.shape && String(step) in od.shape;
      });
    } else return [];
  }
  return [];
}

function unionKeys(d: Def | undefined): string[] {
  if (d?.type !== 'union' || !d.options) return [];
  return d.options.flatMap((o) => Object.keys(unwrap(o)?.shape ?? {}));
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
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

function valueAt(root: unknown, path: Path): unknown {
  let cur = root;
  for (const p of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[p];
  }
  return cur;
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
  for (const issue of issues) {
    const path = [...basePath, ...(issue.path as (string | number)[])];
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, issue.path as Path);
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
