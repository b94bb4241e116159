import type { Cluster, ClusterEvent, ClusterListener, EvictionResult } from '../../cluster/cluster.js';
import type { DaemonSet, Labels, Node, NodeClaim, NodeClaimStatus, Pod, PodDisruptionBudget, PriorityClass, Taint } from '../../model/index.js';
import type { Interceptions } from './interceptions.js';

/**
 * The Cluster port in dry run: reads come from the real cluster; NodeClaim writes go to an in-memory
 * overlay (announced to watchers like real changes, so the engine sees its own plans); every other write
 * (evictions, pod deletes, node labels, taints, cordons, node deletes) is not performed — it is reported
 * as "would ..." and the real object stays as it is. Nominations (a bookkeeping annotation) are dropped.
 * Evictions answer what the real cluster would: refused while a PDB blocks, otherwise ok.
 */
export class DryRunCluster implements Cluster {
  /** name → the overlaid claim, or null when the dry run deleted it. */
  private readonly claims = new Map<string, NodeClaim | null>();
  private readonly listeners = new Set<ClusterListener>();

  constructor(
    private readonly real: Cluster,
    private readonly intercept: Interceptions,
  ) {}

  // ---- reads ----
  pods(): Iterable<Pod> {
    return this.real.pods();
  }
  pod(uid: string): Pod | undefined {
    return this.real.pod(uid);
  }
  podsOnNode(nodeName: string): Iterable<Pod> {
    return this.real.podsOnNode(nodeName);
  }
  pendingPods(): Iterable<Pod> {
    return this.real.pendingPods();
  }
  nodes(): Iterable<Node> {
    return this.real.nodes();
  }
  node(name: string): Node | undefined {
    return this.real.node(name);
  }
  *nodeClaims(): Iterable<NodeClaim> {
    for (const c of this.real.nodeClaims()) if (!this.claims.has(c.name)) yield c;
    for (const c of this.claims.values()) if (c) yield c;
  }
  nodeClaim(name: string): NodeClaim | undefined {
    const o = this.claims.get(name);
    return o === undefined ? this.real.nodeClaim(name) : (o ?? undefined);
  }
  pdbs(): readonly PodDisruptionBudget[] {
    return this.real.pdbs();
  }
  daemonSets(): readonly DaemonSet[] {
    return this.real.daemonSets();
  }
  priorityClasses(): readonly PriorityClass[] {
    return this.real.priorityClasses();
  }
  evictionBlockedBy(podUid: string): string | undefined {
    return this.real.evictionBlockedBy(podUid);
  }

  watch(listener: ClusterListener): () => void {
    this.listeners.add(listener);
    const off = this.real.watch((e) => {
      // The overlay wins over the real claim of the same name.
      if ((e.kind === 'nodeclaim-added' || e.kind === 'nodeclaim-updated' || e.kind === 'nodeclaim-deleted') && this.claims.has(e.nodeClaim.name)) return;
      listener(e);
    });
    return () => {
      this.listeners.delete(listener);
      off();
    };
  }

  private emit(e: ClusterEvent): void {
    for (const l of [...this.listeners]) l(e);
  }

  // ---- NodeClaims: in-memory overlay ----
  createNodeClaim(claim: NodeClaim): void {
    if (this.nodeClaim(claim.name)) throw new Error(`NodeClaim ${claim.name} already exists`);
    this.claims.set(claim.name, claim);
    this.emit({ kind: 'nodeclaim-added', nodeClaim: claim });
  }

  updateNodeClaimStatus(name: string, patch: Partial<NodeClaimStatus>): void {
    const current = this.nodeClaim(name);
    if (!current) return;
    const next: NodeClaim = { ...current, status: { ...current.status, ...patch } };
    this.claims.set(name, next);
    this.emit({ kind: 'nodeclaim-updated', nodeClaim: next });
  }

  deleteNodeClaim(name: string): void {
    const current = this.nodeClaim(name);
    if (!current) return;
    this.claims.set(name, null);
    this.emit({ kind: 'nodeclaim-deleted', nodeClaim: current });
  }

  /** Claims only the dry run knows (planned, never written to the cluster). */
  overlayClaims(): NodeClaim[] {
    return [...this.claims.values()].filter((c): c is NodeClaim => c !== null && !this.real.nodeClaim(c.name));
  }

  // ---- everything else: reported, not performed ----
  evictPod(podUid: string): EvictionResult {
    const pod = this.real.pod(podUid);
    if (!pod) return { ok: false, reason: 'not-found' };
    const pdb = this.real.evictionBlockedBy(podUid);
    if (pdb !== undefined) return { ok: false, reason: 'pdb', pdb };
    this.intercept.would('evict', `${pod.namespace}/${pod.name}`, `evict pod ${pod.namespace}/${pod.name} from ${pod.status.nodeName ?? 'no node'}`);
    return { ok: true };
  }

  deletePod(podUid: string): void {
    const pod = this.real.pod(podUid);
    this.intercept.would('delete-pod', podUid, `delete pod ${pod ? `${pod.namespace}/${pod.name}` : podUid}`);
  }

  nominatePod(_podUid: string, _nodeName: string | undefined): void {
    // A bookkeeping annotation: nothing to report, nothing written.
  }

  setNodeLabels(nodeName: string, labels: Labels): void {
    const text = Object.entries(labels)
      .map(([k, v]) => `${k}=${v}`)
      .join(', ');
    this.intercept.would('label', nodeName, `label node ${nodeName} ${text}`);
  }

  addNodeTaint(nodeName: string, taint: Taint): void {
    this.intercept.would('taint', `${nodeName}/${taint.key}`, `taint node ${nodeName} ${taint.key}${taint.value ? `=${taint.value}` : ''}:${taint.effect}`);
  }

  removeNodeTaint(nodeName: string, key: string): void {
    if (!this.real.node(nodeName)?.taints.some((t) => t.key === key)) return;
    this.intercept.would('untaint', `${nodeName}/${key}`, `remove taint ${key} from node ${nodeName}`);
  }

  cordonNode(nodeName: string, cordoned: boolean): void {
    this.intercept.would(cordoned ? 'cordon' : 'uncordon', nodeName, `${cordoned ? 'cordon' : 'uncordon'} node ${nodeName}`);
  }

  deleteNode(nodeName: string): void {
    this.intercept.would('delete-node', nodeName, `delete node ${nodeName}`);
  }
}
