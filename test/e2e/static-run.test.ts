import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-capture.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'fleetsim-static-'));

describe('fleetsim run on the shipped static scenario', () => {
  it('writes summary.json; the same seed gives a byte-identical summary, another seed a different one', async () => {
    const [a, b, c] = [tmp(), tmp(), tmp()];
    expect((await runCli(['run', 'scenarios/static.yaml', '--out', a])).code).toBe(0);
    expect((await runCli(['run', 'scenarios/static.yaml', '--out', b])).code).toBe(0);
    expect((await runCli(['run', 'scenarios/static.yaml', '--seed', '7', '--out', c])).code).toBe(0);
    const sa = readFileSync(join(a, 'summary.json'), 'utf8');
    expect(readFileSync(join(b, 'summary.json'), 'utf8')).toBe(sa);
    expect(readFileSync(join(c, 'summary.json'), 'utf8')).not.toBe(sa);
    for (const f of ['pods.csv', 'nodes.csv', 'timeseries.csv', 'decisions.jsonl']) {
      expect(readFileSync(join(b, f), 'utf8')).toBe(readFileSync(join(a, f), 'utf8'));
    }
  });

  it('bills the four fixed m5.xlarge nodes for the whole horizon at the catalog price', async () => {
    const out = tmp();
    await runCli(['run', 'scenarios/static.yaml', '--out', out]);
    const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    // m5.xlarge on-demand in us-east-1: $0.192/h; 4 nodes × 2 h.
    expect(s.cost.totalUsd).toBeCloseTo(4 * 0.192 * 2, 6);
    expect(s.cost.onDemandUsd).toBeCloseTo(s.cost.totalUsd, 9);
    expect(s.nodes).toEqual({ launched: 4, terminated: 0, peak: 4, meanActive: 4 });
    expect(s.pods.created).toBe(s.pods.scheduled + s.pods.neverScheduled);
    // ~3 pods a minute for 2 h: a Poisson count within ±5 standard deviations of 360.
    expect(s.pods.created).toBeGreaterThan(360 - 5 * 19);
    expect(s.pods.created).toBeLessThan(360 + 5 * 19);
  });
});
