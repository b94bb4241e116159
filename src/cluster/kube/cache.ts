import type { DaemonSet, Node, NodeClaim, Pod, PodDisruptionBudget, PriorityClass } from '../../model/index.js';
import type { ClusterEvent, ClusterListener } from '../cluster.js';
import type { Clock } from './clock.js';

/**
 * The KubeCluster's in-memory view: pods (with by-node and pending indexes), nodes, NodeClaims, PDBs,
 * DaemonSets and PriorityClasses, kept from informer events and from the adapter's own optimistic
 * writes. Every change of a pod, node or NodeClaim is announced to the listeners (an object equal to the
 * cached one is not a change). Objects are replaced, never mutated, so one handed out stays as it was.
 *
 * Tombstones: an object the adapter deleted itself stays hidden from informer updates until the server
 * reports its deletion (or a list no longer has it), or for `tombstoneSeconds`, so a pod that is still
 * terminating on the server does not come back.
 */
export class ClusterCache {
  readonly pods = new Map<string, Pod>();
  readonly podsByNode = new Map<string, Map<string, Pod>>();
  readonly pending = new Map<string, Pod>();
  readonly nodes = new Map<string, Node>();
  readonly claims = new Map<string, NodeClaim>();
  readonly pdbs = new Map<string, PodDisruptionBudget>();
  readonly daemonSets = new Map<string, DaemonSet>();
  readonly priorityClasses = new Map<string, PriorityClass>();
  private readonly listeners = new Set<ClusterListener>();
  private readonly tombstones = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly tombstoneSeconds: number,
  ) {}

  watch(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // ---- tombstones (keys: "pod/<uid>", "node/<name>", "nodeclaim/<name>") ----

  bury(key: string): void {
    this.tombstones.set(key, this.clock.now() + this.tombstoneSeconds);
  }

  unbury(key: string): void {
    this.tombstones.delete(key);
  }

  buried(key: string): boolean {
    const until = this.tombstones.get(key);
    if (until === undefined) return false;
    if (this.clock.now() < until) return true;
    this.tombstones.delete(key);
    return false;
  }

  /** Forget tombstones of objects a fresh list no longer has (their deletion is complete). */
  settleTombstones(prefix: string, listedKeys: ReadonlySet<string>): void {
    for (const key of [...this.tombstones.keys()]) if (key.startsWith(prefix) && !listedKeys.has(key)) this.tombstones.delete(key);
  }

  // ---- pods ----

  setPod(pod: Pod): void {
    const old = this.pods.get(pod.uid);
    if (old && same(old, pod)) return;
    if (old) this.unindex(old);
    this.pods.set(pod.uid, pod);
    this.index(pod);
    this.emit({ kind: old ? 'pod-updated' : 'pod-added', pod });
  }

  deletePod(uid: string): Pod | undefined {
    const old = this.pods.get(uid);
    if (!old) return undefined;
    this.unindex(old);
    this.pods.delete(uid);
    this.emit({ kind: 'pod-deleted', pod: old });
    return old;
  }

  private index(pod: Pod): void {
    const node = pod.status.nodeName;
    if (node !== undefined) {
      let m = this.podsByNode.get(node);
      if (!m) this.podsByNode.set(node, (m = new Map()));
      m.set(pod.uid, pod);
    } else if (pod.status.phase === 'Pending') this.pending.set(pod.uid, pod);
  }

  private unindex(pod: Pod): void {
    const node = pod.status.nodeName;
    if (node !== undefined) {
      const m = this.podsByNode.get(node);
      m?.delete(pod.uid);
      if (m && m.size === 0) this.podsByNode.delete(node);
    }
    this.pending.delete(pod.uid);
  }

  // ---- nodes and NodeClaims ----

  setNode(node: Node): void {
    const old = this.nodes.get(node.name);
    if (old && same(old, node)) return;
    this.nodes.set(node.name, node);
    this.emit({ kind: old ? 'node-updated' : 'node-added', node });
  }

  deleteNode(name: string): Node | undefined {
    const old = this.nodes.get(name);
    if (!old) return undefined;
    this.nodes.delete(name);
    this.emit({ kind: 'node-deleted', node: old });
    return old;
  }

  setClaim(nodeClaim: NodeClaim): void {
    const old = this.claims.get(nodeClaim.name);
    if (old && same(old, nodeClaim)) return;
    this.claims.set(nodeClaim.name, nodeClaim);
    this.emit({ kind: old ? 'nodeclaim-updated' : 'nodeclaim-added', nodeClaim });
  }

  deleteClaim(name: string): NodeClaim | undefined {
    const old = this.claims.get(name);
    if (!old) return undefined;
    this.claims.delete(name);
    this.emit({ kind: 'nodeclaim-deleted', nodeClaim: old });
    return old;
  }

  private emit(event: ClusterEvent): void {
    for (const l of [...this.listeners]) l(event);
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
