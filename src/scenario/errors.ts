/**
 * Bad input: every problem names the file, the line and column where known, the field path, what was
 * expected and what was found. The CLI prints them all and exits 2, with no stack trace.
 */
export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  /** Field path such as `policy.karpenter.nodePools[0].spec.limits.cpu`. */
  readonly path?: string;
  readonly message: string;
}

export function formatProblem(p: InputProblem): string {
  const where = p.line !== undefined ? `${p.file}:${p.line}${p.column !== undefined ? `:${p.column}` : ''}` : p.file;
  return `${where}: ${p.path ? `${p.path}: ` : ''}${p.message}`;
}

/** Problems in order with exact repeats (same file, position, path and message) dropped. */
export function uniqueProblems(problems: readonly InputProblem[]): InputProblem[] {
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export class InputError extends Error {
  override readonly name = 'InputError';
  readonly code = 'BAD_INPUT';
  /** Every problem once: a repeat (e.g. one syntax error reported by two parser stages) is dropped. */
  readonly problems: readonly InputProblem[];
  constructor(problems: readonly InputProblem[], options?: { cause?: unknown }) {
    const unique = uniqueProblems(problems);
    super(unique.map(formatProblem).join('\n'), options);
    this.problems = unique;
  }
}

/** Longest stretch of a found value an error message echoes (a message points at input, it does not copy it). */
export const MAX_ECHO_CHARS = 40;

/** A found value as JSON, cut to MAX_ECHO_CHARS characters with "…" (and its full length) when longer. */
export function echoValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > MAX_ECHO_CHARS ? `${text.slice(0, MAX_ECHO_CHARS)}… (${text.length} characters)` : text;
}

export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    for (let j = 1; j <= n; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[n]!;
}

/** The nearest candidate within a small edit distance, for "did you mean" hints. */
export function nearest(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}
