import type { Cluster } from '../../../cluster/cluster.js';
import { TaintKeys } from '../../../model/index.js';
import { CaConstants } from '../constants.js';

/**
 * Soft tainting (`--max-bulk-soft-taint-count`): unneeded nodes get
 * `DeletionCandidateOfClusterAutoscaler:PreferNoSchedule`, nodes that are needed again lose it; at most
 * 10 changes per loop, taints added first in the planner's order.
 */
export function updateSoftTaints(cluster: Cluster, unneeded: ReadonlySet<string>, deleting: ReadonlySet<string>, now: number): void {
  let budget = CaConstants.maxBulkSoftTaintCount;
  const has = (name: string): boolean => cluster.node(name)?.taints.some((t) => t.key === TaintKeys.caDeletionCandidate) ?? false;
  for (const name of unneeded) {
    if (budget <= 0) return;
    if (!cluster.node(name) || has(name)) continue;
    cluster.addNodeTaint(name, { key: TaintKeys.caDeletionCandidate, value: String(Math.floor(now)), effect: 'PreferNoSchedule' });
    budget--;
  }
  for (const node of cluster.nodes()) {
    if (budget <= 0) return;
    if (unneeded.has(node.name) || deleting.has(node.name)) continue;
    if (!node.taints.some((t) => t.key === TaintKeys.caDeletionCandidate)) continue;
    cluster.removeNodeTaint(node.name, TaintKeys.caDeletionCandidate);
    budget--;
  }
}
