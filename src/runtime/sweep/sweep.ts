import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fmt } from '../../report/html-parts.js';
import { withStagedDir, type Summary } from '../../report/index.js';
import { scenarioStem } from '../run-scenario.js';
import { gridFileJson, inShard, WHOLE, type ShardSpec, type SweepGrid } from './grid.js';
import { planSweep, type SweepPlanOptions } from './plan.js';
import { runInline, runOnWorkers } from './pool.js';
import { writeSweepReport } from './report.js';
import type { SweepResult } from './result.js';
import { runSweepJob, type SweepJob } from './run-job.js';
import { parseSetSpecs, type SetSpec } from './set-spec.js';

export interface SweepOptions extends SweepPlanOptions {
  /** Output directory; default `reports/<scenario>-sweep`. */
  readonly out?: string;
  /** Worker threads; default: the machine's cores. 1 runs everything in this thread. */
  readonly workers?: number;
  /** Run only the runs whose index ≡ shard.index (mod shard.count); the combined report is left to `sweep merge`. */
  readonly shard?: ShardSpec;
  /** (runs finished, runs in all) */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface SweepOutcome {
  readonly outDir: string;
  readonly grid: SweepGrid;
  readonly shard: ShardSpec;
  /** Indexes of the runs this invocation ran. */
  readonly completed: readonly number[];
  /** The combined result; absent for a shard of several (see `mergeSweepShards`). */
  readonly result?: SweepResult;
}

function describeJob(job: SweepJob): string {
  return `run ${job.outDir} (policy ${job.policy}, seed ${job.seed})`;
}

/**
 * `fleetsim sweep`: every point of the --set grid × policies × seeds, each run a pure function of
 * (scenario text, policy, seed) written to `<out>/runs/<point>/<policy>/seed-<n>/`, in parallel on
 * worker threads; then sweep.json and index.html. With a shard, only that shard's runs and grid.json.
 * Everything is written in a staging directory renamed into place at the end.
 */
export async function sweepScenarioFile(file: string, sets: readonly (string | SetSpec)[], opts: SweepOptions = {}): Promise<SweepOutcome> {
  const specs = parseSetSpecs(sets.map((s) => (typeof s === 'string' ? s : s.flag)));
  const plan = planSweep(file, specs, opts);
  const { grid } = plan;
  const shard = opts.shard ?? WHOLE;
  const outDir = opts.out ?? join('reports', `${scenarioStem(file)}-sweep`);
  const selected = grid.runs.filter((r) => inShard(r.index, shard));
  const pointIndex = new Map(grid.points.map((p, i) => [p.id, i]));
  return withStagedDir(outDir, async (stage) => {
    const touched = new Set(selected.map((r) => r.point));
    for (const id of touched) {
      await mkdir(join(stage, 'runs', id), { recursive: true });
      await writeFile(join(stage, 'runs', id, 'scenario.yaml'), plan.pointTexts[pointIndex.get(id)!]!);
    }
    const jobs: SweepJob[] = selected.map((r) => ({
      file,
      text: plan.pointTexts[pointIndex.get(r.point)!]!,
      policy: r.policy,
      seed: r.seed,
      outDir: join(stage, r.dir),
    }));
    let done = 0;
    opts.onProgress?.(0, jobs.length);
    const finished = (): void => opts.onProgress?.(++done, jobs.length);
    const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), jobs.length));
    const summaries =
      workers === 1
        ? await runInline(jobs, runSweepJob, finished, describeJob)
        : await runOnWorkers<SweepJob, Summary>(new URL('./sweep-worker.mjs', import.meta.url), jobs, workers, finished, describeJob);
    const completed = selected.map((r) => r.index);
    await writeFile(join(stage, 'grid.json'), gridFileJson({ grid, shard, completed }));
    if (shard.count > 1) return { outDir, grid, shard, completed };
    const byIndex = new Map(selected.map((r, i) => [r.index, summaries[i]!]));
    const result = await writeSweepReport(stage, grid, (i) => byIndex.get(i)!);
    return { outDir, grid, shard, completed, result };
  });
}

/** A plain-text table for the terminal: each point and policy with cost, pending p95 and efficiency (means). */
export function sweepHeadline(result: SweepResult): string {
  const rows: string[][] = [['point', 'policy', 'cost USD', 'pending p95 s', 'efficiency']];
  for (const point of result.points) {
    for (const p of point.policies) {
      rows.push([point.id, p.policy, fmt(p.figures.costUsd?.mean, 2), fmt(p.figures.pendingP95?.mean, 1), fmt(p.figures.efficiency?.mean, 3)]);
    }
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd()).join('\n');
}

