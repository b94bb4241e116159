import { TaintKeys, type Labels, type Node, type NodeClaim, type NodeClaimStatus, type Pod, type Taint } from '../../model/index.js';
import { blockingPdb } from '../../scheduling/index.js';
import type { EvictionResult } from '../cluster.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import type { ClusterCache } from './cache.js';
import { sleep, type Clock } from './clock.js';
import { FleetsimAnnotations } from './constants.js';
import { nodeClaimStatusToKube, nodeClaimToKube, taintToKube, UNIX_TIME, type KubeNode } from './convert/index.js';
import type { KubeApi } from './kube-api.js';
import type { Overlays } from './overlays.js';
import { httpStatus, type WriteQueue } from './writer.js';

export interface EvictionRetry extends BackoffOptions {
  /** Attempts in all (the first included) before the eviction is reported as failed. */
  readonly maxAttempts: number;
}

export interface WriteDeps {
  readonly cache: ClusterCache;
  readonly api: KubeApi;
  readonly queue: WriteQueue;
  readonly clock: Clock;
  readonly pods: Overlays<Pod>;
  readonly nodes: Overlays<Node>;
  readonly claims: Overlays<NodeClaim>;
  readonly eviction: EvictionRetry;
  /** Read-modify-write attempts on 409 Conflict (node taints). */
  readonly conflictRetries: number;
  /** Re-read an object from the server into the cache (after a failed write). */
  readonly resync: (kind: 'pod' | 'node' | 'nodeclaim', id: string) => Promise<void>;
}

const splitUid = (uid: string): [string, string] => {
  const i = uid.indexOf('/');
  return i < 0 ? ['default', uid] : [uid.slice(0, i), uid.slice(i + 1)];
};

/** MicroTime precision, as the value will come back from the server. */
function toMicros(at: number): number {
  const whole = Math.floor(at);
  return whole + Math.min(999_999, Math.round((at - whole) * 1e6)) / 1e6;
}

const TIME_KEYS = new Set(['launchRequestedAt', 'launchedAt', 'registeredAt', 'initializedAt', 'deletionAt', 'driftedAt', 'lastPodEventAt']);

/**
 * The port's writes, live: each applies its change to the cache at once (listeners hear of it
 * synchronously, as in the simulation), registers it as an overlay until the server shows it, and
 * queues the request. A request that finally fails is reported through onError and the object is
 * re-read from the server, which undoes the optimistic change in the cache.
 */
export class LiveWrites {
  constructor(private readonly d: WriteDeps) {}

  evictPod(uid: string): EvictionResult {
    const pod = this.d.cache.pods.get(uid);
    if (!pod) return { ok: false, reason: 'not-found' };
    if (pod.status.deletionAt !== undefined) return { ok: true };
    const pdb = this.blockedBy(pod);
    if (pdb !== undefined) return { ok: false, reason: 'pdb', pdb };
    const at = this.d.clock.now();
    this.mutatePod(uid, 'evict', (p) => (p.status.deletionAt !== undefined ? p : { ...p, status: { ...p.status, deletionAt: at } }), () => this.evictWithRetry(uid));
    return { ok: true };
  }

  evictionBlockedBy(uid: string): string | undefined {
    const pod = this.d.cache.pods.get(uid);
    return pod ? this.blockedBy(pod) : undefined;
  }

  deletePod(uid: string): void {
    const pod = this.d.cache.pods.get(uid);
    if (!pod) return;
    const key = `pod/${uid}`;
    this.d.cache.bury(key);
    this.d.pods.clear(key);
    this.d.cache.deletePod(uid);
    const [ns, name] = splitUid(uid);
    this.d.queue.enqueue(key, 'delete-pod', () => this.d.api.deletePod(ns, name), async () => {
      this.d.cache.unbury(key);
      await this.d.resync('pod', uid);
    });
  }

  nominatePod(uid: string, nodeName: string | undefined): void {
    const pod = this.d.cache.pods.get(uid);
    if (!pod || pod.status.nodeName !== undefined || pod.status.nominatedNodeName === nodeName) return;
    const [ns, name] = splitUid(uid);
    this.mutatePod(
      uid,
      'nominate',
      (p) => {
        const status = { ...p.status };
        if (nodeName === undefined) delete status.nominatedNodeName;
        else status.nominatedNodeName = nodeName;
        return { ...p, status };
      },
      () => this.d.api.patchPodAnnotations(ns, name, { [FleetsimAnnotations.nominatedNode]: nodeName ?? null }),
    );
  }

  createNodeClaim(claim: NodeClaim): void {
    if (this.d.cache.claims.has(claim.name)) throw new Error(`NodeClaim ${claim.name} already exists`);
    const key = `nodeclaim/${claim.name}`;
    this.d.cache.unbury(key);
    this.d.cache.setClaim({ ...claim, status: { ...claim.status } });
    this.d.queue.enqueue(key, 'create-nodeclaim', () => this.d.api.createNodeClaim(nodeClaimToKube(claim, UNIX_TIME)), () => this.d.resync('nodeclaim', claim.name));
  }

  updateNodeClaimStatus(name: string, patch: Partial<NodeClaimStatus>): void {
    if (!this.d.cache.claims.has(name)) throw new Error(`NodeClaim ${name} does not exist`);
    const exact: Record<string, unknown> = { ...patch };
    for (const k of Object.keys(exact)) if (TIME_KEYS.has(k) && typeof exact[k] === 'number') exact[k] = toMicros(exact[k] as number);
    const key = `nodeclaim/${name}`;
    const mutate = (c: NodeClaim): NodeClaim => {
      const status = { ...c.status, ...exact } as Record<string, unknown>;
      for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
      return { ...c, status: status as NodeClaimStatus };
    };
    const remove = this.d.claims.add(key, mutate);
    this.d.cache.setClaim(mutate(this.d.cache.claims.get(name)!));
    this.d.queue.enqueue(key, 'update-nodeclaim-status', () => this.d.api.patchNodeClaimStatus(name, nodeClaimStatusToKube(patch, UNIX_TIME)), async () => {
      remove();
      await this.d.resync('nodeclaim', name);
    });
  }

  deleteNodeClaim(name: string): void {
    const key = `nodeclaim/${name}`;
    if (!this.d.cache.claims.has(name)) return;
    this.d.cache.bury(key);
    this.d.claims.clear(key);
    this.d.cache.deleteClaim(name);
    this.d.queue.enqueue(key, 'delete-nodeclaim', () => this.d.api.deleteNodeClaim(name), async () => {
      this.d.cache.unbury(key);
      await this.d.resync('nodeclaim', name);
    });
  }

  setNodeLabels(name: string, labels: Labels): void {
    this.mustNode(name);
    this.mutateNode(name, 'label', (n) => ({ ...n, labels: { ...n.labels, ...labels } }), () => this.d.api.patchNode(name, { metadata: { labels } }));
  }

  addNodeTaint(name: string, taint: Taint): void {
    this.mustNode(name);
    const apply = (taints: readonly Taint[]): Taint[] => [...taints.filter((t) => !(t.key === taint.key && t.effect === taint.effect)), { ...taint }];
    this.mutateNode(name, 'taint', (n) => (hasTaint(n.taints, taint) ? n : { ...n, taints: apply(n.taints) }), () => this.patchTaints(name, apply));
  }

  removeNodeTaint(name: string, key: string): void {
    const node = this.mustNode(name);
    if (!node.taints.some((t) => t.key === key)) return;
    const apply = (taints: readonly Taint[]): Taint[] => taints.filter((t) => t.key !== key);
    this.mutateNode(name, 'untaint', (n) => (n.taints.some((t) => t.key === key) ? { ...n, taints: apply(n.taints) } : n), () => this.patchTaints(name, apply));
  }

  /** spec.unschedulable; the cache also shows the node.kubernetes.io/unschedulable taint the node controller adds. */
  cordonNode(name: string, cordoned: boolean): void {
    const node = this.mustNode(name);
    if (node.unschedulable === cordoned) return;
    const mutate = (n: Node): Node => {
      const rest = n.taints.filter((t) => t.key !== TaintKeys.unschedulable);
      return { ...n, unschedulable: cordoned, taints: cordoned ? [...rest, { key: TaintKeys.unschedulable, effect: 'NoSchedule' }] : rest };
    };
    this.mutateNode(name, 'cordon', mutate, () => this.d.api.patchNode(name, { spec: { unschedulable: cordoned ? true : null } }));
  }

  /** The Node goes, and with it (in the cache at once) the pods bound to it. */
  deleteNode(name: string): void {
    if (!this.d.cache.nodes.has(name)) return;
    for (const pod of [...(this.d.cache.podsByNode.get(name)?.values() ?? [])]) {
      this.d.cache.bury(`pod/${pod.uid}`);
      this.d.cache.deletePod(pod.uid);
    }
    const key = `node/${name}`;
    this.d.cache.bury(key);
    this.d.nodes.clear(key);
    this.d.cache.deleteNode(name);
    this.d.queue.enqueue(key, 'delete-node', () => this.d.api.deleteNode(name), async () => {
      this.d.cache.unbury(key);
      await this.d.resync('node', name);
    });
  }

  // ---- helpers ----

  private blockedBy(pod: Pod): string | undefined {
    const pdbs = [...this.d.cache.pdbs.values()];
    if (pdbs.length === 0) return undefined;
    const peers = [...this.d.cache.pods.values()].filter((p) => p.namespace === pod.namespace);
    return blockingPdb(pod, pdbs, peers)?.name;
  }

  private mustNode(name: string): Node {
    const node = this.d.cache.nodes.get(name);
    if (!node) throw new Error(`node ${name} does not exist`);
    return node;
  }

  private mutatePod(uid: string, op: string, mutate: (p: Pod) => Pod, send: () => Promise<void>): void {
    const key = `pod/${uid}`;
    const remove = this.d.pods.add(key, mutate);
    this.d.cache.setPod(mutate(this.d.cache.pods.get(uid)!));
    this.d.queue.enqueue(key, op, send, async () => {
      remove();
      await this.d.resync('pod', uid);
    });
  }

  private mutateNode(name: string, op: string, mutate: (n: Node) => Node, send: () => Promise<void>): void {
    const key = `node/${name}`;
    const remove = this.d.nodes.add(key, mutate);
    this.d.cache.setNode(mutate(this.d.cache.nodes.get(name)!));
    this.d.queue.enqueue(key, op, send, async () => {
      remove();
      await this.d.resync('node', name);
    });
  }

  /** Read-modify-write of spec.taints with the node's resourceVersion as precondition; retried on 409. */
  private async patchTaints(name: string, apply: (taints: readonly Taint[]) => Taint[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const node: KubeNode | undefined = await this.d.api.readNode(name);
      if (!node) throw Object.assign(new Error(`node ${name} not found`), { code: 404 });
      const current = (node.spec?.taints ?? []).map((t) => ({ key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) })) as Taint[];
      const taints = apply(current).map(taintToKube);
      try {
        await this.d.api.patchNode(name, { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { taints } });
        return;
      } catch (e) {
        if (httpStatus(e) !== 409 || attempt >= this.d.conflictRetries) throw e;
      }
    }
  }

  /** The Eviction API with retries on 429 (a PDB, or API priority and fairness) under exponential backoff. */
  private async evictWithRetry(uid: string): Promise<void> {
    const [ns, name] = splitUid(uid);
    const backoff = new Backoff(this.d.eviction);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.d.api.evict(ns, name);
        return;
      } catch (e) {
        const code = httpStatus(e);
        if (code === 404) return;
        if (code !== 429 || attempt >= this.d.eviction.maxAttempts) throw e;
        await sleep(this.d.clock, backoff.next());
      }
    }
  }
}

function hasTaint(taints: readonly Taint[], taint: Taint): boolean {
  return taints.some((t) => t.key === taint.key && t.effect === taint.effect && (t.value ?? '') === (taint.value ?? ''));
}
