import type { InstanceRow } from '../metrics/run-data.js';

/** An instance's cost and its split in whole micro-dollars (what nodes.csv prints and summary.json sums). */
export interface MicroCosts {
  readonly cost: number;
  readonly workload: number;
  readonly daemonset: number;
  readonly idle: number;
}

/**
 * Round each instance's cost to 1e-6 USD first and derive totals by summing the rounded values, so that
 * the `cost` column of nodes.csv adds up exactly to `cost.totalUsd` (and likewise for the split).
 */
export function microCosts(row: InstanceRow): MicroCosts {
  const cost = Math.round(row.costUsd * 1e6);
  const workload = Math.min(cost, Math.round(row.workloadUsd * 1e6));
  const daemonset = Math.min(cost - workload, Math.round(row.daemonsetUsd * 1e6));
  return { cost, workload, daemonset, idle: cost - workload - daemonset };
}

export interface CostTotals {
  readonly totalUsd: number;
  readonly onDemandUsd: number;
  readonly spotUsd: number;
  readonly workloadUsd: number;
  readonly idleUsd: number;
  readonly daemonsetUsd: number;
}

export function costTotals(rows: readonly InstanceRow[]): CostTotals {
  let total = 0;
  let spot = 0;
  let workload = 0;
  let idle = 0;
  let daemonset = 0;
  for (const r of rows) {
    const m = microCosts(r);
    total += m.cost;
    if (r.capacityType === 'spot') spot += m.cost;
    workload += m.workload;
    idle += m.idle;
    daemonset += m.daemonset;
  }
  const usd = (micro: number): number => micro / 1e6;
  return {
    totalUsd: usd(total),
    onDemandUsd: usd(total - spot),
    spotUsd: usd(spot),
    workloadUsd: usd(workload),
    idleUsd: usd(idle),
    daemonsetUsd: usd(daemonset),
  };
}
