import type { DisruptionBudget, DisruptionReason, NodePool } from '../../model/index.js';
import type { StateNode } from '../state/state-node.js';
import { cronSchedule } from './cron.js';

/** Disruptions still allowed now, per NodePool name, for one reason. */
export type BudgetMapping = Map<string, number>;

/** Is the budget in force at this wall time (epoch seconds)? A budget without a schedule always is. */
export function isBudgetActive(budget: DisruptionBudget, nowEpochSeconds: number): boolean {
  if (budget.schedule === undefined || budget.durationSeconds === undefined) return true;
  return cronSchedule(budget.schedule).isActive(nowEpochSeconds, budget.durationSeconds);
}

/** `nodes` of a budget against N nodes: "10%" → ceil(10% × N); "3" → 3. */
export function budgetNodes(nodes: string, total: number): number {
  const text = nodes.trim();
  const pct = /^(\d+(?:\.\d+)?)%$/.exec(text);
  if (pct) return Math.ceil((Number(pct[1]) * total) / 100);
  if (/^\d+$/.test(text)) return Number(text);
  throw new Error(`invalid disruption budget nodes "${nodes}" (expected an integer or a percentage such as "10%")`);
}

/**
 * Karpenter's allowed disruptions of a pool for a reason: the minimum over the active budgets that apply
 * to the reason (no `reasons` = all) of their node count against `total`; unlimited without any.
 */
export function allowedDisruptions(pool: NodePool, reason: DisruptionReason, total: number, nowEpochSeconds: number): number {
  let allowed = Number.POSITIVE_INFINITY;
  for (const b of pool.disruption.budgets) {
    if (b.reasons !== undefined && b.reasons.length > 0 && !b.reasons.includes(reason)) continue;
    if (!isBudgetActive(b, nowEpochSeconds)) continue;
    allowed = Math.min(allowed, budgetNodes(b.nodes, total));
  }
  return allowed;
}

export interface PoolCounts {
  /** Initialized, managed nodes that are not being deleted. */
  readonly total: number;
  /** Nodes counting against the budget now: NotReady ones plus those being deleted or queued for disruption. */
  readonly disrupting: number;
}

/** Per-pool node counts for budgets (only initialized nodes with a NodeClaim count). */
export function countPoolNodes(stateNodes: readonly StateNode[], inFlight: ReadonlySet<string>): Map<string, PoolCounts> {
  const counts = new Map<string, { total: number; disrupting: number }>();
  for (const n of stateNodes) {
    if (!n.nodeClaim || !n.initialized || n.nodePoolName === undefined) continue;
    let c = counts.get(n.nodePoolName);
    if (!c) counts.set(n.nodePoolName, (c = { total: 0, disrupting: 0 }));
    if (n.markedForDeletion || inFlight.has(n.name)) {
      c.disrupting++;
      continue;
    }
    c.total++;
    if (n.node && !n.node.ready) c.disrupting++;
  }
  return counts;
}

/** BuildDisruptionBudgetMapping: per pool, max(allowed − disrupting, 0). */
export function buildBudgetMapping(
  pools: readonly NodePool[],
  counts: ReadonlyMap<string, PoolCounts>,
  reason: DisruptionReason,
  nowEpochSeconds: number,
): BudgetMapping {
  const out: BudgetMapping = new Map();
  for (const pool of pools) {
    const c = counts.get(pool.name) ?? { total: 0, disrupting: 0 };
    out.set(pool.name, Math.max(0, allowedDisruptions(pool, reason, c.total, nowEpochSeconds) - c.disrupting));
  }
  return out;
}
