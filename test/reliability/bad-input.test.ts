import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { corpusCases, runCli, STACK_LINE } from './run-cli.js';

/** Output longer than this echoes input back instead of pointing at it. */
const MAX_OUTPUT_CHARS = 64 * 1024;

const cases = corpusCases();
const scratch = mkdtempSync(join(tmpdir(), 'fleetsim-bad-input-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the bad-input corpus', () => {
  it('has at least 50 cases, each with its expected message fragments', () => {
    expect(cases.length).toBeGreaterThanOrEqual(50);
    expect(cases.filter((c) => c.expected.length === 0).map((c) => c.name)).toEqual([]);
  });
});

describe('fleetsim validate rejects every malformed input with exit 2 and a precise message', () => {
  for (const c of cases) {
    it(c.name, async () => {
      const { code, stdout, stderr, thrown } = await runCli(['validate', c.file]);
      expect(thrown, 'main() must not throw').toBeUndefined();
      const output = stdout + stderr;
      expect(output, 'no stack trace').not.toMatch(STACK_LINE);
      expect(code, `exit code (output: ${output.slice(0, 500)})`).toBe(2);
      for (const fragment of c.expected) expect(stderr).toContain(fragment);
      expect(output.length, 'output size').toBeLessThan(MAX_OUTPUT_CHARS);
    });
  }
});

describe('fleetsim run on a scenario with a broken trace exits 2 and leaves no complete-looking report', () => {
  for (const c of cases.filter((x) => x.trace)) {
    it(c.name, async () => {
      const out = join(scratch, c.name.replace(/[/.]/g, '-'));
      const { code, stdout, stderr, thrown } = await runCli(['run', c.file, '--out', out]);
      expect(thrown, 'main() must not throw').toBeUndefined();
      expect(stdout + stderr, 'no stack trace').not.toMatch(STACK_LINE);
      expect(code, `exit code (output: ${(stdout + stderr).slice(0, 500)})`).toBe(2);
      for (const fragment of c.expected) expect(stderr).toContain(fragment);
      expect(existsSync(join(out, 'summary.json')), 'summary.json').toBe(false);
    });
  }
});
