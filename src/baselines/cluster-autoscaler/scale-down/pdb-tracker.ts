import type { Cluster } from '../../../cluster/cluster.js';
import type { Pod, PodDisruptionBudget } from '../../../model/index.js';
import { disruptionsAllowed, pdbSelects } from '../../../scheduling/index.js';

interface Budget {
  readonly pdb: PodDisruptionBudget;
  /** Disruptions left; computed on first use. */
  remaining: number | undefined;
}

/**
 * `RemainingPdbTracker`: disruptions each PodDisruptionBudget still allows, used up as the scale-down
 * selects nodes. Allowed as `scheduling/pdb` computes it (healthy − desiredHealthy over the matching pods),
 * and 0 whenever the cluster's Eviction API would refuse a matching pod now. Budgets are computed lazily,
 * only for PDBs that cover a pod the scale-down looks at.
 */
export class PdbTracker {
  private readonly budgets: Budget[];
  private readonly matchCache = new Map<string, Budget[]>();
  private byNamespace: Map<string, Pod[]> | undefined;

  constructor(
    private readonly cluster: Cluster,
    private readonly pods: Iterable<Pod>,
  ) {
    this.budgets = cluster.pdbs().map((pdb) => ({ pdb, remaining: undefined }));
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
    return this.budgetsOf(pod).find((b) => this.remainingOf(b) < 1)?.pdb.name;
  }

  /** Can all these pods go at once? Returns the first budget that would be exceeded. */
  cannotRemove(pods: readonly Pod[]): string | undefined {
    const need = new Map<Budget, number>();
    for (const p of pods) for (const b of this.budgetsOf(p)) need.set(b, (need.get(b) ?? 0) + 1);
    for (const [b, n] of need) if (n > this.remainingOf(b)) return b.pdb.name;
    return undefined;
  }

  remove(pods: readonly Pod[]): void {
    for (const p of pods) for (const b of this.budgetsOf(p)) b.remaining = this.remainingOf(b) - 1;
  }

  private budgetsOf(pod: Pod): Budget[] {
    if (this.budgets.length === 0) return this.budgets;
    let list = this.matchCache.get(pod.uid);
    if (!list) {
      list = this.budgets.filter((b) => pdbSelects(b.pdb, pod));
      this.matchCache.set(pod.uid, list);
    }
    return list;
  }

  private remainingOf(b: Budget): number {
    if (b.remaining !== undefined) return b.remaining;
    if (!this.byNamespace) {
      this.byNamespace = new Map();
      for (const p of this.pods) {
        const list = this.byNamespace.get(p.namespace);
        if (list) list.push(p);
        else this.byNamespace.set(p.namespace, [p]);
      }
    }
    const selected = (this.byNamespace.get(b.pdb.namespace) ?? []).filter((p) => pdbSelects(b.pdb, p));
    let remaining = disruptionsAllowed(b.pdb, selected);
    const sample = selected.find((p) => p.status.phase === 'Running' && p.status.deletionAt === undefined);
    if (sample && this.cluster.evictionBlockedBy(sample.uid) === b.pdb.name) remaining = 0;
    b.remaining = remaining;
    return remaining;
  }
}
