import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import type { Node, NodeClaim } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { StateNode } from './state-node.js';
import { stateNodeFromClaim, stateNodeFromNode, type InstanceTypeLookup } from './state-node-builders.js';

/**
 * The engine's view of the cluster, kept from the Cluster's watch events: which Node belongs to which
 * NodeClaim (by providerID), when pods were last nominated onto each node, and the StateNodes the
 * scheduler works on (registered nodes and in-flight NodeClaims alike).
 */
export class ClusterState {
  private readonly nodeByProviderID = new Map<string, string>();
  private readonly claimByProviderID = new Map<string, string>();
  private readonly nominatedAt = new Map<string, number>();
  private readonly nominatedPods = new Map<string, Set<string>>();
  /**
   * Registered nodes' StateNodes as last built, by node name: dropped on every watch event that touches
   * the node (its pods, itself, its NodeClaim), so a snapshot rebuilds only the nodes that changed.
   */
  private readonly built = new Map<string, StateNode>();
  private readonly unwatch: () => void;

  constructor(
    private readonly cluster: Cluster,
    private readonly clock: Clock,
  ) {
    for (const n of cluster.nodes()) this.nodeByProviderID.set(n.providerID, n.name);
    for (const c of cluster.nodeClaims()) if (c.status.providerID) this.claimByProviderID.set(c.status.providerID, c.name);
    this.unwatch = cluster.watch((e) => this.onEvent(e));
  }

  stop(): void {
    this.unwatch();
  }

  private onEvent(e: ClusterEvent): void {
    this.forget(e);
    switch (e.kind) {
      case 'node-added':
      case 'node-updated':
        this.nodeByProviderID.set(e.node.providerID, e.node.name);
        this.carryNominations(e.node.providerID, e.node.name);
        break;
      case 'node-deleted':
        if (this.nodeByProviderID.get(e.node.providerID) === e.node.name) this.nodeByProviderID.delete(e.node.providerID);
        this.nominatedAt.delete(e.node.name);
        this.nominatedPods.delete(e.node.name);
        break;
      case 'nodeclaim-added':
      case 'nodeclaim-updated':
        if (e.nodeClaim.status.providerID) this.claimByProviderID.set(e.nodeClaim.status.providerID, e.nodeClaim.name);
        break;
      case 'nodeclaim-deleted':
        if (e.nodeClaim.status.providerID && this.claimByProviderID.get(e.nodeClaim.status.providerID) === e.nodeClaim.name) {
          this.claimByProviderID.delete(e.nodeClaim.status.providerID);
        }
        this.nominatedAt.delete(e.nodeClaim.name);
        this.nominatedPods.delete(e.nodeClaim.name);
        break;
      default:
        break;
    }
  }

  /** Drop the built StateNode this event may have changed (before the provider-ID maps move on). */
  private forget(e: ClusterEvent): void {
    switch (e.kind) {
      case 'pod-added':
      case 'pod-updated':
      case 'pod-deleted':
        if (e.pod.status.nodeName !== undefined) this.built.delete(e.pod.status.nodeName);
        break;
      case 'node-added':
      case 'node-updated':
      case 'node-deleted':
        this.built.delete(e.node.name);
        break;
      default: {
        const id = e.nodeClaim.status.providerID;
        const name = id !== undefined ? this.nodeByProviderID.get(id) : undefined;
        if (name !== undefined) this.built.delete(name);
      }
    }
  }

  /**
   * Pods planned onto a NodeClaim keep counting as nominations of its Node once it registers: otherwise a
   * fresh node looks empty and un-nominated to consolidation before its pods have bound.
   */
  private carryNominations(providerID: string, nodeName: string): void {
    const claimName = this.claimByProviderID.get(providerID);
    if (claimName === undefined || claimName === nodeName) return;
    const at = this.nominatedAt.get(claimName);
    if (at === undefined) return;
    this.nominatedAt.set(nodeName, Math.max(at, this.nominatedAt.get(nodeName) ?? -Infinity));
    const pods = this.nominatedPods.get(claimName);
    if (pods) {
      let set = this.nominatedPods.get(nodeName);
      if (!set) this.nominatedPods.set(nodeName, (set = new Set()));
      for (const uid of pods) set.add(uid);
    }
    this.nominatedAt.delete(claimName);
    this.nominatedPods.delete(claimName);
  }

  /** The Node registered for a NodeClaim (same providerID), if any. */
  nodeOf(claim: NodeClaim): Node | undefined {
    const id = claim.status.providerID;
    const name = id !== undefined ? this.nodeByProviderID.get(id) : undefined;
    return name !== undefined ? this.cluster.node(name) : undefined;
  }

  /** The NodeClaim a Node belongs to, if Karpenter launched it. */
  claimOf(node: Node): NodeClaim | undefined {
    const name = this.claimByProviderID.get(node.providerID);
    return name !== undefined ? this.cluster.nodeClaim(name) : undefined;
  }

  /** Node name of a provider ID, if a Node with it exists. */
  nodeNameByProviderID(providerID: string): string | undefined {
    return this.nodeByProviderID.get(providerID);
  }

  /** Record that the provisioner planned pods onto this StateNode now (consolidation leaves it alone for a while). */
  nominate(stateNodeName: string, podUids: Iterable<string> = []): void {
    this.nominatedAt.set(stateNodeName, this.clock.now());
    let set = this.nominatedPods.get(stateNodeName);
    if (!set) this.nominatedPods.set(stateNodeName, (set = new Set()));
    for (const uid of podUids) set.add(uid);
  }

  /** Pods the provisioner planned onto this StateNode (some may have bound elsewhere since). */
  podsNominatedTo(stateNodeName: string): readonly string[] {
    return [...(this.nominatedPods.get(stateNodeName) ?? [])];
  }

  lastNominatedAt(stateNodeName: string): number | undefined {
    return this.nominatedAt.get(stateNodeName);
  }

  /**
   * Every node the scheduler may use: registered Nodes, then NodeClaims whose Node has not registered.
   * A registered node's StateNode is reused from the last call unless a watch event touched it (its pods,
   * the Node, its NodeClaim) or its nomination moved; StateNodes are plain values nobody mutates.
   * `fromScratch` builds every one anew and leaves the kept ones alone (tests compare the two).
   */
  stateNodes(lookup: InstanceTypeLookup, fromScratch = false): StateNode[] {
    const out: StateNode[] = [];
    for (const node of this.cluster.nodes()) {
      const claim = this.claimOf(node);
      const nominatedAt = this.nominatedAt.get(node.name);
      const prev = fromScratch ? undefined : this.built.get(node.name);
      // The same objects and nomination, and no event about them since: the StateNode is the same.
      if (prev && prev.node === node && prev.nodeClaim === claim && prev.nominatedAt === nominatedAt) {
        out.push(prev);
        continue;
      }
      const built = stateNodeFromNode(node, claim, this.cluster.podsOnNode(node.name), nominatedAt);
      if (!fromScratch) this.built.set(node.name, built);
      out.push(built);
    }
    for (const claim of this.cluster.nodeClaims()) {
      if (this.nodeOf(claim)) continue;
      out.push(stateNodeFromClaim(claim, lookup, this.nominatedAt.get(claim.name)));
    }
    return out;
  }
}
