import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runSweepCli } from './cli.js';

const root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-input-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Bad input: exit 2, every problem printed with what to fix, no stack trace, and no output directory. */
async function badInput(args: readonly string[], ...fragments: string[]): Promise<void> {
  const out = join(root, `out-${Math.random().toString(36).slice(2)}`);
  const r = await runSweepCli(['sweep', ...args, '--out', out]);
  expect(r.code, r.stderr).toBe(2);
  for (const f of fragments) expect(r.stderr).toContain(f);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  expect(existsSync(out)).toBe(false);
}

describe('sweep: bad input is reported before anything runs', () => {
  it('names the --set value a validation error comes from', async () => {
    await badInput(['scenarios/static.yaml', '--set', 'horizon=30m,soon'], 'horizon: expected a duration', '(with --set horizon=soon)', '1 problem found');
    await badInput(['scenarios/static.yaml', '--set', 'static.nodes[0].instanceType=m5.large,m9.huge'], 'unknown instance type "m9.huge"', '(with --set static.nodes[0].instanceType=m9.huge)');
  });

  it('reports an unknown key once for all the points it appears in, with a hint', async () => {
    await badInput(
      ['scenarios/static.yaml', '--set', 'cloud.spot.interruptionMultiplir=1,10'],
      'cloud.spot.interruptionMultiplir: unknown field',
      'did you mean "interruptionMultiplier"',
      '(with --set cloud.spot.interruptionMultiplir=1; cloud.spot.interruptionMultiplir=10)',
      '1 problem found',
    );
  });

  it('rejects paths that cannot be set and malformed flags', async () => {
    await badInput(['scenarios/static.yaml', '--set', 'static.nodes[3].count=1'], 'static.nodes has 1 item, so there is no [3]');
    await badInput(['scenarios/static.yaml', '--set', 'horizon.value=1'], 'horizon is the value "2h"');
    await badInput(['scenarios/static.yaml', '--set', 'horizon'], 'expected path=value1,value2');
    await badInput(['scenarios/static.yaml', '--shard', '3/3'], '--shard: expected i/N with 0 <= i < N');
    await badInput(['scenarios/static.yaml', '--seeds', '0'], '--seeds: expected an integer >= 1');
    await badInput(['scenarios/static.yaml', '--policies', 'karpenter,magic'], '--policies: expected names from');
  });

  it('needs the policies to be configured at every point', async () => {
    await badInput(['scenarios/static.yaml', '--policies', 'cluster-autoscaler'], 'policy "cluster-autoscaler" needs a "clusterAutoscaler" section');
  });

  it('keeps the scenario file positions when nothing is set', async () => {
    await badInput(['scenarios/nowhere.yaml'], 'scenarios/nowhere.yaml: file not found');
  });

  it('merge needs --out and shard directories', async () => {
    const r = await runSweepCli(['sweep', 'merge', root]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('sweep merge needs --out');
    const m = await runSweepCli(['sweep', 'merge', root, '--out', join(root, 'merged')]);
    expect(m.code).toBe(2);
    expect(m.stderr).toContain('not a sweep output directory (no grid.json)');
    expect(existsSync(join(root, 'merged'))).toBe(false);
  });
});
