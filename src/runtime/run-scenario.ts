import { basename, extname, join } from 'node:path';
import { writeRunReport, type RunChartData, type Summary } from '../report/index.js';
import { InputError } from '../scenario/errors.js';
import { loadScenario } from '../scenario/load.js';
import type { PolicyName } from '../scenario/schema.js';
import { headlineTable } from './headline.js';
import { resolveScenario } from './resolve-scenario.js';
import type { ResolvedScenario } from './resolved-scenario.js';
import { simulate } from './simulate.js';
import { versions } from './versions.js';

export interface RunScenarioOptions {
  readonly policy?: PolicyName;
  readonly seed?: number;
  readonly out?: string;
  readonly onProgress?: (done: number, total: number) => void;
}

export interface RunScenarioResult {
  readonly outDir: string;
  readonly summary: Summary;
  readonly chartData: RunChartData;
  readonly headline: string;
}

export function scenarioStem(file: string): string {
  return basename(file, extname(file));
}

/** Bad input, not a crash: the scenario has no section for the policy asked for. */
export function checkPolicyConfigured(r: ResolvedScenario, policy: PolicyName): void {
  const missing =
    policy === 'karpenter' && !r.karpenter
      ? 'karpenter.manifests'
      : policy === 'cluster-autoscaler' && !r.clusterAutoscaler
        ? 'clusterAutoscaler'
        : policy === 'static' && r.staticNodes.length === 0 && (r.initialState?.nodes.length ?? 0) === 0
          ? 'static.nodes'
          : undefined;
  if (missing) throw new InputError([{ file: r.file, path: missing, message: `policy "${policy}" needs a "${missing}" section in the scenario` }]);
}

/** Simulate one (scenario, policy, seed) and write its report directory. */
export async function runResolved(r: ResolvedScenario, policy: PolicyName, seed: number, outDir: string, onProgress?: (d: number, t: number) => void): Promise<RunScenarioResult> {
  checkPolicyConfigured(r, policy);
  const result = simulate(r, { policy, seed, ...(onProgress ? { onProgress } : {}) });
  const { summary, chartData } = await writeRunReport(outDir, result.data, {
    wallSeconds: result.stats.wallSeconds,
    eventsProcessed: result.stats.eventsProcessed,
    eventsPerSecond: result.stats.eventsPerSecond,
    peakRssBytes: Math.round(result.stats.peakRssMiB * 1024 * 1024),
    versions: versions(),
    workload: result.workload,
    warnings: r.warnings,
  }, { workload: { ...result.workload.totals } });
  return { outDir, summary, chartData, headline: headlineTable([{ label: `${policy} seed ${seed}`, summary }]) };
}

/** `fleetsim run`: load, resolve, simulate, write the report. */
export async function runScenarioFile(file: string, opts: RunScenarioOptions = {}): Promise<RunScenarioResult> {
  const r = resolveScenario(loadScenario(file));
  const policy = opts.policy ?? r.defaultPolicy;
  const seed = opts.seed ?? r.seed;
  const outDir = opts.out ?? join('reports', `${scenarioStem(file)}-${policy}-${seed}`);
  return runResolved(r, policy, seed, outDir, opts.onProgress);
}
