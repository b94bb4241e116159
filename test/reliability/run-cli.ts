import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';
import { captureOutput } from '../e2e/cli-capture.js';

/** Run the CLI in-process with stdout and stderr captured; a throw out of `main` is returned, not raised. */
export async function runCli(argv: readonly string[]): Promise<{ code: number | undefined; stdout: string; stderr: string; thrown?: unknown }> {
  const r = await captureOutput(() => main(argv));
  return r.thrown !== undefined ? { code: undefined, stdout: r.stdout, stderr: r.stderr, thrown: r.thrown } : { code: r.result, stdout: r.stdout, stderr: r.stderr };
}

/** A stack trace line as Node prints them ("    at fn (file:line:col)"). */
export const STACK_LINE = /^\s+at /m;

export const CORPUS = 'test/fixtures/bad-input';

export interface CorpusCase {
  /** Path relative to the corpus root, e.g. `scenarios/seed-float.yaml`. */
  readonly name: string;
  /** Path as given to the CLI (relative to the repository root). */
  readonly file: string;
  /** Fragments that must all appear in the output. */
  readonly expected: readonly string[];
  /** A scenario whose trace is broken: `run` must fail too. */
  readonly trace: boolean;
}

function* yamlFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) {
      if (entry !== 'data') yield* yamlFiles(path);
    } else if (entry.endsWith('.yaml')) yield path;
  }
}

/** Every case of the corpus with its `.expect` fragments (a case without one is reported by the test). */
export function corpusCases(root = CORPUS): CorpusCase[] {
  return [...yamlFiles(root)].map((file) => {
    const name = relative(root, file);
    let expected: string[] = [];
    try {
      expected = readFileSync(file.replace(/\.yaml$/, '.expect'), 'utf8')
        .split('\n')
        .filter((l) => l.trim() !== '' && !l.startsWith('#'));
    } catch {
      expected = [];
    }
    return { name, file, expected, trace: name.startsWith('traces/') };
  });
}
