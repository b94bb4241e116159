import { LabelKeys, type Labels, type Pod } from '../../../../model/index.js';
import { Requirements } from '../../../../scheduling/index.js';
import type { StateNode } from '../../../state/state-node.js';
import { memoInverseSeeds, memoNodeSeed } from '../node-memo.js';
import type { GroupSeed, GroupSeedTable, InverseSeed, NodeInverseSeed } from '../simulation-cache.js';
import type { TopologyGroup } from './topology-group.js';
import { affinityGroupSpec } from './topology-terms.js';

function isTerminating(pod: Pod): boolean {
  return pod.status.deletionAt !== undefined;
}

/**
 * How many of a node's pods a new topology group counts, and in which domain (null: none, or the node has
 * no single domain of the group's key). The node is seen through its labels, hostname included.
 */
export function nodeSeed(g: TopologyGroup, n: StateNode): GroupSeed | null {
  const labels: Labels = { ...n.labels, [LabelKeys.hostname]: n.hostname };
  if (g.type === 'spread' && !g.filterAccepts({ hostname: n.hostname, requirements: Requirements.EMPTY, labels, taints: n.taints })) return null;
  const domain = g.key === LabelKeys.hostname ? n.hostname : labels[g.key];
  if (domain === undefined) return null;
  let count = 0;
  for (const p of n.pods) {
    if (g.type === 'spread' && isTerminating(p)) continue;
    if (g.selects(p)) count++;
  }
  return count > 0 ? { domain, count } : null;
}

/** A group's seed counts over a snapshot's live nodes: totals per domain and each contributing node's share. */
export function seedTable(g: TopologyGroup, groupKey: string, nodes: readonly StateNode[]): GroupSeedTable {
  const totals = new Map<string, number>();
  const byNode = new Map<string, GroupSeed>();
  for (const n of nodes) {
    if (n.markedForDeletion || n.pods.length === 0) continue;
    const seed = memoNodeSeed(n, groupKey, () => nodeSeed(g, n));
    if (!seed) continue;
    byNode.set(n.name, seed);
    totals.set(seed.domain, (totals.get(seed.domain) ?? 0) + seed.count);
  }
  return { totals: [...totals].map(([domain, count]) => ({ domain, count })), byNode };
}

/** The node's pods' required anti-affinity terms, each with the node's domain for its topology key (if it has one). */
export function inverseSeedsOf(n: StateNode): InverseSeed[] {
  const out: InverseSeed[] = [];
  for (const p of n.pods) {
    for (const term of p.affinity?.podAntiAffinity?.required ?? []) {
      const domain = term.topologyKey === LabelKeys.hostname ? n.hostname : n.labels[term.topologyKey];
      out.push({ spec: affinityGroupSpec(p, term, 'anti-affinity'), domain });
    }
  }
  return out;
}

/** `inverseSeedsOf` over a snapshot's live nodes, nodes with none left out. */
export function inverseSeedList(nodes: readonly StateNode[]): NodeInverseSeed[] {
  const out: NodeInverseSeed[] = [];
  for (const n of nodes) {
    if (n.markedForDeletion) continue;
    const seeds = memoInverseSeeds(n, () => inverseSeedsOf(n));
    if (seeds.length > 0) out.push({ nodeName: n.name, seeds });
  }
  return out;
}
