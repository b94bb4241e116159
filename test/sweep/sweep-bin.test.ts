import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepResult } from '../../src/runtime/sweep/index.js';

const root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-bin-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fleetsim(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/fleetsim.mjs', ...args], { env: { ...process.env, CI: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** The shards as separate processes of the real `fleetsim` command, as the pods of the Job run them. */
describe('fleetsim sweep through bin/fleetsim.mjs', () => {
  it('runs shards as child processes in parallel and merges them; costs are nodes × $0.192/h × 10 min', async () => {
    const sets = ['--set', 'horizon=10m', '--set', 'static.nodes[0].count=1,3'];
    const shards = [0, 1].map((i) => join(root, `shard-${i}`));
    const runs = await Promise.all(shards.map((out, i) => fleetsim('sweep', 'scenarios/static.yaml', ...sets, '--shard', `${i}/2`, '--out', out)));
    for (const r of runs) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^shard \d\/2: 1 of 2 runs in /);
    }
    const merged = join(root, 'merged');
    const m = await fleetsim('sweep', 'merge', ...shards, '--out', merged);
    expect(m.stderr).toBe('');
    expect(m.code).toBe(0);
    expect(m.stdout).toContain(`report: ${merged}/index.html`);
    const result = JSON.parse(readFileSync(join(merged, 'sweep.json'), 'utf8')) as SweepResult;
    const costs = result.points.map((p) => [p.values['static.nodes[0].count'], p.policies[0]!.runs[0]!.figures.costUsd]);
    expect(costs).toEqual([
      [1, 0.032],
      [3, 0.096],
    ]);
  });

  it('exits 2 on bad input and leaves no output', async () => {
    const out = join(root, 'bad');
    const r = await fleetsim('sweep', 'scenarios/static.yaml', '--set', 'static.nodes[0].count=two', '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('(with --set static.nodes[0].count=two)');
    expect(existsSync(out)).toBe(false);
  });
});
