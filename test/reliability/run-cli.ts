import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { main } from '../../src/cli/main.js';

/** Run the CLI in-process with stdout and stderr captured; a throw out of `main` is returned, not raised. */
export async function runCli(argv: readonly string[]): Promise<{ code: number | undefined; stdout: string; stderr: string; thrown?: unknown }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  }) as typeof process.stderr.write;
  try {
    const code = await main(argv);
    return { code, stdout, stderr };
  } catch (thrown) {
    return { code: undefined, stdout, stderr, thrown };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
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
