import type { Node, NodeClaim, Pod, PodPhase } from '../../model/index.js';
import type { TopologyIndex } from '../../scheduling/index.js';
import type { Clock } from '../../sim/clock.js';
import type { ClusterEvent, ClusterListener } from '../cluster.js';
import { NodeState } from './node-state.js';

export function ownerKey(namespace: string, kind: string, name: string): string {
  return `${namespace}/${kind}/${name}`;
}

export function podOwnerKey(pod: Pod): string | undefined {
  return pod.owner ? ownerKey(pod.namespace, pod.owner.kind, pod.owner.name) : undefined;
}

/**
 * The simulated API server's storage: every object, the indexes that keep large runs fast (pods by node,
 * pending pods, pods by owner), per-node accounting, the topology index, and synchronous change
 * notifications. Internal controllers hear each change before external watchers. Only the primitives
 * here change indexes; callers mutate other pod/node status fields themselves and then call `podUpdated`
 * / `nodeUpdated`.
 */
export class ClusterStore {
  readonly pods = new Map<string, Pod>();
  /** Pods in phase Pending without a node, in creation order. */
  readonly pending = new Map<string, Pod>();
  readonly nodes = new Map<string, NodeState>();
  readonly nodeClaims = new Map<string, NodeClaim>();
  private readonly byOwner = new Map<string, Map<string, Pod>>();
  private internalListeners: readonly ClusterListener[] = [];
  private externalListeners: readonly ClusterListener[] = [];

  constructor(
    readonly clock: Clock,
    readonly topology: TopologyIndex,
    private readonly retainFinishedPods: boolean,
  ) {}

  /** Subscribe a simulated controller (hears every change before external watchers). */
  watchInternal(listener: ClusterListener): void {
    this.internalListeners = [...this.internalListeners, listener];
  }

  watch(listener: ClusterListener): () => void {
    this.externalListeners = [...this.externalListeners, listener];
    return () => {
      this.externalListeners = this.externalListeners.filter((l) => l !== listener);
    };
  }

  emit(event: ClusterEvent): void {
    for (const l of this.internalListeners) l(event);
    for (const l of this.externalListeners) l(event);
  }

  // ---- pods ----

  podsOfOwner(key: string): Iterable<Pod> {
    return this.byOwner.get(key)?.values() ?? [];
  }

  addPod(pod: Pod): void {
    if (this.pods.has(pod.uid)) throw new Error(`pod ${pod.uid} already exists`);
    this.pods.set(pod.uid, pod);
    const key = podOwnerKey(pod);
    if (key !== undefined) {
      let set = this.byOwner.get(key);
      if (!set) this.byOwner.set(key, (set = new Map()));
      set.set(pod.uid, pod);
    }
    if (pod.status.nodeName !== undefined) this.occupy(pod, pod.status.nodeName);
    else if (pod.status.phase === 'Pending') this.pending.set(pod.uid, pod);
    this.emit({ kind: 'pod-added', pod });
  }

  /** Bind a pending pod to a node (the scheduler's Bind, or a DaemonSet pod at creation). */
  bindPod(pod: Pod, nodeName: string): void {
    if (pod.status.nodeName !== undefined) throw new Error(`pod ${pod.uid} is already bound to ${pod.status.nodeName}`);
    if (!this.nodes.has(nodeName)) throw new Error(`cannot bind ${pod.uid}: node ${nodeName} does not exist`);
    this.pending.delete(pod.uid);
    pod.status.nodeName = nodeName;
    pod.status.boundAt = this.clock.now();
    pod.status.unschedulable = false;
    delete pod.status.nominatedNodeName;
    this.occupy(pod, nodeName);
    this.emit({ kind: 'pod-updated', pod });
  }

  podUpdated(pod: Pod): void {
    if (this.pods.get(pod.uid) === pod) this.emit({ kind: 'pod-updated', pod });
  }

  /** The pod ran to completion (or failed): it leaves its node; removed unless finished pods are retained. */
  finishPod(pod: Pod, phase: Extract<PodPhase, 'Succeeded' | 'Failed'>): void {
    if (this.pods.get(pod.uid) !== pod) return;
    this.release(pod);
    this.pending.delete(pod.uid);
    pod.status.phase = phase;
    pod.status.finishedAt = this.clock.now();
    this.emit({ kind: 'pod-updated', pod });
    if (!this.retainFinishedPods) this.removePod(pod);
  }

  /** The pod object is gone from the API (terminated, force-deleted, deleted with its node). */
  removePod(pod: Pod): void {
    if (this.pods.get(pod.uid) !== pod) return;
    this.pods.delete(pod.uid);
    this.pending.delete(pod.uid);
    this.release(pod);
    const key = podOwnerKey(pod);
    if (key !== undefined) {
      const set = this.byOwner.get(key);
      set?.delete(pod.uid);
      if (set && set.size === 0) this.byOwner.delete(key);
    }
    if (pod.status.finishedAt === undefined) pod.status.finishedAt = this.clock.now();
    this.emit({ kind: 'pod-deleted', pod });
  }

  private occupy(pod: Pod, nodeName: string): void {
    const state = this.nodes.get(nodeName);
    if (!state) throw new Error(`pod ${pod.uid} refers to unknown node ${nodeName}`);
    state.addPod(pod);
    this.topology.addPod(pod.uid, pod, nodeName);
  }

  private release(pod: Pod): void {
    const nodeName = pod.status.nodeName;
    if (nodeName === undefined) return;
    const state = this.nodes.get(nodeName);
    if (state?.pods.has(pod.uid)) {
      state.removePod(pod);
      this.topology.removePod(pod.uid);
    }
  }

  // ---- nodes ----

  addNode(node: Node): NodeState {
    if (this.nodes.has(node.name)) throw new Error(`node ${node.name} already exists`);
    const state = new NodeState(node);
    this.nodes.set(node.name, state);
    this.topology.upsertNode(node.name, node.labels, node.taints);
    this.emit({ kind: 'node-added', node });
    return state;
  }

  nodeUpdated(node: Node): void {
    const state = this.nodes.get(node.name);
    if (state?.node !== node) return;
    state.nodeChanged();
    this.topology.upsertNode(node.name, node.labels, node.taints);
    this.emit({ kind: 'node-updated', node });
  }

  /** Remove the Node object; its pods must have been removed first. */
  removeNode(name: string): void {
    const state = this.nodes.get(name);
    if (!state) return;
    if (state.pods.size > 0) throw new Error(`node ${name} still has ${state.pods.size} pods`);
    this.nodes.delete(name);
    this.topology.removeNode(name);
    this.emit({ kind: 'node-deleted', node: state.node });
  }

  // ---- NodeClaims ----

  addNodeClaim(claim: NodeClaim): void {
    if (this.nodeClaims.has(claim.name)) throw new Error(`NodeClaim ${claim.name} already exists`);
    this.nodeClaims.set(claim.name, claim);
    this.emit({ kind: 'nodeclaim-added', nodeClaim: claim });
  }

  nodeClaimUpdated(claim: NodeClaim): void {
    if (this.nodeClaims.get(claim.name) === claim) this.emit({ kind: 'nodeclaim-updated', nodeClaim: claim });
  }

  removeNodeClaim(name: string): void {
    const claim = this.nodeClaims.get(name);
    if (!claim) return;
    this.nodeClaims.delete(name);
    this.emit({ kind: 'nodeclaim-deleted', nodeClaim: claim });
  }
}
