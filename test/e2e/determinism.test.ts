import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runDirName } from '../../src/report/index.js';
import { compareScenarioFile } from '../../src/runtime/compare.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import { runResolved } from '../../src/runtime/run-scenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import { differingFiles, policiesOf, shippedScenarios } from './determinism-scenarios.js';

/** The normal suite runs at most this much simulated time per scenario; test:long runs the full horizons. */
const NORMAL_SUITE_HORIZON = 3 * 3600;

const dirs: string[] = [];
const tmp = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'fleetsim-det-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Each policy's run of `file` (horizon capped) written as `compare` lays it out: <out>/<policy>/seed-<n>/. */
async function runAll(file: string): Promise<string> {
  const out = tmp();
  const { policies, seed } = policiesOf(file);
  const r = resolveScenario(loadScenario(file));
  const capped = { ...r, horizonSeconds: Math.min(r.horizonSeconds, NORMAL_SUITE_HORIZON) };
  for (const policy of policies) {
    const { summary } = await runResolved(capped, policy, seed, join(out, runDirName(policy, seed)));
    expect(summary.pods.created, `${file} ${policy} creates pods`).toBeGreaterThan(0);
  }
  return out;
}

/**
 * A run is a pure function of (scenario, policy, seed): summary.json, the CSVs and decisions.jsonl are
 * byte-identical across runs. Every shipped scenario (the directory is listed when the test runs), under
 * the policies `compare` runs for it, twice in this thread — the second time after every other scenario
 * has warmed the process's caches — through `runResolved`, the function each `compare` job calls. Horizons
 * are capped at 3h here (the default scenario's 6h → 3h: its burst, batch waves and GPU job, not the 4h
 * AMI rollout); `npm run test:long` runs every scenario in full through `compare`, on one thread and on two
 * worker threads (test/long/determinism-parallel.test.ts).
 */
describe('determinism of every shipped scenario', () => {
  const files = shippedScenarios();
  const first = new Map<string, string>();

  it('lists the shipped scenarios', () => {
    expect(files).toContain('scenarios/default.yaml');
  });

  it.each(files)('%s: first run', async (file) => {
    first.set(file, await runAll(file));
  }, 120_000);

  it.each(files)('%s: a second run, after the others, is byte-identical', async (file) => {
    const out = await runAll(file);
    const { policies, seed } = policiesOf(file);
    expect(first.has(file)).toBe(true);
    expect(differingFiles(first.get(file)!, out, policies, seed, { comparison: false })).toEqual([]);
  }, 120_000);
});

describe('determinism across compare parallelism', () => {
  it('the SimKube replay gives byte-identical outputs and comparison.json on one thread and on two worker threads', async () => {
    const one = tmp();
    const two = tmp();
    await compareScenarioFile('scenarios/simkube-dsb.yaml', { out: one, workers: 1 });
    await compareScenarioFile('scenarios/simkube-dsb.yaml', { out: two, workers: 2 });
    expect(differingFiles(one, two, ['karpenter', 'cluster-autoscaler'], 1)).toEqual([]);
  }, 300_000);
});
