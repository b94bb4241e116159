import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, stringify } from 'yaml';
import type { ResolvedScenario } from '../src/runtime/resolved-scenario.js';
import { resolveScenario } from '../src/runtime/resolve-scenario.js';
import { parseScenario } from '../src/scenario/load.js';

const here = dirname(fileURLToPath(import.meta.url));
export const BASE_SCENARIO = join(here, 'scenarios', 'scaling.yaml');

export const DAY_SECONDS = 86_400;
export const HORIZON_DAYS = 30;

/** Sizes by name: pods created by the workload over the 30 days. */
export const SIZES: Readonly<Record<string, number>> = { '10k': 10_000, '100k': 100_000, '1M': 1_000_000 };

/** How the pods of one size split (at 1,000,000 pods: 600k Deployment scale-ups, 300k Job pods, 100k short pods). */
export interface ScalingPlan {
  readonly pods: number;
  readonly deployments: number;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly jobsPerWave: number;
  readonly completions: number;
  readonly shortPodsPerHour: number;
  /** Expected pods created over the horizon (before evictions and re-creations): the denominator of "time per pod". */
  readonly expectedPods: number;
  /** Node group / NodePool headroom: about 2,000 nodes at the 1M size, proportional below. */
  readonly peakNodes: number;
}

const DEPLOYMENTS = 20;
const TEMPLATES = ['web', 'api', 'worker'] as const;

/**
 * The same workload at every size, scaled by f = pods / 1,000,000:
 * - 20 Deployments (web 250m, api 500m, worker 1 CPU, in turn) following a day curve between
 *   200·f and 1,200·f replicas, peaks spread from 09:00 to 18:30, replicas re-set every 5 min:
 *   each creates (max − min) pods a day, 600,000·f in 30 days;
 * - hourly batch waves of Jobs (1 CPU pods running 10–30 min): 300,000·f pods;
 * - short bare pods (250m, 1–10 min) arriving as a Poisson process: 100,000·f pods.
 */
export function scalingPlan(pods: number, horizonDays = HORIZON_DAYS): ScalingPlan {
  const f = pods / 1_000_000;
  const minReplicas = Math.max(1, Math.round(200 * f));
  const maxReplicas = Math.max(minReplicas + 1, Math.round(1200 * f));
  const waves = HORIZON_DAYS * 24;
  const jobsPerWave = f >= 0.1 ? 5 : 1;
  const completions = Math.max(1, Math.round((300_000 * f) / (waves * jobsPerWave)));
  const shortPodsPerHour = (100_000 * f) / (HORIZON_DAYS * 24);
  const hours = horizonDays * 24;
  const expectedPods = Math.round(DEPLOYMENTS * (minReplicas + horizonDays * (maxReplicas - minReplicas)) + Math.ceil(hours) * jobsPerWave * completions + shortPodsPerHour * hours);
  return { pods, deployments: DEPLOYMENTS, minReplicas, maxReplicas, jobsPerWave, completions, shortPodsPerHour, expectedPods, peakNodes: Math.max(10, Math.round(2000 * f)) };
}

function hhmm(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.round((seconds % 3600) / 60);
  return m === 0 ? `${h}h` : `${h}h${m}m`;
}

/** The scenario document (YAML text) for one size: the base file plus horizon, workload and size-dependent caps. */
export function scalingScenarioText(plan: ScalingPlan, horizonDays = HORIZON_DAYS): string {
  const doc = parse(readFileSync(BASE_SCENARIO, 'utf8')) as Record<string, unknown> & {
    clusterAutoscaler: { nodeGroups: { maxSize: number }[] };
  };
  doc.name = `scaling-${plan.pods}`;
  doc.horizon = `${Math.round(horizonDays * DAY_SECONDS)}s`;
  const workload: Record<string, unknown>[] = [];
  for (let i = 0; i < plan.deployments; i++) {
    workload.push({
      generator: 'diurnal-web',
      name: `svc-${String(i).padStart(2, '0')}`,
      template: TEMPLATES[i % TEMPLATES.length],
      minReplicas: plan.minReplicas,
      maxReplicas: plan.maxReplicas,
      peakAt: hhmm(9 * 3600 + i * 1800),
      step: '5m',
    });
  }
  workload.push({
    generator: 'batch-waves',
    name: 'etl',
    template: 'batch',
    start: '10m',
    interval: '1h',
    jobsPerWave: plan.jobsPerWave,
    completions: plan.completions,
    parallelism: Math.max(1, Math.ceil(plan.completions / 2)),
    duration: { uniform: { min: '10m', max: '30m' } },
  });
  workload.push({ generator: 'poisson', template: 'short', ratePerHour: plan.shortPodsPerHour, duration: { uniform: { min: '1m', max: '10m' } } });
  doc.workload = workload;
  // Each CA group alone can hold the peak (spot is preferred; on-demand is the fallback).
  for (const g of doc.clusterAutoscaler.nodeGroups) g.maxSize = Math.ceil(plan.peakNodes * 1.5);
  return stringify(doc);
}

/** The resolved scenario for one size (the real scenario path: parse, validate, resolve). */
export function scalingScenario(pods: number, horizonDays = HORIZON_DAYS): ResolvedScenario {
  const plan = scalingPlan(pods, horizonDays);
  return resolveScenario(parseScenario(join(here, 'scenarios', `scaling-${pods}.yaml`), scalingScenarioText(plan, horizonDays)));
}
