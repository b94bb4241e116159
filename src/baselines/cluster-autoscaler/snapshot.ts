import type { Labels, Node, Pod, PodSpec, Resources, Taint } from '../../model/index.js';
import { TopologyIndex } from '../../scheduling/index.js';
import type { NodeView } from '../../scheduling/index.js';
import { CaAnnotations } from './constants.js';

/** A pod as the snapshot holds it: a real pod, or a template pod (DaemonSet, kube-proxy) of a fake node. */
export interface SnapshotPod extends PodSpec {
  readonly uid: string;
}

export function isRealPod(pod: SnapshotPod): pod is Pod {
  return 'status' in pod;
}

/** registered: a Node of the cluster; upcoming: a placeholder for a node on its way; estimate: binpacking only. */
export type SnapshotNodeKind = 'registered' | 'upcoming' | 'estimate';

/** Requests summed in place (a node's `requested`, updated without allocating). */
interface MutableResources {
  cpuMillis: number;
  memoryMiB: number;
  gpus: number;
  pods: number;
  ephemeralMiB: number;
  extended?: Record<string, number>;
}

function accumulate(acc: MutableResources, req: Resources, sign: 1 | -1): void {
  acc.cpuMillis += sign * req.cpuMillis;
  acc.memoryMiB += sign * req.memoryMiB;
  acc.gpus += sign * req.gpus;
  acc.pods += sign;
  acc.ephemeralMiB += sign * req.ephemeralMiB;
  if (req.extended) {
    const ext = (acc.extended ??= {});
    for (const k in req.extended) ext[k] = (ext[k] ?? 0) + sign * req.extended[k]!;
  }
}

/** A node's sums, host ports (undefined: none) and terminating count, copied to be restored exactly (float sums included). */
export interface SnapshotNodeState {
  readonly sum: MutableResources;
  readonly hostPorts: Set<number> | undefined;
  readonly terminating: number;
}

/** One node of the ClusterSnapshot: a NodeView whose `requested` follows the pods placed on it. */
export class SnapshotNode implements NodeView {
  private sum: MutableResources = { cpuMillis: 0, memoryMiB: 0, gpus: 0, pods: 0, ephemeralMiB: 0 };
  private ports = new Set<number>();
  private podMap = new Map<string, SnapshotPod>();
  /** Real pods on the node whose deletion has begun (utilization must look at them one by one). */
  terminating = 0;
  /** What an open checkpoint of `owner` saved of this node before its first pod change (see ClusterSnapshot). */
  checkpointSave: SavedNode | undefined;
  /** The scale-down-disabled annotation, once read (undefined: not yet). */
  private disabled: boolean | undefined;
  constructor(
    readonly name: string,
    readonly labels: Labels,
    readonly taints: readonly Taint[],
    readonly capacity: Resources,
    readonly allocatable: Resources,
    readonly unschedulable: boolean,
    readonly kind: SnapshotNodeKind,
    readonly groupName: string | undefined,
    /** The cluster's Node, for registered nodes. */
    readonly node?: Node,
  ) {}

  get requested(): Resources {
    return this.sum;
  }

  /**
   * The Node is annotated `cluster-autoscaler.kubernetes.io/scale-down-disabled: "true"`, read once: a
   * changed Node gets a new SnapshotNode (the snapshot cache rebuilds a node at every node event).
   */
  get scaleDownDisabled(): boolean {
    return (this.disabled ??= this.node?.annotations[CaAnnotations.scaleDownDisabled] === 'true');
  }

  get hostPortsInUse(): Set<number> {
    return this.ports;
  }

  /** The pods placed on the node, in placement order. */
  get pods(): Map<string, SnapshotPod> {
    return this.podMap;
  }

  /** A copy of the sums, host ports and terminating count, for `restoreState`. */
  saveState(): SnapshotNodeState {
    const sum = { ...this.sum };
    if (sum.extended) sum.extended = { ...sum.extended };
    return { sum, hostPorts: this.ports.size > 0 ? new Set(this.ports) : undefined, terminating: this.terminating };
  }

  /** Go back to a saved state and pod list (both taken over). */
  restoreState(state: SnapshotNodeState, pods: Map<string, SnapshotPod>): void {
    this.podMap = pods;
    this.sum = state.sum;
    this.ports = state.hostPorts ?? (this.ports.size === 0 ? this.ports : new Set());
    this.terminating = state.terminating;
  }

  /** Place a pod (no checks). */
  addPod(pod: SnapshotPod): void {
    this.podMap.set(pod.uid, pod);
    if (isRealPod(pod) && pod.status.deletionAt !== undefined) this.terminating++;
    accumulate(this.sum, pod.requests, 1);
    for (const p of pod.hostPorts) if (p > 0) this.ports.add(p);
  }

  removePod(uid: string): SnapshotPod | undefined {
    const pod = this.podMap.get(uid);
    if (!pod) return undefined;
    this.podMap.delete(uid);
    if (isRealPod(pod) && pod.status.deletionAt !== undefined) this.terminating--;
    accumulate(this.sum, pod.requests, -1);
    for (const p of pod.hostPorts) if (p > 0) this.ports.delete(p);
    return pod;
  }
}

/**
 * A node touched since the checkpoint: its saved state, and either its original pods (copied at the first
 * removal) or, while pods were only added, the uids added (they follow the original pods in the map's order).
 */
interface SavedNode {
  readonly owner: ClusterSnapshot;
  readonly state: SnapshotNodeState;
  readonly added: string[];
  pods: Map<string, SnapshotPod> | undefined;
}

/** The first `count` entries of a map, in order. */
function firstEntries<V>(map: ReadonlyMap<string, V>, count: number): Map<string, V> {
  const out = new Map<string, V>();
  if (count <= 0) return out;
  for (const [k, v] of map) {
    out.set(k, v);
    if (out.size === count) break;
  }
  return out;
}

type UndoOp =
  | { readonly op: 'add-pod'; readonly node: SnapshotNode; readonly uid: string }
  | { readonly op: 'remove-pod'; readonly node: SnapshotNode; readonly pod: SnapshotPod }
  | { readonly op: 'add-node'; readonly node: SnapshotNode }
  | { readonly op: 'remove-node'; readonly node: SnapshotNode; readonly index: number };

/** Does scheduling this pod (or next to it) need topology: spread constraints or required inter-pod (anti-)affinity? */
export function usesTopology(pod: PodSpec): boolean {
  if (pod.topologySpreadConstraints.some((c) => c.whenUnsatisfiable === 'DoNotSchedule')) return true;
  const a = pod.affinity;
  return !!(a?.podAffinity?.required?.length || a?.podAntiAffinity?.required?.length);
}

/**
 * The Cluster Autoscaler's ClusterSnapshot: nodes (registered, upcoming, estimated) with the pods on them,
 * changed by simulations and rolled back with fork/revert (nested forks allowed) or kept with commit.
 * With `enableTopology`, a TopologyIndex mirrors every change so that checkFit can evaluate topology
 * spread and inter-pod (anti-)affinity (built only when some pod needs it: it costs time).
 */
export class ClusterSnapshot {
  private readonly list: SnapshotNode[] = [];
  private readonly byName = new Map<string, SnapshotNode>();
  private readonly undo: UndoOp[] = [];
  private readonly marks: number[] = [];
  private index: TopologyIndex | undefined;
  /** While a checkpoint is open: the nodes touched since (each keeps its `checkpointSave`). */
  private saved: SnapshotNode[] | undefined;
  private checkpointDepth = 0;
  /** Set by `discard`: the snapshot holds a discarded change set and may only be read until `restoreCheckpoint`. */
  private sealed = false;

  get nodes(): readonly SnapshotNode[] {
    return this.list;
  }

  /** The topology index, when enabled. */
  get topology(): TopologyIndex | undefined {
    return this.index;
  }

  node(name: string): SnapshotNode | undefined {
    return this.byName.get(name);
  }

  /** Build the topology index from the current nodes and pods; later changes are mirrored. */
  enableTopology(): void {
    if (this.index) return;
    this.assertOpen();
    const index = new TopologyIndex();
    for (const n of this.list) index.upsertNode(n.name, n.labels, n.taints);
    for (const n of this.list) for (const p of n.pods.values()) index.addPod(p.uid, p, n.name);
    this.index = index;
  }

  /**
   * Open a change set that `restoreCheckpoint` undoes exactly: node list, pod order on each node and
   * the nodes' float sums come back bit for bit (a plain `revert` re-adds removed pods last).
   */
  checkpoint(): void {
    if (this.saved) throw new Error('checkpoint already open');
    this.saved = [];
    this.checkpointDepth = this.marks.length;
    this.fork();
  }

  /** Undo everything since `checkpoint` (and the topology index built since). */
  restoreCheckpoint(): void {
    const saved = this.saved;
    if (!saved) throw new Error('restoreCheckpoint without checkpoint');
    this.index = undefined;
    const mark = this.marks[this.checkpointDepth]!;
    this.marks.length = this.checkpointDepth;
    // Pod changes need no undoing: every node they touched gets its saved state back below.
    while (this.undo.length > mark) {
      const op = this.undo.pop()!;
      if (op.op === 'add-node' || op.op === 'remove-node') this.apply(op);
    }
    for (const node of saved) {
      const sv = node.checkpointSave!;
      node.checkpointSave = undefined;
      let pods = sv.pods;
      if (!pods) {
        // Only additions: the original pods are still there, in order.
        pods = node.pods;
        for (const uid of sv.added) pods.delete(uid);
      }
      node.restoreState(sv.state, pods);
    }
    this.saved = undefined;
    this.sealed = false;
  }

  /** Replace the node at `index` (no change set open). */
  replaceNodeAt(index: number, node: SnapshotNode): void {
    this.assertNoChangeSet();
    const old = this.list[index];
    if (!old) throw new Error(`snapshot has no node at ${index}`);
    if (old.name !== node.name) throw new Error(`replacing ${old.name} with ${node.name}`);
    this.list[index] = node;
    this.byName.set(node.name, node);
  }

  /** Replace the whole node list (no change set open). */
  setNodes(nodes: readonly SnapshotNode[]): void {
    this.assertNoChangeSet();
    this.list.length = 0;
    this.byName.clear();
    for (const n of nodes) this.addNode(n);
  }

  private touch(node: SnapshotNode): SavedNode {
    let sv = node.checkpointSave;
    if (sv?.owner !== this) {
      node.checkpointSave = sv = { owner: this, state: node.saveState(), added: [], pods: undefined };
      this.saved!.push(node);
    }
    return sv;
  }

  private assertOpen(): void {
    if (this.sealed) throw new Error('snapshot sealed by discard until restoreCheckpoint');
  }

  private assertNoChangeSet(): void {
    if (this.marks.length > 0 || this.index) throw new Error('snapshot base changed inside a change set');
  }

  addNode(node: SnapshotNode): void {
    this.assertOpen();
    if (this.byName.has(node.name)) throw new Error(`snapshot already holds node ${node.name}`);
    this.list.push(node);
    this.byName.set(node.name, node);
    this.topoAddNode(node);
    this.log({ op: 'add-node', node });
  }

  removeNode(name: string): void {
    this.assertOpen();
    const node = this.byName.get(name);
    if (!node) return;
    const index = this.list.indexOf(node);
    this.list.splice(index, 1);
    this.byName.delete(name);
    this.topoRemoveNode(node);
    this.log({ op: 'remove-node', node, index });
  }

  addPod(pod: SnapshotPod, nodeName: string): void {
    const node = this.byName.get(nodeName);
    if (!node) throw new Error(`snapshot has no node ${nodeName}`);
    if (this.sealed) this.assertOpen();
    if (this.saved) {
      const sv = this.touch(node);
      if (!sv.pods) sv.added.push(pod.uid);
    }
    node.addPod(pod);
    this.index?.addPod(pod.uid, pod, nodeName);
    this.log({ op: 'add-pod', node, uid: pod.uid });
  }

  /** Remove a pod from the named node. */
  removePod(uid: string, nodeName: string): SnapshotPod | undefined {
    const node = this.byName.get(nodeName);
    if (!node) return undefined;
    if (this.sealed) this.assertOpen();
    if (this.saved) {
      const sv = this.touch(node);
      // The first removal: keep the original pod list (what is there now, less the pods added since).
      if (!sv.pods) sv.pods = firstEntries(node.pods, node.pods.size - sv.added.length);
    }
    const pod = node.removePod(uid);
    this.index?.removePod(uid);
    if (pod) this.log({ op: 'remove-pod', node, pod });
    return pod;
  }

  /** Start a change set that `revert` undoes or `commit` keeps. */
  fork(): void {
    this.assertOpen();
    this.marks.push(this.undo.length);
  }

  /**
   * End the innermost change set (opened inside a checkpoint) without undoing it now: `restoreCheckpoint`
   * undoes it with everything else, exactly (every node a pod change touched has its state saved). Until
   * then the snapshot may be read but not changed. Saves the undo work when nothing reads the result.
   */
  discard(): void {
    if (!this.saved || this.marks.length - 1 <= this.checkpointDepth) throw new Error('discard needs a change set inside a checkpoint');
    this.marks.pop();
    this.sealed = true;
  }

  revert(): void {
    const mark = this.marks.pop();
    if (mark === undefined) throw new Error('revert without fork');
    while (this.undo.length > mark) this.apply(this.undo.pop()!);
  }

  commit(): void {
    if (this.marks.pop() === undefined) throw new Error('commit without fork');
    if (this.marks.length === 0) this.undo.length = 0;
  }

  private topoAddNode(node: SnapshotNode): void {
    if (!this.index) return;
    this.index.upsertNode(node.name, node.labels, node.taints);
    for (const p of node.pods.values()) this.index.addPod(p.uid, p, node.name);
  }

  private topoRemoveNode(node: SnapshotNode): void {
    if (!this.index) return;
    for (const uid of node.pods.keys()) this.index.removePod(uid);
    this.index.removeNode(node.name);
  }

  private log(op: UndoOp): void {
    if (this.marks.length > 0) this.undo.push(op);
  }

  private apply(op: UndoOp): void {
    switch (op.op) {
      case 'add-pod': {
        op.node.removePod(op.uid);
        // Keep `added` to the pods still there (the latest addition on the node is the one undone first).
        const sv = op.node.checkpointSave;
        if (sv?.owner === this && sv.pods === undefined) {
          const i = sv.added.lastIndexOf(op.uid);
          if (i >= 0) sv.added.splice(i, 1);
        }
        this.index?.removePod(op.uid);
        return;
      }
      case 'remove-pod':
        op.node.addPod(op.pod);
        this.index?.addPod(op.pod.uid, op.pod, op.node.name);
        return;
      case 'add-node':
        this.list.splice(this.list.lastIndexOf(op.node), 1);
        this.byName.delete(op.node.name);
        this.topoRemoveNode(op.node);
        return;
      case 'remove-node':
        this.list.splice(op.index, 0, op.node);
        this.byName.set(op.node.name, op.node);
        this.topoAddNode(op.node);
        return;
    }
  }
}
