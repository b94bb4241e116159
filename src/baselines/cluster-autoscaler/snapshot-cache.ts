import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import type { Node, Pod } from '../../model/index.js';
import { buildSnapshot } from './snapshot-builder.js';
import { ClusterSnapshot, SnapshotNode, usesTopology } from './snapshot.js';

/** What the cache knows of one pod: where the snapshot places it, and its rank in `cluster.pods()` order. */
interface PodRecord {
  pod: Pod;
  readonly seq: number;
  /** The node the snapshot places it on (bound, or nominated and not being deleted); undefined: none. */
  node: string | undefined;
  deleting: boolean;
  /** The pod's spec asks for topology checks (spread DoNotSchedule, required inter-pod (anti-)affinity). */
  usesTopology: boolean;
}

function placement(pod: Pod): string | undefined {
  const s = pod.status;
  if (s.phase === 'Succeeded' || s.phase === 'Failed') return undefined;
  return s.nodeName ?? (s.deletionAt === undefined ? s.nominatedNodeName : undefined);
}

function specUsesTopology(pod: Pod): boolean {
  return (pod.topologySpreadConstraints.length > 0 || pod.affinity !== undefined) && usesTopology(pod);
}

/**
 * The loop's ClusterSnapshot, kept between loops instead of rebuilt from every node and pod: the cluster's
 * watch marks the nodes whose pods changed, and each loop rebuilds only those (and nodes whose object,
 * labels, taints, resources, cordon or group changed). The result is the snapshot `buildSnapshot` would
 * build: registered nodes in `cluster.nodes()` order, each with its pods in `cluster.pods()` order (pods
 * ranked when first seen, as the cluster's store lists them). The loop works inside a checkpoint that
 * `release` undoes exactly; NotStarted nodes are removed inside it.
 */
export class SnapshotCache {
  private snapshot = new ClusterSnapshot();
  private readonly records = new Map<string, PodRecord>();
  private readonly byNode = new Map<string, Set<PodRecord>>();
  /** Nodes to rebuild from their pods. */
  private readonly dirty = new Set<string>();
  /** Pods placed on a node after all its others (in `cluster.pods()` order): appended without a rebuild. */
  private readonly appends = new Map<string, PodRecord[]>();
  /** Highest rank of the pods placed on each node so far (an upper bound once pods left). */
  private readonly lastSeq = new Map<string, number>();
  private readonly topologyPods = new Set<string>();
  private nextSeq = 0;
  private nodeEvents = 0;
  /** The last loop's Node objects and groups, and each node's position in the snapshot. */
  private lastNodes: readonly Node[] = [];
  private lastGroups: readonly (string | undefined)[] = [];
  private positions = new Map<string, number>();
  private unwatch: (() => void) | undefined;
  /** Compare every acquired snapshot with a full `buildSnapshot` and throw on a difference (tests). */
  verify = false;

  constructor(private readonly cluster: Cluster) {}

  /** Node events heard so far (added, updated, deleted); undefined while not watching. */
  get nodeRevision(): number | undefined {
    return this.unwatch ? this.nodeEvents : undefined;
  }

  /** The snapshot for one loop; call `release` when the loop is done with it. */
  acquire(nodes: readonly Node[], groupNames: readonly (string | undefined)[], exclude: ReadonlySet<string>): { snapshot: ClusterSnapshot; needsTopology: boolean } {
    if (!this.unwatch) this.start();
    this.syncNodes(nodes, groupNames);
    const snapshot = this.snapshot;
    snapshot.checkpoint();
    for (const name of exclude) snapshot.removeNode(name);
    const needs = this.topologyPods.size > 0;
    if (this.verify) this.check(nodes, groupNames, exclude, needs);
    return { snapshot, needsTopology: needs };
  }

  /** Undo the loop's changes to the snapshot. */
  release(): void {
    this.snapshot.restoreCheckpoint();
  }

  /** Stop watching the cluster; the next `acquire` starts over. */
  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.snapshot = new ClusterSnapshot();
    this.records.clear();
    this.byNode.clear();
    this.dirty.clear();
    this.appends.clear();
    this.lastSeq.clear();
    this.topologyPods.clear();
    this.lastNodes = [];
    this.lastGroups = [];
    this.positions.clear();
  }

  private start(): void {
    this.unwatch = this.cluster.watch((e) => this.onEvent(e));
    for (const pod of this.cluster.pods()) this.podChanged(pod, false);
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'pod-added':
      case 'pod-updated':
        this.podChanged(e.pod, false);
        return;
      case 'pod-deleted':
        this.podChanged(e.pod, true);
        return;
      case 'node-added':
      case 'node-updated':
        this.nodeEvents++;
        this.dirty.add(e.node.name);
        return;
      case 'node-deleted':
        this.nodeEvents++;
        this.dirty.add(e.node.name);
        if (!this.byNode.has(e.node.name)) this.lastSeq.delete(e.node.name);
        return;
      default:
        return;
    }
  }

  private podChanged(pod: Pod, gone: boolean): void {
    const uid = pod.uid;
    let rec = this.records.get(uid);
    if (gone) {
      if (!rec) return;
      this.unplace(rec);
      this.records.delete(uid);
      this.topologyPods.delete(uid);
      return;
    }
    const target = placement(pod);
    const deleting = pod.status.deletionAt !== undefined;
    if (!rec) {
      rec = { pod, seq: this.nextSeq++, node: undefined, deleting, usesTopology: specUsesTopology(pod) };
      this.records.set(uid, rec);
    } else if (rec.node === target && rec.pod === pod && rec.deleting === deleting) {
      this.noteTopology(rec);
      return;
    } else this.unplace(rec);
    if (rec.pod !== pod) rec.usesTopology = specUsesTopology(pod);
    rec.pod = pod;
    rec.deleting = deleting;
    rec.node = target;
    if (target !== undefined) {
      let set = this.byNode.get(target);
      if (!set) this.byNode.set(target, (set = new Set()));
      set.add(rec);
      this.placed(rec, target);
    }
    this.noteTopology(rec);
  }

  private noteTopology(rec: PodRecord): void {
    const phase = rec.pod.status.phase;
    if (rec.usesTopology && phase !== 'Succeeded' && phase !== 'Failed') this.topologyPods.add(rec.pod.uid);
    else if (this.topologyPods.size > 0) this.topologyPods.delete(rec.pod.uid);
  }

  /**
   * A pod now placed on `node`: appended when it ranks after every pod placed there so far (adding it last
   * gives the sums a fresh build would), else the node is rebuilt. A pod already being deleted is rebuilt
   * too (it is rare and keeps the terminating count simple).
   */
  private placed(rec: PodRecord, node: string): void {
    const last = this.lastSeq.get(node) ?? -1;
    if (rec.seq > last) this.lastSeq.set(node, rec.seq);
    if (this.dirty.has(node)) return;
    if (rec.seq < last || rec.deleting) {
      this.dirty.add(node);
      return;
    }
    const list = this.appends.get(node);
    if (list) list.push(rec);
    else this.appends.set(node, [rec]);
  }

  private unplace(rec: PodRecord): void {
    if (rec.node === undefined) return;
    const set = this.byNode.get(rec.node);
    set?.delete(rec);
    if (set?.size === 0) this.byNode.delete(rec.node);
    this.dirty.add(rec.node);
    rec.node = undefined;
  }

  /**
   * Bring the kept nodes in line with the cluster's. When the node objects and their groups are those of
   * the last loop, only the nodes the watch reported are touched (a Node changes through node-updated);
   * otherwise every node is checked against its Node object.
   */
  private syncNodes(nodes: readonly Node[], groupNames: readonly (string | undefined)[]): void {
    if (this.sameNodesAsLastLoop(nodes, groupNames)) {
      const list = this.snapshot.nodes;
      for (const name of this.dirty) {
        const i = this.positions.get(name);
        if (i !== undefined) this.snapshot.replaceNodeAt(i, this.build(nodes[i]!, groupNames[i]));
      }
      for (const name of this.appends.keys()) {
        const i = this.positions.get(name);
        if (i !== undefined && !this.dirty.has(name)) this.append(list[i]!);
      }
    } else {
      this.checkAllNodes(nodes, groupNames);
      this.positions = new Map(nodes.map((n, i) => [n.name, i]));
    }
    this.lastNodes = nodes;
    this.lastGroups = groupNames;
    this.dirty.clear();
    this.appends.clear();
  }

  private sameNodesAsLastLoop(nodes: readonly Node[], groupNames: readonly (string | undefined)[]): boolean {
    const last = this.lastNodes;
    const lastGroups = this.lastGroups;
    if (nodes.length !== last.length || this.snapshot.nodes.length !== nodes.length) return false;
    for (let i = 0; i < nodes.length; i++) if (nodes[i] !== last[i] || groupNames[i] !== lastGroups[i]) return false;
    return true;
  }

  private checkAllNodes(nodes: readonly Node[], groupNames: readonly (string | undefined)[]): void {
    const list = this.snapshot.nodes;
    let sameOrder = list.length === nodes.length;
    for (let i = 0; sameOrder && i < nodes.length; i++) sameOrder = list[i]!.name === nodes[i]!.name;
    if (sameOrder) {
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        const group = groupNames[i];
        const sn = list[i]!;
        if (this.dirty.has(node.name) || stale(sn, node, group)) this.snapshot.replaceNodeAt(i, this.build(node, group));
        else this.append(sn);
      }
    } else {
      const byName = new Map(list.map((n) => [n.name, n]));
      const next = nodes.map((node, i) => {
        const group = groupNames[i];
        const sn = byName.get(node.name);
        if (!sn || this.dirty.has(node.name) || stale(sn, node, group)) return this.build(node, group);
        this.append(sn);
        return sn;
      });
      this.snapshot.setNodes(next);
    }
  }

  private append(sn: SnapshotNode): void {
    const list = this.appends.get(sn.name);
    if (list) for (const r of list) sn.addPod(r.pod);
  }

  private build(node: Node, group: string | undefined): SnapshotNode {
    const sn = new SnapshotNode(node.name, node.labels, node.taints, node.capacity, node.allocatable, node.unschedulable, 'registered', group, node);
    const recs = this.byNode.get(node.name);
    let last = -1;
    if (recs) {
      for (const r of [...recs].sort((a, b) => a.seq - b.seq)) {
        sn.addPod(r.pod);
        last = r.seq;
      }
    }
    if (last >= 0) this.lastSeq.set(node.name, last);
    else this.lastSeq.delete(node.name);
    return sn;
  }

  private check(nodes: readonly Node[], groupNames: readonly (string | undefined)[], exclude: ReadonlySet<string>, needs: boolean): void {
    const fresh = buildSnapshot(this.cluster, nodes, groupNames, exclude);
    const fail = (what: string): never => {
      throw new Error(`SnapshotCache differs from a full build: ${what}`);
    };
    if (fresh.needsTopology !== needs) fail(`needsTopology ${needs} vs ${fresh.needsTopology}`);
    const a = this.snapshot.nodes;
    const b = fresh.snapshot.nodes;
    if (a.length !== b.length) fail(`${a.length} nodes vs ${b.length}`);
    for (let i = 0; i < a.length; i++) {
      const x = a[i]!;
      const y = b[i]!;
      if (x.name !== y.name || x.node !== y.node || x.groupName !== y.groupName || stale(x, y.node!, y.groupName)) fail(`node ${i}: ${x.name} vs ${y.name}`);
      const px = [...x.pods.values()];
      const py = [...y.pods.values()];
      if (px.length !== py.length || px.some((p, j) => p !== py[j])) fail(`pods of ${x.name}: ${px.map((p) => p.uid).join(',')} vs ${py.map((p) => p.uid).join(',')}`);
      if (x.terminating !== y.terminating) fail(`terminating of ${x.name}`);
      if (JSON.stringify(x.requested) !== JSON.stringify(y.requested)) fail(`requested of ${x.name}`);
      if ([...x.hostPortsInUse].join() !== [...y.hostPortsInUse].join()) fail(`host ports of ${x.name}`);
    }
  }
}

function stale(sn: SnapshotNode, node: Node, group: string | undefined): boolean {
  return (
    sn.node !== node ||
    sn.labels !== node.labels ||
    sn.taints !== node.taints ||
    sn.capacity !== node.capacity ||
    sn.allocatable !== node.allocatable ||
    sn.unschedulable !== node.unschedulable ||
    sn.groupName !== group
  );
}
