import type { DaemonSet } from '../../../model/index.js';
import type { StateNode } from '../../state/state-node.js';
import type { ExistingNodeSim } from './existing-node.js';
import type { GroupSeed, InverseSeed } from './simulation-cache.js';

/**
 * What a simulation derives from one StateNode alone, kept for as long as that StateNode object lives.
 * StateNodes are immutable values that ClusterState replaces when their node changes, so an entry can
 * never be stale; disruption passes, which snapshot a mostly unchanged cluster every few seconds, then
 * only derive these for the nodes that changed.
 */
const seeds = new WeakMap<StateNode, Map<string, GroupSeed | null>>();
const inverseSeeds = new WeakMap<StateNode, readonly InverseSeed[]>();
const antiAffinityKeys = new WeakMap<StateNode, readonly string[]>();
const existingSims = new WeakMap<StateNode, { readonly daemonSets: readonly DaemonSet[]; readonly sim: ExistingNodeSim }>();

/** The node's share of the topology group with this key (see `nodeSeed`). */
export function memoNodeSeed(n: StateNode, groupKey: string, compute: () => GroupSeed | null): GroupSeed | null {
  let byGroup = seeds.get(n);
  if (!byGroup) seeds.set(n, (byGroup = new Map()));
  let seed = byGroup.get(groupKey);
  if (seed === undefined) byGroup.set(groupKey, (seed = compute()));
  return seed;
}

/** The node's pods' required anti-affinity seeds (see `inverseSeedsOf`). */
export function memoInverseSeeds(n: StateNode, compute: () => readonly InverseSeed[]): readonly InverseSeed[] {
  let out = inverseSeeds.get(n);
  if (!out) inverseSeeds.set(n, (out = compute()));
  return out;
}

/** The topology keys of the node's pods' required anti-affinity. */
export function memoAntiAffinityKeys(n: StateNode, compute: () => readonly string[]): readonly string[] {
  let out = antiAffinityKeys.get(n);
  if (!out) antiAffinityKeys.set(n, (out = compute()));
  return out;
}

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * The node's ExistingNodeSim for this DaemonSet list (the same DaemonSet objects in the same order; a simulation resets it before use; simulations
 * run one at a time, so one object per StateNode is enough).
 */
export function memoExistingSim(n: StateNode, daemonSets: readonly DaemonSet[], make: () => ExistingNodeSim): ExistingNodeSim {
  const kept = existingSims.get(n);
  if (kept && sameList(kept.daemonSets, daemonSets)) return kept.sim;
  const sim = make();
  existingSims.set(n, { daemonSets, sim });
  return sim;
}
