import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Summary } from '../../src/report/index.js';
import { mergeSweepShards, sweepScenarioFile, type SweepOutcome, type SweepResult } from '../../src/runtime/sweep/index.js';
import { isInputError } from '../../src/scenario/errors.js';
import { runSweepCli } from './cli.js';
import { podCommand, type JobManifest } from './job-pod.js';

/**
 * scenarios/static.yaml (four fixed m5.xlarge, policy static) over 30 minutes, swept over the node count
 * (2, 4) with two seeds: 4 runs. Checked against hand-computed cost (the catalog's on-demand price
 * of m5.xlarge in us-east-1, $0.192/h, × nodes × 0.5 h), the t-interval formula, the run directories,
 * and execution as the pods of the emitted Kubernetes Indexed Job + `sweep merge`, which must give
 * byte-identical sweep.json.
 */
const SETS = ['horizon=30m', 'static.nodes[0].count=2,4'];
const M5_XLARGE_PER_HOUR = 0.192;
const T_975_1DF = 12.706; // Student's t, 97.5 % quantile, 1 degree of freedom (two seeds)

let root: string;
let whole: SweepOutcome;
let result: SweepResult;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'fleetsim-sweep-'));
  whole = await sweepScenarioFile('scenarios/static.yaml', SETS, { seeds: 2, workers: 2, out: join(root, 'whole') });
  result = JSON.parse(readFileSync(join(root, 'whole', 'sweep.json'), 'utf8')) as SweepResult;
}, 180_000);

afterAll(() => rmSync(root, { recursive: true, force: true }));

function summaryAt(dir: string): Summary {
  return JSON.parse(readFileSync(join(root, 'whole', dir, 'summary.json'), 'utf8')) as Summary;
}

describe('sweep of scenarios/static.yaml over static.nodes[0].count', () => {
  it('runs every point × policy × seed, with the scenario seed and seed + 1', () => {
    expect(result.parameters).toEqual([
      { path: 'horizon', values: ['30m'] },
      { path: 'static.nodes[0].count', values: [2, 4] },
    ]);
    expect(result.policies).toEqual(['static']); // the scenario's policy (static.yaml has no compare list)
    expect(result.points.map((p) => p.id)).toEqual(['p000-horizon=30m,nodes.0.count=2', 'p001-horizon=30m,nodes.0.count=4']);
    expect(result.points.map((p) => p.values)).toEqual([
      { horizon: '30m', 'static.nodes[0].count': 2 },
      { horizon: '30m', 'static.nodes[0].count': 4 },
    ]);
    for (const point of result.points) {
      expect(point.horizonSeconds).toBe(1800);
      expect(point.policies[0]!.runs.map((r) => r.seed)).toEqual([1, 2]);
    }
  });

  it('writes each run report under runs/<point>/<policy>/seed-<n>/, and the point scenario next to them', () => {
    for (const point of result.points) {
      for (const run of point.policies[0]!.runs) {
        expect(run.dir).toBe(`runs/${point.id}/static/seed-${run.seed}`);
        const summary = summaryAt(run.dir);
        expect(summary.policy).toBe('static');
        expect(summary.seed).toBe(run.seed);
        expect(summary.horizonSeconds).toBe(1800);
        // sweep.json's per-run figures are the run's own summary.json values
        expect(run.figures.costUsd).toBe(summary.cost.totalUsd);
        expect(run.figures.pendingP95).toBe(summary.pendingSeconds.p95);
        expect(existsSync(join(root, 'whole', run.dir, 'index.html'))).toBe(true);
      }
      const doc = parse(readFileSync(join(root, 'whole', 'runs', point.id, 'scenario.yaml'), 'utf8')) as { static: { nodes: { count: number }[] } };
      expect(doc.static.nodes[0]!.count).toBe(point.values['static.nodes[0].count']);
    }
  });

  it('costs what the nodes cost: count × $0.192/h × 0.5 h, whatever the seed', () => {
    for (const point of result.points) {
      const count = point.values['static.nodes[0].count'] as number;
      const expected = count * M5_XLARGE_PER_HOUR * 0.5;
      const p = point.policies[0]!;
      for (const run of p.runs) expect(run.figures.costUsd).toBeCloseTo(expected, 6);
      expect(p.figures.costUsd!.mean).toBeCloseTo(expected, 6);
      expect(p.figures.costUsd!.low).toBeCloseTo(expected, 6); // no spread across seeds
      expect(p.figures.costUsd!.high).toBeCloseTo(expected, 6);
    }
    // four nodes for 30 minutes serve the same Poisson stream with shorter waits than two
    const [two, four] = result.points.map((p) => p.policies[0]!.figures.pendingP95!.mean!);
    expect(four!).toBeLessThan(two!);
  });

  it('gives the mean and 95 % t-interval of each figure across the seeds', () => {
    for (const point of result.points) {
      const p = point.policies[0]!;
      for (const key of ['pendingP95', 'pendingP50', 'cpuUtilization']) {
        const xs = p.runs.map((r) => r.figures[key]!);
        const mean = (xs[0]! + xs[1]!) / 2;
        const sd = Math.abs(xs[0]! - xs[1]!) / Math.SQRT2;
        const half = (T_975_1DF * sd) / Math.SQRT2;
        const s = p.figures[key]!;
        expect(s.n).toBe(2);
        expect(s.mean).toBeCloseTo(mean, 5);
        expect(s.low).toBeCloseTo(mean - half, 4);
        expect(s.high).toBeCloseTo(mean + half, 4);
      }
    }
  });

  it('writes a self-contained index.html with a table and charts of cost, pending p95 and efficiency', () => {
    const html = readFileSync(join(root, 'whole', 'index.html'), 'utf8');
    expect(html).not.toMatch(/<script|<link|src="http|href="http/);
    expect(html).toContain('<svg');
    expect(html).toContain('static.nodes[0].count');
    expect(html).toContain('href="runs/p001-horizon%3D30m%2Cnodes.0.count%3D4/static/seed-2/index.html"');
    // one chart per figure for the swept path with two values; none for horizon (a single value)
    expect(readdirSync(join(root, 'whole', 'charts')).sort()).toEqual([
      'costUsd-by-1.svg',
      'costUsd-by-1.vl.json',
      'efficiency-by-1.svg',
      'efficiency-by-1.vl.json',
      'pendingP95-by-1.svg',
      'pendingP95-by-1.vl.json',
    ]);
    const spec = JSON.parse(readFileSync(join(root, 'whole', 'charts', 'costUsd-by-1.vl.json'), 'utf8')) as { data: { values: { x: number; mean: number }[] } };
    expect(spec.data.values.map((v) => [v.x, v.mean])).toEqual([
      [2, 0.192],
      [4, 0.384],
    ]);
    expect(whole.result).toEqual(result);
  });

  it('gives byte-identical sweep.json and grid.json when run as the 3 pods of the emitted Indexed Job and merged', async () => {
    // Emit the Job, then run each pod's command here (the CLI in-process) as the Job controller would
    // start it: JOB_COMPLETION_INDEX = the pod's index, $(VAR) expanded from the container's env.
    const results = join(root, 'results');
    const manifest = join(root, 'job.yaml');
    const emitted = await runSweepCli(['sweep', 'scenarios/static.yaml', ...SETS.flatMap((s) => ['--set', s]), '--seeds', '2', '--emit-k8s-job', manifest, '--shards', '3', '--results-path', results]);
    expect(emitted.code).toBe(0);
    const job = parse(readFileSync(manifest, 'utf8')) as JobManifest;
    const container = job.spec.template.spec.containers[0]!;
    const shards: string[] = [];
    for (let index = 0; index < job.spec.completions; index++) {
      const argv = podCommand(container, index);
      expect(argv[0]).toBe('fleetsim');
      const pod = await runSweepCli(argv.slice(1));
      expect(pod.stderr).toBe('');
      expect(pod.code).toBe(0);
      shards.push(join(results, `shard-${index}`));
    }
    for (const [i, out] of shards.entries()) {
      const grid = JSON.parse(readFileSync(join(out, 'grid.json'), 'utf8')) as { completed: number[]; shard: unknown };
      expect(grid.shard).toEqual({ index: i, count: 3 });
      expect(grid.completed).toEqual([0, 1, 2, 3].filter((r) => r % 3 === i));
      expect(existsSync(join(out, 'sweep.json'))).toBe(false);
    }
    // shard 0 holds runs 0 and 3: point 0 seed 1 and point 1 seed 2
    expect(existsSync(join(shards[0]!, 'runs/p000-horizon=30m,nodes.0.count=2/static/seed-1/summary.json'))).toBe(true);
    expect(existsSync(join(shards[0]!, 'runs/p000-horizon=30m,nodes.0.count=2/static/seed-2'))).toBe(false);
    expect(existsSync(join(shards[0]!, 'runs/p001-horizon=30m,nodes.0.count=4/static/seed-2/summary.json'))).toBe(true);

    const merged = join(root, 'merged');
    const merge = await runSweepCli(['sweep', 'merge', ...shards, '--out', merged]);
    expect(merge.code).toBe(0);
    expect(readFileSync(join(merged, 'sweep.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'sweep.json'), 'utf8'));
    expect(readFileSync(join(merged, 'grid.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', 'grid.json'), 'utf8'));
    for (const run of whole.grid.runs) {
      expect(readFileSync(join(merged, run.dir, 'summary.json'), 'utf8')).toBe(readFileSync(join(root, 'whole', run.dir, 'summary.json'), 'utf8'));
    }
    expect(existsSync(join(merged, 'index.html'))).toBe(true);

    // incomplete or foreign shards are bad input, and leave no output behind
    const bad = join(root, 'bad-merge');
    await expect(mergeSweepShards(shards.slice(0, 2), bad)).rejects.toSatisfy(
      (e: unknown) => isInputError(e) && /1 of 4 runs missing \(shard 2\/3 not given\)/.test(e.message),
    );
    await expect(mergeSweepShards([shards[0]!, shards[0]!, shards[1]!, shards[2]!], bad)).rejects.toSatisfy(
      (e: unknown) => isInputError(e) && e.message.includes('is also in'),
    );
    const foreign = join(root, 'foreign');
    cpSync(shards[1]!, foreign, { recursive: true });
    const gridFile = JSON.parse(readFileSync(join(foreign, 'grid.json'), 'utf8')) as { grid: { scenarioSha256: string } };
    gridFile.grid.scenarioSha256 = '0'.repeat(64); // as if the shard had run an edited scenario
    writeFileSync(join(foreign, 'grid.json'), JSON.stringify(gridFile));
    await expect(mergeSweepShards([shards[0]!, foreign, shards[2]!], bad)).rejects.toSatisfy(
      (e: unknown) => isInputError(e) && e.message.includes(`${foreign}: belongs to a different sweep`),
    );
    await expect(mergeSweepShards([join(root, 'whole'), join(root, 'nowhere')], bad)).rejects.toSatisfy(
      (e: unknown) => isInputError(e) && e.message.includes('no grid.json'),
    );
    expect(existsSync(bad)).toBe(false);
  }, 180_000);
});
