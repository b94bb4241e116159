import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { runCli, STACK_LINE } from './run-cli.js';

/**
 * Random mutations of valid scenarios — keys deleted, duplicated, renamed, values replaced by values of
 * other types, random bytes spliced into the text, the text truncated — must never make `fleetsim
 * validate` throw or print a stack trace: it answers 0 (still valid) or 2 (bad input). Bounded in time.
 */
const BASES = ['scenarios/default.yaml', 'scenarios/static.yaml'];
/** A fixed number of mutated files per base (no time limit: a loaded machine must not change the outcome). */
const RUNS = 40;

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((v, i) => (out.push([...prefix, i]), pathsOf(v, [...prefix, i], out)));
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      pathsOf(v, [...prefix, k], out);
    }
  }
  return out;
}

function parentOf(root: unknown, path: Path): Record<string | number, unknown> | unknown[] {
  let cur = root as Record<string | number, unknown>;
  for (const p of path.slice(0, -1)) cur = cur[p] as Record<string | number, unknown>;
  return cur;
}

const anyValue = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom('10000000', '-1', '5Qi', '1e400', '', '0', '1.5', 'NaN', '∞', '50%', '-100m', '99999999999999999999Gi'),
  fc.array(fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.oneof(fc.string({ maxLength: 6 }), fc.integer()), { maxKeys: 3 }),
);

type Mutation =
  | { readonly kind: 'delete'; readonly at: number }
  | { readonly kind: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly kind: 'duplicate'; readonly at: number; readonly suffix: string }
  | { readonly kind: 'bytes'; readonly at: number; readonly bytes: Uint8Array }
  | { readonly kind: 'truncate'; readonly at: number }
  | { readonly kind: 'duplicate-line'; readonly at: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), value: anyValue }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), suffix: fc.constantFrom('', 's', 'x', '_') }),
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

/** Apply the structural mutations to the document, then the textual ones to its YAML. */
function mutate(text: string, mutations: readonly Mutation[]): Buffer {
  const doc: unknown = parse(text);
  for (const m of mutations) {
    if (m.kind !== 'delete' && m.kind !== 'retype' && m.kind !== 'duplicate') continue;
    const paths = pathsOf(doc);
    if (paths.length === 0) continue;
    const path = paths[m.at % paths.length]!;
    const parent = parentOf(doc, path);
    const key = path[path.length - 1]!;
    if (Array.isArray(parent)) {
      const i = key as number;
      if (m.kind === 'delete') parent.splice(i, 1);
      else if (m.kind === 'retype') parent[i] = m.value;
      else parent.splice(i, 0, structuredClone(parent[i]));
    } else if (m.kind === 'delete') delete parent[key];
    else if (m.kind === 'retype') parent[key] = m.value;
    else parent[`${String(key)}${m.suffix || '2'}`] = structuredClone(parent[key]);
  }
  let out = Buffer.from(stringify(doc));
  for (const m of mutations) {
    if (m.kind === 'bytes') {
      const at = m.at % (out.length + 1);
      out = Buffer.concat([out.subarray(0, at), Buffer.from(m.bytes), out.subarray(at)]);
    } else if (m.kind === 'truncate') out = out.subarray(0, m.at % (out.length + 1));
    else if (m.kind === 'duplicate-line') {
      const lines = out.toString('latin1').split('\n');
      const i = m.at % lines.length;
      lines.splice(i, 0, lines[i]!);
      out = Buffer.from(lines.join('\n'), 'latin1');
    }
  }
  return out;
}

const scratch = mkdtempSync(join(tmpdir(), 'fleetsim-fuzz-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('fleetsim validate on randomly mutated scenarios', () => {
  for (const base of BASES) {
    it(`${base}: answers 0 or 2, never throws, never prints a stack trace`, async () => {
      const text = readFileSync(base, 'utf8');
      const valid = await runCli(['validate', base]);
      expect(valid.code, valid.stderr).toBe(0); // the base itself is valid
      const file = join(scratch, base.replace(/\//g, '-'));
      const codes = new Set<number | undefined>();
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (mutations) => {
          writeFileSync(file, mutate(text, mutations));
          const r = await runCli(['validate', file]);
          runs++;
          codes.add(r.code);
          if (r.thrown !== undefined) throw new Error(`validate threw: ${String(r.thrown)}`);
          if (STACK_LINE.test(r.stdout + r.stderr)) throw new Error(`stack trace printed:\n${r.stderr.slice(0, 2000)}`);
          if (r.code !== 0 && r.code !== 2) throw new Error(`exit code ${r.code}:\n${r.stderr.slice(0, 2000)}`);
        }),
        { numRuns: RUNS, seed: 20261123 },
      );
      expect(runs).toBe(RUNS);
      expect(codes.has(2)).toBe(true); // mutations do break scenarios
    }, 120_000);
  }
});
