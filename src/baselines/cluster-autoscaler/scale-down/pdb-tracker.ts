import type { Cluster } from '../../../cluster/cluster.js';
import type { Pod, PodDisruptionBudget } from '../../../model/index.js';
import { scaledIntOrPercent } from '../../../scheduling/index.js';
import type { IndexedBudget, PdbIndex } from './pdb-index.js';

/**
 * Disruptions a budget allows with `expected` selected non-terminal pods of which `healthy` are Running
 * and not terminating: the `scheduling/pdb` arithmetic (`pdbStatus` without an explicit expected count)
 * applied to counts the index keeps instead of a pod list.
 */
export function allowedFromCounts(pdb: PodDisruptionBudget, expected: number, healthy: number): number {
  let desired: number;
  if (pdb.maxUnavailable !== undefined) desired = Math.max(0, expected - scaledIntOrPercent(pdb.maxUnavailable, expected));
  else if (pdb.minAvailable !== undefined) desired = scaledIntOrPercent(pdb.minAvailable, expected);
  else desired = 0;
  return Math.max(0, healthy - desired);
}

/**
 * `RemainingPdbTracker`: disruptions each PodDisruptionBudget still allows, used up as the scale-down
 * selects nodes. Allowed as `scheduling/pdb` computes it (healthy − desiredHealthy over the matching pods),
 * and 0 whenever the cluster's Eviction API would refuse a matching pod now. One tracker per loop, over
 * the PdbIndex's budgets; remaining counts are computed on first use, only for budgets the scale-down
 * looks at.
 */
export class PdbTracker {
  private readonly budgets: readonly IndexedBudget[];
  private readonly remaining: (number | undefined)[];
  /** The pods of the last `cannotRemove` and what they need of each budget (reused by `remove` of the same list). */
  private lastPods: readonly Pod[] | undefined;
  private lastNeed: Map<IndexedBudget, number> | undefined;

  constructor(
    private readonly cluster: Cluster,
    private readonly index: PdbIndex,
  ) {
    this.budgets = index.sync();
    this.remaining = new Array<number | undefined>(this.budgets.length).fill(undefined);
  }

  /** The budgets that cover this pod. */
  matching(pod: Pod): readonly PodDisruptionBudget[] {
    return this.budgetsOf(pod).map((b) => b.pdb);
  }

  hasMatching(pod: Pod): boolean {
    return this.budgetsOf(pod).length > 0;
  }

  /** The first budget with no disruption left for this pod. */
  blocking(pod: Pod): string | undefined {
    const list = this.budgetsOf(pod);
    for (let i = 0; i < list.length; i++) if (this.remainingOf(list[i]!) < 1) return list[i]!.pdb.name;
    return undefined;
  }

  /** Can all these pods go at once? Returns the first budget that would be exceeded. */
  cannotRemove(pods: readonly Pod[]): string | undefined {
    if (this.budgets.length === 0) return undefined;
    const need = new Map<IndexedBudget, number>();
    for (const p of pods) for (const b of this.budgetsOf(p)) need.set(b, (need.get(b) ?? 0) + 1);
    this.lastPods = pods;
    this.lastNeed = need;
    for (const [b, n] of need) if (n > this.remainingOf(b)) return b.pdb.name;
    return undefined;
  }

  /** Use up one disruption per pod in each budget selecting it. */
  remove(pods: readonly Pod[]): void {
    if (this.budgets.length === 0) return;
    const need = pods === this.lastPods ? this.lastNeed : undefined;
    this.lastPods = undefined;
    this.lastNeed = undefined;
    if (need) {
      for (const [b, n] of need) this.remaining[b.index] = this.remainingOf(b) - n;
      return;
    }
    for (const p of pods) for (const b of this.budgetsOf(p)) this.remaining[b.index] = this.remainingOf(b) - 1;
  }

  private budgetsOf(pod: Pod): readonly IndexedBudget[] {
    if (this.budgets.length === 0) return this.budgets;
    return this.index.budgetsOf(pod) ?? this.index.match(pod);
  }

  private remainingOf(b: IndexedBudget): number {
    const known = this.remaining[b.index];
    if (known !== undefined) return known;
    let remaining = allowedFromCounts(b.pdb, b.expected, b.healthy);
    if (remaining > 0) {
      const sample = this.index.firstHealthy(b);
      if (sample && this.cluster.evictionBlockedBy(sample.uid) === b.pdb.name) remaining = 0;
    }
    this.remaining[b.index] = remaining;
    return remaining;
  }
}
