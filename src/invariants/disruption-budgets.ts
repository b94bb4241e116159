import type { Cluster, ClusterEvent } from '../cluster/cluster.js';
import { LabelKeys, type Decision, type DisruptionBudget, type DisruptionReason, type NodePool } from '../model/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

/** The decision-log reasons that Karpenter's disruption budgets govern, and their budget names. */
const BUDGETED: Readonly<Record<string, DisruptionReason>> = { emptiness: 'Empty', drift: 'Drifted', underutilized: 'Underutilized' };

/** A scripted NodePool configuration taking effect at `atSeconds` (the whole set of pools after it). */
export interface NodePoolChangeLike {
  readonly atSeconds: number;
  readonly nodePools: readonly NodePool[];
}

/**
 * `nodes` of a budget against `total` nodes, as Kubernetes' intstr with rounding up: "25%" of 5 → 2;
 * "3" → 3. Undefined for text that is neither (the budget is then not checked).
 */
export function budgetNodeCount(nodes: string, total: number): number | undefined {
  const m = /^\s*(\d+)(%?)\s*$/.exec(nodes);
  if (!m) return undefined;
  const n = Number(m[1]);
  return m[2] === '%' ? Math.ceil((n * total) / 100) : n;
}

/**
 * Voluntary disruptions (emptiness, drift, consolidation) stay within their NodePool's disruption budgets:
 * when the policy starts disrupting nodes of a pool for a reason, those nodes plus the pool's nodes still
 * being disrupted voluntarily (earlier commands whose nodes are still there and were not abandoned) must
 * not exceed, for every budget that is in force and applies to the reason, its `nodes` against the pool's
 * node count (nodes not being deleted, the new candidates included; a percentage rounds up).
 *
 * Written from the decision log and the cluster's nodes alone, and lenient where the engine is stricter:
 * NotReady nodes and forceful deletions (expiration, interruption) are not counted as disrupting, and
 * budgets with a `schedule` are skipped unless `isScheduledBudgetActive` says they are in force. A node is
 * counted from the decision that starts its disruption (`disruption-command`, or `disruption` for a delete)
 * until it leaves the cluster or a `disruption-abandoned` names it. Cost: O(nodes) per decision that
 * disrupts, O(1) per node deletion.
 */
export class DisruptionBudgetGuard {
  /** Node name → pool of the nodes counted as being disrupted voluntarily. */
  private readonly inFlight = new Map<string, string>();
  private readonly changes: readonly NodePoolChangeLike[];

  constructor(
    private readonly report: Reporter,
    nodePools: readonly NodePool[],
    changes: readonly NodePoolChangeLike[],
    private readonly cluster: () => Cluster | undefined,
    private readonly isScheduledBudgetActive?: (budget: DisruptionBudget, at: number) => boolean,
  ) {
    this.changes = [{ atSeconds: Number.NEGATIVE_INFINITY, nodePools }, ...[...changes].sort((a, b) => a.atSeconds - b.atSeconds)];
  }

  get enabled(): boolean {
    return this.changes.some((c) => c.nodePools.some((p) => p.disruption.budgets.length > 0));
  }

  /** Nodes being disrupted voluntarily now, for tests and reports. */
  get disrupting(): number {
    return this.inFlight.size;
  }

  onEvent(e: ClusterEvent): void {
    if (e.kind === 'node-deleted') this.inFlight.delete(e.node.name);
  }

  decision(d: Decision): void {
    const nodes = Array.isArray(d.nodes) ? (d.nodes as unknown[]).filter((n): n is string => typeof n === 'string') : [];
    if (nodes.length === 0) return;
    if (d.kind === 'disruption-abandoned') {
      for (const n of nodes) this.inFlight.delete(n);
      return;
    }
    if (d.kind !== 'disruption' && d.kind !== 'disruption-command') return;
    const reason = typeof d.reason === 'string' ? BUDGETED[d.reason] : undefined;
    if (reason === undefined) return;
    const cluster = this.cluster();
    const fresh = new Map<string, string[]>();
    for (const name of nodes) {
      if (this.inFlight.has(name)) continue; // its command already counted it
      const pool = cluster?.node(name)?.labels[LabelKeys.nodePool];
      if (pool === undefined) continue;
      const list = fresh.get(pool) ?? [];
      list.push(name);
      fresh.set(pool, list);
    }
    for (const [pool, candidates] of fresh) {
      this.check(d, reason, pool, candidates, cluster);
      for (const n of candidates) this.inFlight.set(n, pool);
    }
  }

  private check(d: Decision, reason: DisruptionReason, pool: string, candidates: readonly string[], cluster: Cluster | undefined): void {
    const ongoing: string[] = [];
    for (const [n, p] of this.inFlight) if (p === pool) ongoing.push(n);
    const counted = new Set(candidates);
    for (const node of cluster?.nodes() ?? []) {
      if (node.labels[LabelKeys.nodePool] !== pool || node.deletionAt !== undefined || this.inFlight.has(node.name)) continue;
      counted.add(node.name);
    }
    const total = counted.size;
    const budget = this.allowed(pool, reason, total, d.at);
    if (budget === undefined) return;
    const disrupting = ongoing.length + candidates.length;
    if (disrupting <= budget.allowed) return;
    this.report.violation({
      code: InvariantCodes.disruptionBudget,
      invariant: "voluntary disruptions stay within the NodePool's disruption budgets",
      at: d.at,
      objects: { nodePool: pool, nodes: candidates.join(',') },
      detail:
        `${d.kind} (${String(d.reason)}) of ${candidates.join(', ')} makes ${disrupting} nodes of NodePool ${pool} disrupted at once ` +
        `(${ongoing.length} already: ${ongoing.join(', ') || 'none'}), but budget nodes "${budget.budget.nodes}" allows ${budget.allowed} of ${total} nodes for ${reason}`,
    });
  }

  /** The tightest budget in force for the reason, with its count; undefined when none applies. */
  private allowed(poolName: string, reason: DisruptionReason, total: number, at: number): { budget: DisruptionBudget; allowed: number } | undefined {
    // At the instant of a change either configuration may be the engine's: take the more permissive.
    let best: { budget: DisruptionBudget; allowed: number } | undefined;
    let unlimited = false;
    for (const pools of this.configurationsAt(at)) {
      const pool = pools.find((p) => p.name === poolName);
      let tightest: { budget: DisruptionBudget; allowed: number } | undefined;
      for (const b of pool?.disruption.budgets ?? []) {
        if (b.reasons !== undefined && b.reasons.length > 0 && !b.reasons.includes(reason)) continue;
        if (b.schedule !== undefined && !(this.isScheduledBudgetActive?.(b, at) ?? false)) continue;
        const n = budgetNodeCount(b.nodes, total);
        if (n === undefined) continue;
        if (!tightest || n < tightest.allowed) tightest = { budget: b, allowed: n };
      }
      if (!tightest) unlimited = true;
      else if (!best || tightest.allowed > best.allowed) best = tightest;
    }
    return unlimited ? undefined : best;
  }

  private configurationsAt(at: number): (readonly NodePool[])[] {
    let i = 0;
    while (i + 1 < this.changes.length && this.changes[i + 1]!.atSeconds <= at) i++;
    const out = [this.changes[i]!.nodePools];
    if (i > 0 && this.changes[i]!.atSeconds === at) out.push(this.changes[i - 1]!.nodePools);
    return out;
  }
}
