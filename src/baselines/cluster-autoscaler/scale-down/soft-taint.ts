import type { Cluster } from '../../../cluster/cluster.js';
import { TaintKeys } from '../../../model/index.js';
import type { Taint } from '../../../model/index.js';
import { CaConstants } from '../constants.js';

function hasCandidateTaint(taints: readonly Taint[]): boolean {
  for (let i = 0; i < taints.length; i++) if (taints[i]!.key === TaintKeys.caDeletionCandidate) return true;
  return false;
}

/**
 * Soft tainting (`--max-bulk-soft-taint-count`): unneeded nodes get
 * `DeletionCandidateOfClusterAutoscaler:PreferNoSchedule`, nodes that are needed again lose it; at most
 * 10 changes per loop, taints added first in the planner's order.
 */
export function updateSoftTaints(cluster: Cluster, unneeded: ReadonlySet<string>, deleting: ReadonlySet<string>, now: number): void {
  let budget = CaConstants.maxBulkSoftTaintCount;
  for (const name of unneeded) {
    if (budget <= 0) return;
    const node = cluster.node(name);
    if (!node || hasCandidateTaint(node.taints)) continue;
    cluster.addNodeTaint(name, { key: TaintKeys.caDeletionCandidate, value: String(Math.floor(now)), effect: 'PreferNoSchedule' });
    budget--;
  }
  for (const node of cluster.nodes()) {
    if (budget <= 0) return;
    if (!hasCandidateTaint(node.taints) || unneeded.has(node.name) || deleting.has(node.name)) continue;
    cluster.removeNodeTaint(node.name, TaintKeys.caDeletionCandidate);
    budget--;
  }
}
