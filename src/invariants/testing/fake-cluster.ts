import type { Cluster, ClusterEvent, ClusterListener, EvictionResult } from '../../cluster/cluster.js';
import {
  resources,
  type DaemonSet,
  type Labels,
  type Node,
  type NodeClaim,
  type NodeClaimStatus,
  type Pod,
  type PodDisruptionBudget,
  type PodPhase,
  type PodSpec,
  type PriorityClass,
  type Resources,
  type Taint,
} from '../../model/index.js';

/** A settable clock for the checker's tests. */
export class FakeClock {
  constructor(public t = 0) {}
  now(): number {
    return this.t;
  }
}

export interface PodOptions extends Partial<Omit<PodSpec, 'requests'>> {
  readonly name?: string;
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly requests?: Resources;
}

export interface NodeOptions {
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly pods?: number;
  readonly labels?: Labels;
  readonly taints?: Taint[];
  readonly annotations?: Record<string, string>;
  readonly providerID?: string;
}

/**
 * A cluster that does exactly what a test tells it — bind anything anywhere, evict without asking any
 * PDB — so that hand-made violations can be fed to the checker through the real watch stream.
 */
export class FakeCluster implements Cluster {
  private readonly podMap = new Map<string, Pod>();
  private readonly nodeMap = new Map<string, Node>();
  private readonly claimMap = new Map<string, NodeClaim>();
  private readonly pdbList: PodDisruptionBudget[] = [];
  private listeners: ClusterListener[] = [];
  private counter = 0;
  /** When set, the Eviction API refuses every eviction with this PDB name. */
  refuseEvictionsWith: string | undefined;

  constructor(private readonly clock: FakeClock) {}

  // ---- test controls ----

  addNode(name: string, o: NodeOptions = {}): Node {
    const capacity = resources({ cpuMillis: o.cpuMillis ?? 4000, memoryMiB: o.memoryMiB ?? 16384, pods: o.pods ?? 110 });
    const node: Node = {
      name,
      labels: { 'kubernetes.io/hostname': name, ...(o.labels ?? {}) },
      taints: o.taints ?? [],
      annotations: o.annotations ?? {},
      capacity,
      allocatable: capacity,
      providerID: o.providerID ?? `aws:///us-east-1a/i-${name}`,
      ready: true,
      unschedulable: false,
      createdAt: this.clock.now(),
    };
    this.nodeMap.set(name, node);
    this.emit({ kind: 'node-added', node });
    return node;
  }

  createPod(o: PodOptions = {}): Pod {
    const { name, cpuMillis, memoryMiB, requests, ...rest } = o;
    const podName = name ?? `pod-${++this.counter}`;
    const pod: Pod = {
      namespace: 'default',
      labels: {},
      annotations: {},
      nodeSelector: {},
      tolerations: [],
      topologySpreadConstraints: [],
      hostPorts: [],
      priority: 0,
      terminationGracePeriodSeconds: 30,
      ...rest,
      requests: requests ?? resources({ cpuMillis: cpuMillis ?? 100, memoryMiB: memoryMiB ?? 128 }),
      uid: `${rest.namespace ?? 'default'}/${podName}`,
      name: podName,
      createdAt: this.clock.now(),
      status: { phase: 'Pending', unschedulable: false },
    };
    this.podMap.set(pod.uid, pod);
    this.emit({ kind: 'pod-added', pod });
    return pod;
  }

  /** Bind with no questions asked. */
  bind(pod: Pod, nodeName: string): void {
    pod.status.nodeName = nodeName;
    pod.status.boundAt = this.clock.now();
    this.emit({ kind: 'pod-updated', pod });
  }

  /** A pod created already bound (as the DaemonSet controller does). */
  createBound(o: PodOptions, nodeName: string): Pod {
    const pod = this.createPodSilently(o);
    pod.status.nodeName = nodeName;
    this.podMap.set(pod.uid, pod);
    this.emit({ kind: 'pod-added', pod });
    return pod;
  }

  /** The kube-scheduler found no node: PodScheduled=False/Unschedulable. */
  markUnschedulable(pod: Pod): void {
    pod.status.unschedulable = true;
    pod.status.unschedulableSince = this.clock.now();
    this.emit({ kind: 'pod-updated', pod });
  }

  setPhase(pod: Pod, phase: PodPhase): void {
    pod.status.phase = phase;
    this.emit({ kind: 'pod-updated', pod });
  }

  /** The pod runs to completion and leaves the API. */
  complete(pod: Pod): void {
    this.setPhase(pod, 'Succeeded');
    this.podMap.delete(pod.uid);
    this.emit({ kind: 'pod-deleted', pod });
  }

  addPdb(pdb: PodDisruptionBudget): void {
    this.pdbList.push(pdb);
  }

  private createPodSilently(o: PodOptions): Pod {
    const listeners = this.listeners;
    this.listeners = [];
    const pod = this.createPod(o);
    this.listeners = listeners;
    return pod;
  }

  private emit(e: ClusterEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ---- the Cluster port ----

  pods(): Iterable<Pod> {
    return this.podMap.values();
  }
  pod(uid: string): Pod | undefined {
    return this.podMap.get(uid);
  }
  *podsOnNode(nodeName: string): Iterable<Pod> {
    for (const p of this.podMap.values()) if (p.status.nodeName === nodeName) yield p;
  }
  *pendingPods(): Iterable<Pod> {
    for (const p of this.podMap.values()) if (p.status.phase === 'Pending' && p.status.nodeName === undefined) yield p;
  }
  nodes(): Iterable<Node> {
    return this.nodeMap.values();
  }
  node(name: string): Node | undefined {
    return this.nodeMap.get(name);
  }
  nodeClaims(): Iterable<NodeClaim> {
    return this.claimMap.values();
  }
  nodeClaim(name: string): NodeClaim | undefined {
    return this.claimMap.get(name);
  }
  pdbs(): readonly PodDisruptionBudget[] {
    return this.pdbList;
  }
  daemonSets(): readonly DaemonSet[] {
    return [];
  }
  priorityClasses(): readonly PriorityClass[] {
    return [];
  }
  watch(listener: ClusterListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }
  evictionBlockedBy(): string | undefined {
    return this.refuseEvictionsWith;
  }
  evictPod(podUid: string): EvictionResult {
    const pod = this.podMap.get(podUid);
    if (!pod) return { ok: false, reason: 'not-found' };
    if (this.refuseEvictionsWith !== undefined) return { ok: false, reason: 'pdb', pdb: this.refuseEvictionsWith };
    pod.status.deletionAt = this.clock.now();
    this.emit({ kind: 'pod-updated', pod });
    return { ok: true };
  }
  deletePod(podUid: string): void {
    const pod = this.podMap.get(podUid);
    if (!pod) return;
    this.podMap.delete(podUid);
    this.emit({ kind: 'pod-deleted', pod });
  }
  createNodeClaim(claim: NodeClaim): void {
    const c = { ...claim, status: { ...claim.status } };
    this.claimMap.set(c.name, c);
    this.emit({ kind: 'nodeclaim-added', nodeClaim: c });
  }
  updateNodeClaimStatus(name: string, patch: Partial<NodeClaimStatus>): void {
    const c = this.claimMap.get(name);
    if (!c) throw new Error(`no NodeClaim ${name}`);
    Object.assign(c.status, patch);
    this.emit({ kind: 'nodeclaim-updated', nodeClaim: c });
  }
  deleteNodeClaim(name: string): void {
    const c = this.claimMap.get(name);
    if (!c) return;
    this.claimMap.delete(name);
    this.emit({ kind: 'nodeclaim-deleted', nodeClaim: c });
  }
  nominatePod(): void {}
  setNodeLabels(nodeName: string, labels: Labels): void {
    const n = this.nodeMap.get(nodeName)!;
    n.labels = { ...n.labels, ...labels };
    this.emit({ kind: 'node-updated', node: n });
  }
  addNodeTaint(nodeName: string, taint: Taint): void {
    const n = this.nodeMap.get(nodeName)!;
    n.taints = [...n.taints, taint];
    this.emit({ kind: 'node-updated', node: n });
  }
  removeNodeTaint(nodeName: string, key: string): void {
    const n = this.nodeMap.get(nodeName)!;
    n.taints = n.taints.filter((t) => t.key !== key);
    this.emit({ kind: 'node-updated', node: n });
  }
  cordonNode(nodeName: string, cordoned: boolean): void {
    const n = this.nodeMap.get(nodeName)!;
    n.unschedulable = cordoned;
    this.emit({ kind: 'node-updated', node: n });
  }
  deleteNode(nodeName: string): void {
    const n = this.nodeMap.get(nodeName);
    if (!n) return;
    for (const p of [...this.podsOnNode(nodeName)]) this.deletePod(p.uid);
    this.nodeMap.delete(nodeName);
    this.emit({ kind: 'node-deleted', node: n });
  }
}
