import { join, resolve } from 'node:path';
import { loadCatalog } from '../../src/catalog/index.js';
import type { RunData } from '../../src/metrics/index.js';
import type { InstanceType } from '../../src/model/index.js';
import { buildSummary, type Summary } from '../../src/report/summary.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import type { ResolvedScenario } from '../../src/runtime/resolved-scenario.js';
import { simulate } from '../../src/runtime/simulate.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { PolicyName } from '../../src/scenario/schema.js';

/**
 * Fault campaigns: a scenario of test/faults/scenarios/ run through the real simulated runtime (`simulate`,
 * which checks every invariant as it goes and throws on a violation), and helpers that measure the damage
 * from the recorded data independently of the report's own figures.
 */
export const FAULT_SCENARIOS = resolve(import.meta.dirname, 'scenarios');
export const CAMPAIGN_POLICIES: readonly PolicyName[] = ['karpenter', 'cluster-autoscaler'];

export interface CampaignRun {
  readonly scenario: ResolvedScenario;
  readonly data: RunData;
  readonly summary: Summary;
  readonly catalog: readonly InstanceType[];
}

/** Run `<name>.yaml` under `policy` with the scenario's seed. Completing at all means no invariant broke. */
export function runCampaign(name: string, policy: PolicyName): CampaignRun {
  const scenario = resolveScenario(loadScenario(join(FAULT_SCENARIOS, `${name}.yaml`)));
  const { data } = simulate(scenario, { policy, seed: scenario.seed });
  return { scenario, data, summary: buildSummary(data), catalog: loadCatalog(scenario.catalogOptions) };
}

export interface PodRow {
  readonly uid: string;
  readonly owner: string;
  readonly cpuMillis: number;
  readonly created: number;
  readonly bound: number;
  readonly running: number;
  readonly finished: number;
  readonly node: string;
}

export function podRows(data: RunData): PodRow[] {
  const p = data.pods;
  const rows: PodRow[] = [];
  for (let i = 0; i < p.count; i++) {
    rows.push({ uid: p.uid[i]!, owner: p.owner[i]!, cpuMillis: p.cpuMillis[i]!, created: p.created[i]!, bound: p.bound[i]!, running: p.running[i]!, finished: p.finished[i]!, node: p.node[i]! });
  }
  return rows;
}

/** Pods that exist at `t` (created, not yet finished or deleted) and have not been Running by then. */
export function notRunningAt(data: RunData, t: number): PodRow[] {
  return podRows(data).filter((r) => r.created <= t && !(r.finished <= t) && !(r.running <= t));
}

/** creation → first binding for every pod; a pod never bound counts until the horizon (as OUTPUTS.md defines it). */
export function pendingSeconds(data: RunData): number[] {
  const end = data.meta.endAt;
  return podRows(data)
    .map((r) => (Number.isNaN(r.bound) ? (Number.isNaN(r.finished) ? end : r.finished) : r.bound) - r.created)
    .sort((a, b) => a - b);
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}

/** Instances alive at `t` matching `pred`. */
export function instancesAliveAt(data: RunData, t: number, pred: (i: RunData['instances'][number]) => boolean = () => true): RunData['instances'] {
  return data.instances.filter((i) => i.launchedAt <= t && !(i.terminatedAt !== undefined && i.terminatedAt <= t) && pred(i));
}

/** Σ CPU cores × hours that pods spent Running (from first Running to finish or the horizon). */
export function runningCpuHours(data: RunData): number {
  const end = data.meta.endAt;
  let sum = 0;
  for (const r of podRows(data)) {
    if (Number.isNaN(r.running)) continue;
    sum += ((r.cpuMillis / 1000) * ((Number.isNaN(r.finished) ? end : Math.min(end, r.finished)) - r.running)) / 3600;
  }
  return sum;
}

/** Cheapest and dearest price per vCPU-hour among the catalog's offerings (optionally one capacity type). */
export function pricePerVcpuHour(catalog: readonly InstanceType[], capacityType?: 'spot' | 'on-demand'): { min: number; max: number } {
  let min = Infinity;
  let max = 0;
  for (const it of catalog) {
    for (const o of it.offerings) {
      if (capacityType && o.capacityType !== capacityType) continue;
      const p = o.pricePerHour / it.vcpu;
      min = Math.min(min, p);
      max = Math.max(max, p);
    }
  }
  return { min, max };
}

/**
 * Catalog-computed cost bounds from the pods' requests: a pod Running occupies at least its CPU on a node
 * that costs at least the cheapest price per vCPU (lower bound); the fleet should cost no more than
 * `factor` × the dearest on-demand price per vCPU for the CPU the pods asked for while alive (upper bound;
 * the factor covers bin-packing waste, DaemonSets, booting nodes and nodes kept for a drain).
 */
export function costBounds(run: CampaignRun, factor: number): { lowerUsd: number; upperUsd: number } {
  const { min } = pricePerVcpuHour(run.catalog);
  const { max } = pricePerVcpuHour(run.catalog, 'on-demand');
  const running = runningCpuHours(run.data);
  return { lowerUsd: running * min, upperUsd: factor * running * max };
}

/** Total cost from the per-instance rows (the cloud's bill), unrounded. */
export function billedUsd(data: RunData): number {
  return data.instances.reduce((s, i) => s + i.costUsd, 0);
}

/** The smallest number of `nodeCpuMillis` nodes holding `pods` pods of `podCpuMillis` (CPU-bound packing). */
export function nodesNeeded(pods: number, podCpuMillis: number, nodeAllocatableCpuMillis: number, daemonCpuMillis: number): number {
  const perNode = Math.floor((nodeAllocatableCpuMillis - daemonCpuMillis) / podCpuMillis);
  return Math.ceil(pods / perNode);
}
