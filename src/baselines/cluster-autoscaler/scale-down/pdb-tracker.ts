import type { Cluster } from '../../../cluster/cluster.js';
import type { Pod, PodDisruptionBudget } from '../../../model/index.js';
import { disruptionsAllowed, pdbSelects } from '../../../scheduling/index.js';

interface Budget {
  readonly pdb: PodDisruptionBudget;
  remaining: number;
}

/**
 * `RemainingPdbTracker`: disruptions each PodDisruptionBudget still allows, used up as the scale-down
 * selects nodes. Allowed as `scheduling/pdb` computes it (healthy − desiredHealthy over the matching pods),
 * and 0 whenever the cluster's Eviction API would refuse a matching pod now.
 */
export class PdbTracker {
  private readonly budgets: Budget[];
  private readonly matchCache = new Map<string, Budget[]>();

  constructor(cluster: Cluster, pods: Iterable<Pod>) {
    const pdbs = cluster.pdbs();
    const matched = pdbs.map(() => [] as Pod[]);
    if (pdbs.length > 0) {
      for (const pod of pods) {
        if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') continue;
        pdbs.forEach((pdb, i) => {
          if (pdbSelects(pdb, pod)) matched[i]!.push(pod);
        });
      }
    }
    this.budgets = pdbs.map((pdb, i) => {
      const list = matched[i]!;
      let remaining = disruptionsAllowed(pdb, list);
      const sample = list.find((p) => p.status.phase === 'Running' && p.status.deletionAt === undefined);
      if (sample && cluster.evictionBlockedBy(sample.uid) === pdb.name) remaining = 0;
      return { pdb, remaining };
    });
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
    return this.budgetsOf(pod).find((b) => b.remaining < 1)?.pdb.name;
  }

  /** Can all these pods go at once? Returns the first budget that would be exceeded. */
  cannotRemove(pods: readonly Pod[]): string | undefined {
    const need = new Map<Budget, number>();
    for (const p of pods) for (const b of this.budgetsOf(p)) need.set(b, (need.get(b) ?? 0) + 1);
    for (const [b, n] of need) if (n > b.remaining) return b.pdb.name;
    return undefined;
  }

  remove(pods: readonly Pod[]): void {
    for (const p of pods) for (const b of this.budgetsOf(p)) b.remaining--;
  }

  private budgetsOf(pod: Pod): Budget[] {
    let list = this.matchCache.get(pod.uid);
    if (!list) {
      list = this.budgets.filter((b) => pdbSelects(b.pdb, pod));
      this.matchCache.set(pod.uid, list);
    }
    return list;
  }
}
