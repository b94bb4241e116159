import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runDirName, withStagedDir, writeComparisonReport, type ComparisonRun, type RunChartData, type Summary } from '../report/index.js';
import { loadScenario } from '../scenario/load.js';
import type { PolicyName } from '../scenario/schema.js';
import { headlineTable } from './headline.js';
import { resolveScenario } from './resolve-scenario.js';
import { checkPolicyConfigured, runResolved, scenarioStem } from './run-scenario.js';

export interface CompareOptions {
  readonly policies?: readonly PolicyName[];
  readonly seeds?: number;
  readonly out?: string;
  /** Worker threads; default: the machine's cores. 1 runs everything in this thread. */
  readonly workers?: number;
  /** (runs finished, runs in all) */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface CompareResult {
  readonly outDir: string;
  readonly runs: readonly ComparisonRun[];
  readonly headline: string;
}

/** One run of a comparison, as a message between threads. */
export interface RunJob {
  readonly file: string;
  readonly policy: PolicyName;
  readonly seed: number;
  readonly outDir: string;
}

export interface RunJobResult {
  readonly summary: Summary;
  readonly chartData: RunChartData;
}

/**
 * `fleetsim compare`: the same scenario under several policies and seeds (scenario seed, seed+1, ...),
 * each run in its own directory `<out>/<policy>/seed-<n>`, in parallel on worker threads; then
 * comparison.json and the side-by-side index.html. Runs are independent pure functions of
 * (scenario, policy, seed), so the parallelism never changes a result.
 */
export async function compareScenarioFile(file: string, opts: CompareOptions = {}): Promise<CompareResult> {
  const r = resolveScenario(loadScenario(file));
  const policies = opts.policies ?? r.comparePolicies;
  for (const p of policies) checkPolicyConfigured(r, p);
  const seeds = Array.from({ length: opts.seeds ?? 1 }, (_, i) => r.seed + i);
  const outDir = opts.out ?? join('reports', scenarioStem(file));
  // Everything is written into a staging directory that replaces `outDir` only when all runs succeeded:
  // a failure never leaves a half-written comparison that looks complete.
  const runs = await withStagedDir(outDir, async (stage) => {
    const jobs: RunJob[] = policies.flatMap((policy) => seeds.map((seed) => ({ file, policy, seed, outDir: join(stage, runDirName(policy, seed)) })));
    const workers = Math.max(1, Math.min(opts.workers ?? availableParallelism(), jobs.length));
    let done = 0;
    opts.onProgress?.(0, jobs.length);
    const finished = (): void => opts.onProgress?.(++done, jobs.length);
    const results = workers === 1 ? await runInline(jobs, finished) : await runPool(jobs, workers, finished);
    const all: ComparisonRun[] = jobs.map((job, i) => ({
      policy: job.policy,
      seed: job.seed,
      summary: results[i]!.summary,
      chartData: results[i]!.chartData,
      dir: runDirName(job.policy, job.seed),
    }));
    await writeComparisonReport(stage, all);
    return all;
  });
  const headline = headlineTable(runs.map((run) => ({ label: `${run.policy} seed ${run.seed}`, summary: run.summary })));
  return { outDir, runs, headline };
}

async function runInline(jobs: readonly RunJob[], finished: () => void): Promise<RunJobResult[]> {
  const out: RunJobResult[] = [];
  for (const job of jobs) {
    const res = await runJob(job);
    out.push(res);
    finished();
  }
  return out;
}

/** Run one job in this thread (used by workers and by the inline path). */
export async function runJob(job: RunJob): Promise<RunJobResult> {
  const r = resolveScenario(loadScenario(job.file));
  const { summary, chartData } = await runResolved(r, job.policy, job.seed, job.outDir);
  return { summary, chartData };
}

function runPool(jobs: readonly RunJob[], size: number, finished: () => void): Promise<RunJobResult[]> {
  return new Promise((resolve, reject) => {
    const results: RunJobResult[] = new Array(jobs.length);
    let next = 0;
    let active = 0;
    let failed = false;
    const pool: Worker[] = [];
    const stopAll = (): void => {
      for (const w of pool) void w.terminate();
    };
    const feed = (w: Worker): void => {
      if (failed) return;
      if (next >= jobs.length) {
        void w.terminate();
        if (active === 0) resolve(results);
        return;
      }
      const index = next++;
      active++;
      w.postMessage({ index, job: jobs[index] });
    };
    for (let i = 0; i < size; i++) {
      const w = new Worker(new URL('./compare-worker.mjs', import.meta.url));
      pool.push(w);
      w.on('message', (msg: { index: number; result?: RunJobResult; error?: { message: string; problems?: unknown } }) => {
        active--;
        if (msg.error) {
          failed = true;
          stopAll();
          reject(workerError(msg.error));
          return;
        }
        results[msg.index] = msg.result!;
        finished();
        if (next >= jobs.length && active === 0) {
          stopAll();
          resolve(results);
        } else feed(w);
      });
      w.on('error', (e) => {
        if (!failed) {
          failed = true;
          stopAll();
          reject(e);
        }
      });
      feed(w);
    }
  });
}

function workerError(e: { message: string; problems?: unknown }): Error {
  return new Error(e.message);
}
