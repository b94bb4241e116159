import type { Cluster, ClusterEvent, ClusterListener, EvictionResult } from '../../../cluster/cluster.js';
import type { DaemonSet, Labels, Node, NodeClaim, Pod, PodDisruptionBudget, PriorityClass, Taint } from '../../../model/index.js';

/**
 * A Cluster holding fixed pods and nodes, for benchmarks and unit tests of single loops: reads are
 * served from indexes; taints, cordons and labels are applied; evictions and deletions remove the pod
 * at once; NodeClaim calls are not supported (the baseline never makes them).
 */
export class StaticCluster implements Cluster {
  private readonly podMap = new Map<string, Pod>();
  private readonly nodeMap = new Map<string, Node>();
  private readonly byNode = new Map<string, Set<Pod>>();
  /** Pods that were Pending without a node when added (re-checked when read). */
  private readonly pending = new Map<string, Pod>();
  private readonly listeners = new Set<ClusterListener>();

  constructor(
    nodes: readonly Node[],
    pods: readonly Pod[],
    private readonly pdbList: readonly PodDisruptionBudget[] = [],
    private readonly daemonSetList: readonly DaemonSet[] = [],
  ) {
    for (const n of nodes) this.nodeMap.set(n.name, n);
    for (const p of pods) this.addPod(p);
  }

  addNode(node: Node): void {
    this.nodeMap.set(node.name, node);
    this.emit({ kind: 'node-added', node });
  }

  addPod(pod: Pod): void {
    this.podMap.set(pod.uid, pod);
    const n = pod.status.nodeName;
    if (n !== undefined) (this.byNode.get(n) ?? this.byNode.set(n, new Set()).get(n)!).add(pod);
    else if (pod.status.phase === 'Pending') this.pending.set(pod.uid, pod);
    this.emit({ kind: 'pod-added', pod });
  }

  pods(): Iterable<Pod> {
    return this.podMap.values();
  }
  pod(uid: string): Pod | undefined {
    return this.podMap.get(uid);
  }
  podsOnNode(nodeName: string): Iterable<Pod> {
    return this.byNode.get(nodeName) ?? [];
  }
  *pendingPods(): Iterable<Pod> {
    for (const p of this.pending.values()) if (p.status.phase === 'Pending' && p.status.nodeName === undefined) yield p;
  }
  nodes(): Iterable<Node> {
    return this.nodeMap.values();
  }
  node(name: string): Node | undefined {
    return this.nodeMap.get(name);
  }
  nodeClaims(): Iterable<NodeClaim> {
    return [];
  }
  nodeClaim(): NodeClaim | undefined {
    return undefined;
  }
  pdbs(): readonly PodDisruptionBudget[] {
    return this.pdbList;
  }
  daemonSets(): readonly DaemonSet[] {
    return this.daemonSetList;
  }
  priorityClasses(): readonly PriorityClass[] {
    return [];
  }
  watch(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  evictionBlockedBy(): string | undefined {
    return undefined;
  }
  evictPod(podUid: string): EvictionResult {
    if (!this.podMap.has(podUid)) return { ok: false, reason: 'not-found' };
    this.deletePod(podUid);
    return { ok: true };
  }
  deletePod(podUid: string): void {
    const pod = this.podMap.get(podUid);
    if (!pod) return;
    this.podMap.delete(podUid);
    this.pending.delete(podUid);
    if (pod.status.nodeName !== undefined) this.byNode.get(pod.status.nodeName)?.delete(pod);
    this.emit({ kind: 'pod-deleted', pod });
  }
  createNodeClaim(): void {
    throw new Error('StaticCluster: NodeClaims are not supported');
  }
  updateNodeClaimStatus(): void {
    throw new Error('StaticCluster: NodeClaims are not supported');
  }
  deleteNodeClaim(): void {
    throw new Error('StaticCluster: NodeClaims are not supported');
  }
  nominatePod(podUid: string, nodeName: string | undefined): void {
    const pod = this.podMap.get(podUid);
    if (!pod) return;
    pod.status.nominatedNodeName = nodeName;
    this.emit({ kind: 'pod-updated', pod });
  }
  setNodeLabels(nodeName: string, labels: Labels): void {
    const n = this.nodeMap.get(nodeName);
    if (!n) return;
    n.labels = { ...labels };
    this.emit({ kind: 'node-updated', node: n });
  }
  addNodeTaint(nodeName: string, taint: Taint): void {
    const n = this.nodeMap.get(nodeName);
    if (!n || n.taints.some((t) => t.key === taint.key && t.effect === taint.effect)) return;
    n.taints = [...n.taints, taint];
    this.emit({ kind: 'node-updated', node: n });
  }
  removeNodeTaint(nodeName: string, key: string): void {
    const n = this.nodeMap.get(nodeName);
    if (!n) return;
    n.taints = n.taints.filter((t) => t.key !== key);
    this.emit({ kind: 'node-updated', node: n });
  }
  cordonNode(nodeName: string, cordoned: boolean): void {
    const n = this.nodeMap.get(nodeName);
    if (!n) return;
    n.unschedulable = cordoned;
    this.emit({ kind: 'node-updated', node: n });
  }
  deleteNode(nodeName: string): void {
    for (const p of [...(this.byNode.get(nodeName) ?? [])]) this.deletePod(p.uid);
    const node = this.nodeMap.get(nodeName);
    this.nodeMap.delete(nodeName);
    this.byNode.delete(nodeName);
    if (node) this.emit({ kind: 'node-deleted', node });
  }

  private emit(event: ClusterEvent): void {
    for (const l of this.listeners) l(event);
  }
}
