import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compareScenarioFile } from '../../src/runtime/compare.js';
import { differingFiles, policiesOf, shippedScenarios } from '../e2e/determinism-scenarios.js';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * `npm run test:long`: every shipped scenario, full horizon, through `fleetsim compare` on one thread and
 * on two worker threads: summary.json, the CSVs, decisions.jsonl and comparison.json are byte-identical.
 */
describe('determinism of every shipped scenario across compare parallelism (full horizons)', () => {
  it.each(shippedScenarios())('%s: workers 1 and workers 2 give byte-identical outputs', async (file) => {
    const [one, two] = [0, 1].map(() => mkdtempSync(join(tmpdir(), 'fleetsim-det-long-')));
    dirs.push(one!, two!);
    const { policies, seed } = policiesOf(file);
    await compareScenarioFile(file, { out: one!, workers: 1, policies });
    await compareScenarioFile(file, { out: two!, workers: 2, policies });
    expect(differingFiles(one!, two!, policies, seed)).toEqual([]);
  }, 900_000);
});
