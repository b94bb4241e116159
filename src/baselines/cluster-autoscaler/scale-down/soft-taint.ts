import type { Cluster, ClusterEvent } from '../../../cluster/cluster.js';
import { TaintKeys } from '../../../model/index.js';
import type { Node, Taint } from '../../../model/index.js';
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
export function updateSoftTaints(
  cluster: Cluster,
  unneeded: ReadonlySet<string>,
  deleting: ReadonlySet<string>,
  now: number,
  /** The nodes carrying the taint now, when known (`CandidateTaintIndex`): the scan for taints to remove is skipped when none is to go. */
  tainted?: ReadonlySet<string>,
): void {
  let budget = CaConstants.maxBulkSoftTaintCount;
  for (const name of unneeded) {
    if (budget <= 0) return;
    const node = cluster.node(name);
    if (!node || hasCandidateTaint(node.taints)) continue;
    cluster.addNodeTaint(name, { key: TaintKeys.caDeletionCandidate, value: String(Math.floor(now)), effect: 'PreferNoSchedule' });
    budget--;
  }
  if (tainted !== undefined && !someToUntaint(tainted, unneeded, deleting)) return;
  for (const node of cluster.nodes()) {
    if (budget <= 0) return;
    if (!hasCandidateTaint(node.taints) || unneeded.has(node.name) || deleting.has(node.name)) continue;
    cluster.removeNodeTaint(node.name, TaintKeys.caDeletionCandidate);
    budget--;
  }
}

function someToUntaint(tainted: ReadonlySet<string>, unneeded: ReadonlySet<string>, deleting: ReadonlySet<string>): boolean {
  for (const name of tainted) if (!unneeded.has(name) && !deleting.has(name)) return true;
  return false;
}

/**
 * The names of the cluster's nodes that carry the DeletionCandidate taint, kept from the cluster's watch
 * (a Node's taints change only with a node event), so that a loop need not read every node to find them.
 */
export class CandidateTaintIndex {
  private readonly tainted = new Set<string>();
  private unwatch: (() => void) | undefined;

  constructor(private readonly cluster: Cluster) {}

  /** The tainted nodes now (watching from the first call on). */
  names(): ReadonlySet<string> {
    if (!this.unwatch) {
      this.unwatch = this.cluster.watch((e) => this.onEvent(e));
      for (const node of this.cluster.nodes()) this.note(node);
    }
    return this.tainted;
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.tainted.clear();
  }

  private onEvent(e: ClusterEvent): void {
    if (e.kind === 'node-added' || e.kind === 'node-updated') this.note(e.node);
    else if (e.kind === 'node-deleted') this.tainted.delete(e.node.name);
  }

  private note(node: Node): void {
    if (hasCandidateTaint(node.taints)) this.tainted.add(node.name);
    else this.tainted.delete(node.name);
  }
}
