import type { DaemonSet, InstanceType, Labels, NodePool, Resources } from '../../../model/index.js';
import type { Requirements } from '../../../scheduling/index.js';
import type { StateNode } from '../../state/state-node.js';
import type { NodeDomainIndex, ProvidedDomain } from './domains.js';
import type { ExistingNodeSim } from './existing-node.js';
import { ExistingNodeRoom } from './existing-nodes.js';
import { SharedSignatures } from './pod-signature.js';
import type { InstanceTypeInfo } from './instance-type-info.js';
import type { RemainingLimits } from './limits.js';
import type { NodeClaimTemplate } from './template.js';
import type { GroupSpec } from './topology/topology-terms.js';

/** What an existing node starts a simulation with (ExistingNodeSim's initial state). */
export interface ExistingNodeBase {
  readonly labels: Labels | undefined;
  readonly requirements: Requirements;
  readonly remaining: Resources;
}

/** A running pod's required anti-affinity term as seeded into the inverse groups: its group and the node's domain (none: the node lacks the key). */
export interface InverseSeed {
  readonly spec: GroupSpec;
  readonly domain: string | undefined;
}

/** A node's share of a topology group's initial counts: `count` matching pods in `domain`. */
export interface GroupSeed {
  readonly domain: string;
  readonly count: number;
}

/** A group's seed counts over a snapshot's live nodes: totals per domain (in order of first appearance) and each contributing node's share. */
export interface GroupSeedTable {
  readonly totals: readonly GroupSeed[];
  readonly byNode: ReadonlyMap<string, GroupSeed>;
}

/** One node's running pods' anti-affinity seeds (see `inverseSeedList`). */
export interface NodeInverseSeed {
  readonly nodeName: string;
  readonly seeds: readonly InverseSeed[];
}

/**
 * Memo for many scheduling simulations over the same snapshot of StateNodes (one disruption pass tries
 * candidate after candidate): what each node contributes to a simulation that does not depend on the pods
 * being placed — its ExistingNodeSim start state, its share of each topology group's seed counts, its
 * pods' required anti-affinity. StateNodes are immutable values, so entries are kept per object identity;
 * the DaemonSet list must stay the same object for the cache's life (a different one clears the node
 * entries). Offering availability must not change during the cache's life (one pass is one instant), so
 * instance-type infos and NodeClaim templates are kept too. A simulation with a cache gives exactly the
 * result it gives without one.
 */
export class SimulationCache {
  private room: { readonly of: readonly StateNode[]; readonly daemonSets: readonly DaemonSet[]; readonly room: ExistingNodeRoom } | undefined;
  private antiKeyLists: { readonly of: readonly StateNode[]; readonly list: readonly { readonly nodeName: string; readonly keys: readonly string[] }[] } | undefined;
  private readonly infos = new Map<InstanceType, InstanceTypeInfo>();
  /**
   * @param signatures pods' topology signatures, shared by the simulations over this snapshot (each numbers
   * them densely again); one kept across snapshots saves walking the pods that did not change
   */
  constructor(readonly signatures: SharedSignatures = new SharedSignatures()) {}
  private seedLists: { readonly of: readonly StateNode[]; readonly byGroup: Map<string, GroupSeedTable>; inverse?: readonly NodeInverseSeed[] } | undefined;

  /**
   * A group's seed counts over a snapshot's live nodes: a simulation takes the totals minus its excluded
   * nodes' shares instead of walking every node (counts are integers: the sums are exact).
   */
  groupSeedTable(groupKey: string, nodes: readonly StateNode[], compute: () => GroupSeedTable): GroupSeedTable {
    if (this.seedLists?.of !== nodes) this.seedLists = { of: nodes, byGroup: new Map() };
    let table = this.seedLists.byGroup.get(groupKey);
    if (!table) this.seedLists.byGroup.set(groupKey, (table = compute()));
    return table;
  }

  /** The running pods' required anti-affinity over a snapshot's live nodes (in their order), nodes with none left out. */
  inverseSeedList(nodes: readonly StateNode[], compute: () => readonly NodeInverseSeed[]): readonly NodeInverseSeed[] {
    if (this.seedLists?.of !== nodes) this.seedLists = { of: nodes, byGroup: new Map() };
    return (this.seedLists.inverse ??= compute());
  }

  private templateList: { readonly pools: readonly NodePool[]; readonly types: unknown; readonly daemonSets: readonly DaemonSet[]; readonly list: readonly NodeClaimTemplate[] } | undefined;

  private readonly domains = new Map<string, readonly ProvidedDomain[]>();
  private live: { readonly of: readonly StateNode[]; readonly inOrder: readonly StateNode[]; readonly sorted: readonly StateNode[] } | undefined;

  /** The nodes not being deleted, in the given order and in the scheduler's order (kept per array). */
  liveNodes(stateNodes: readonly StateNode[], compute: () => { inOrder: readonly StateNode[]; sorted: readonly StateNode[] }): { readonly inOrder: readonly StateNode[]; readonly sorted: readonly StateNode[] } {
    if (this.live?.of !== stateNodes) this.live = { of: stateNodes, ...compute() };
    return this.live;
  }

  private nodeDomains: { readonly of: readonly StateNode[]; readonly byKey: Map<string, NodeDomainIndex> } | undefined;

  /** The values of a label key across a snapshot's live nodes (see `nodeDomainIndex`). */
  nodeDomainIndex(key: string, nodes: readonly StateNode[], compute: () => NodeDomainIndex): NodeDomainIndex {
    if (this.nodeDomains?.of !== nodes) this.nodeDomains = { of: nodes, byKey: new Map() };
    let index = this.nodeDomains.byKey.get(key);
    if (!index) this.nodeDomains.byKey.set(key, (index = compute()));
    return index;
  }

  /** The templates' domains of a topology key (valid while `templates` returns the same list). */
  templateDomains(key: string, compute: () => readonly ProvidedDomain[]): readonly ProvidedDomain[] {
    let d = this.domains.get(key);
    if (!d) this.domains.set(key, (d = compute()));
    return d;
  }

  private limitsBase: { readonly pools: readonly NodePool[]; readonly usage: unknown; readonly limits: RemainingLimits } | undefined;

  /** A fresh copy of the NodePools' remaining limits over this usage (computed once per pools/usage pair). */
  remainingLimits(pools: readonly NodePool[], usage: unknown, compute: () => RemainingLimits): RemainingLimits {
    if (this.limitsBase?.pools !== pools || this.limitsBase.usage !== usage) this.limitsBase = { pools, usage, limits: compute() };
    return this.limitsBase.limits.clone();
  }

  instanceTypeInfo(it: InstanceType, compute: () => InstanceTypeInfo): InstanceTypeInfo {
    let info = this.infos.get(it);
    if (!info) this.infos.set(it, (info = compute()));
    return info;
  }

  /** The NodeClaim templates for these NodePools, instance types and DaemonSets (the same objects as last time: reused). */
  templates(pools: readonly NodePool[], types: unknown, daemonSets: readonly DaemonSet[], compute: () => readonly NodeClaimTemplate[]): readonly NodeClaimTemplate[] {
    const t = this.templateList;
    if (t && t.pools === pools && t.types === types && t.daemonSets === daemonSets) return t.list;
    const list = compute();
    this.templateList = { pools, types, daemonSets, list };
    this.domains.clear();
    return list;
  }

  /**
   * The ExistingNodeSims of a snapshot's live nodes in the scheduler's order and their start room, made once
   * (each simulation resets the sims it uses; simulations run one at a time); a different DaemonSet list
   * makes them anew.
   */
  existingRoom(sorted: readonly StateNode[], daemonSets: readonly DaemonSet[], make: () => ExistingNodeSim[]): ExistingNodeRoom {
    if (this.room?.of !== sorted || this.room.daemonSets !== daemonSets) this.room = { of: sorted, daemonSets, room: new ExistingNodeRoom(make()) };
    return this.room.room;
  }


  /** The topology keys of running pods' required anti-affinity over a snapshot's live nodes (nodes with none left out). */
  antiAffinityKeyList(
    nodes: readonly StateNode[],
    compute: () => readonly { readonly nodeName: string; readonly keys: readonly string[] }[],
  ): readonly { readonly nodeName: string; readonly keys: readonly string[] }[] {
    if (this.antiKeyLists?.of !== nodes) this.antiKeyLists = { of: nodes, list: compute() };
    return this.antiKeyLists.list;
  }

}
