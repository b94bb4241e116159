import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compareScenarioFile } from '../../src/runtime/compare.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-det-'));
const FILES = ['summary.json', 'pods.csv', 'nodes.csv', 'timeseries.csv', 'decisions.jsonl'];

describe('determinism across compare parallelism', () => {
  it('the SimKube replay gives byte-identical outputs on one thread and on two worker threads', async () => {
    const one = tmp();
    const two = tmp();
    await compareScenarioFile('scenarios/simkube-dsb.yaml', { out: one, workers: 1 });
    await compareScenarioFile('scenarios/simkube-dsb.yaml', { out: two, workers: 2 });
    for (const policy of ['karpenter', 'cluster-autoscaler']) {
      for (const f of FILES) {
        const a = readFileSync(join(one, policy, 'seed-1', f), 'utf8');
        expect(readFileSync(join(two, policy, 'seed-1', f), 'utf8'), `${policy}/${f}`).toBe(a);
      }
    }
    expect(readFileSync(join(two, 'comparison.json'), 'utf8')).toBe(readFileSync(join(one, 'comparison.json'), 'utf8'));
  }, 300_000);
});
