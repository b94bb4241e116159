import { nearest, type InputProblem } from '../errors.js';
import { formatPath } from '../yaml-source.js';

/** A field path: mapping keys and list indexes. */
export type Path = readonly (string | number)[];

/** Where a path lies in the user's file (line and column, 1-based), or nothing when unknown. */
export type Locate = (path: Path) => { line?: number; column?: number };

export type Obj = Readonly<Record<string, unknown>>;

/** How a found value reads in a message: `string "10 cpu"`, `number 3`, `a mapping`, `a list`, `null`. */
export function describeFound(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  const text = JSON.stringify(value);
  return `${typeof value} ${text.length > 40 ? `${text.slice(0, 40)}…` : text}`;
}

export function isObj(value: unknown): value is Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/**
 * Walks untyped values (parsed YAML) and collects every problem with its file, line, column and field
 * path, so a user sees all mistakes at once. Each check returns `undefined` after recording a problem.
 */
export class Reader {
  readonly problems: InputProblem[] = [];

  /**
   * @param file the file named in problems
   * @param locate line/column of a path (relative to the values handed to the parser)
   * @param display the path shown in messages (e.g. prefixed by `karpenter.manifests` for inline manifests)
   */
  constructor(
    readonly file: string,
    private readonly locate: Locate,
    private readonly display: (path: Path) => Path = (p) => p,
  ) {}

  /** `file:line` of a path, for warnings. */
  where(path: Path): string {
    const { line } = this.locate(path);
    return line !== undefined ? `${this.file}:${line}` : this.file;
  }

  problem(path: Path, message: string): undefined {
    const display = this.display(path);
    this.problems.push({ file: this.file, ...this.locate(path), ...(display.length > 0 ? { path: formatPath(display) } : {}), message });
    return undefined;
  }

  expected(path: Path, what: string, found: unknown): undefined {
    return this.problem(path, `expected ${what}, found ${describeFound(found)}`);
  }

  /** A mapping whose keys are all in `known`; unknown keys are problems with a did-you-mean hint. */
  object(value: unknown, path: Path, known: readonly string[]): Obj | undefined {
    if (!isObj(value)) return this.expected(path, 'a mapping', value);
    this.unknownFields(value, path, known);
    return value;
  }

  unknownFields(value: Obj, path: Path, known: readonly string[]): void {
    for (const key of Object.keys(value)) {
      if (known.includes(key)) continue;
      const hint = nearest(key, known);
      this.problem(
        [...path, key],
        `unknown field "${key}"${hint ? ` (did you mean "${hint}"?)` : known.length ? ` (expected one of: ${known.join(', ')})` : ''}`,
      );
    }
  }

  string(value: unknown, path: Path, opts: { nonEmpty?: boolean } = {}): string | undefined {
    if (typeof value !== 'string') return this.expected(path, 'a string', value);
    if (opts.nonEmpty && value.trim() === '') return this.problem(path, 'must not be empty');
    return value;
  }

  oneOf<T extends string>(value: unknown, path: Path, allowed: readonly T[]): T | undefined {
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) return value as T;
    const hint = typeof value === 'string' ? nearest(value, allowed) : undefined;
    return this.problem(
      path,
      `expected one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}, found ${describeFound(value)}${hint ? ` (did you mean "${hint}"?)` : ''}`,
    );
  }

  /** An integer (YAML number, or a string of digits as Kubernetes int-or-string fields allow when `fromString`). */
  int(value: unknown, path: Path, opts: { min?: number; max?: number; fromString?: boolean } = {}): number | undefined {
    let n: number | undefined;
    if (typeof value === 'number') n = value;
    else if (opts.fromString && typeof value === 'string' && /^-?\d+$/.test(value.trim())) n = Number(value);
    const range = rangeText(opts.min, opts.max);
    if (n === undefined || !Number.isInteger(n)) return this.expected(path, `an integer${range}`, value);
    if ((opts.min !== undefined && n < opts.min) || (opts.max !== undefined && n > opts.max)) return this.expected(path, `an integer${range}`, value);
    return n;
  }

  number(value: unknown, path: Path, opts: { min?: number; max?: number } = {}): number | undefined {
    const range = rangeText(opts.min, opts.max);
    if (typeof value !== 'number' || !Number.isFinite(value)) return this.expected(path, `a number${range}`, value);
    if ((opts.min !== undefined && value < opts.min) || (opts.max !== undefined && value > opts.max)) return this.expected(path, `a number${range}`, value);
    return value;
  }

  bool(value: unknown, path: Path): boolean | undefined {
    if (typeof value !== 'boolean') return this.expected(path, 'true or false', value);
    return value;
  }

  list(value: unknown, path: Path): readonly unknown[] | undefined {
    if (!Array.isArray(value)) return this.expected(path, 'a list', value);
    return value;
  }

  /** A string → string mapping (labels, annotations, tags); non-string values are problems. */
  stringMap(value: unknown, path: Path): Record<string, string> | undefined {
    if (!isObj(value)) return this.expected(path, 'a mapping of strings', value);
    const out: Record<string, string> = {};
    let ok = true;
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === 'string') out[k] = v;
      else {
        ok = false;
        this.problem([...path, k], `expected a string, found ${describeFound(v)}${typeof v === 'number' || typeof v === 'boolean' ? ` (quote it: "${String(v)}")` : ''}`);
      }
    }
    return ok ? out : undefined;
  }

  /** A list of strings. */
  stringList(value: unknown, path: Path): string[] | undefined {
    const list = this.list(value, path);
    if (!list) return undefined;
    const out: string[] = [];
    let ok = true;
    list.forEach((v, i) => {
      const s = this.string(v, [...path, i]);
      if (s === undefined) ok = false;
      else out.push(s);
    });
    return ok ? out : undefined;
  }

  /** Report a field that must be present. */
  required(obj: Obj, key: string, path: Path, what: string): unknown {
    if (obj[key] === undefined || obj[key] === null) {
      this.problem([...path, key], `required field "${key}" is missing (expected ${what})`);
      return undefined;
    }
    return obj[key];
  }
}

function rangeText(min?: number, max?: number): string {
  if (min !== undefined && max !== undefined) return ` from ${min} to ${max}`;
  if (min !== undefined) return min === 0 ? ' ≥ 0' : ` ≥ ${min}`;
  if (max !== undefined) return ` ≤ ${max}`;
  return '';
}
