import type { DaemonSet, Labels, Node, NodeClaim, NodeClaimStatus, Pod, PodDisruptionBudget, PriorityClass, Taint } from '../../model/index.js';
import type { Cluster, ClusterListener, EvictionResult } from '../cluster.js';
import type { BackoffOptions } from './backoff.js';
import { ClusterCache } from './cache.js';
import type { KubeConfig, KubernetesObject } from './client.js';
import type { Clock } from './clock.js';
import { NodeClaimResource } from './constants.js';
import {
  daemonSetFromKube,
  nodeClaimFromKube,
  nodeFromKube,
  pdbFromKube,
  podFromKube,
  priorityClassFromKube,
  UNIX_TIME,
  type KubeDaemonSet,
  type KubeNode,
  type KubeNodeClaim,
  type KubePdb,
  type KubePod,
  type KubePriorityClass,
} from './convert/index.js';
import { ResourceInformer, type InformerHandlers } from './informer.js';
import { KubeApi } from './kube-api.js';
import { LiveWrites, type EvictionRetry } from './kube-writes.js';
import { Overlays } from './overlays.js';
import { WriteQueue, type WriteFailure } from './writer.js';

export interface KubeClusterOptions {
  /** Failed writes (after their retries) and watch/list failures (op "watch", key the resource path). Default: a line on stderr. */
  readonly onError?: (failure: WriteFailure) => void;
  /** Restart delays of a failed watch or list. Default 1 s doubling to 30 s. */
  readonly informerBackoff?: BackoffOptions;
  /** Eviction retries on 429. Default 1 s doubling to 30 s, 8 attempts. */
  readonly eviction?: EvictionRetry;
  /** Read-modify-write attempts of node taints on 409 Conflict. Default 5. */
  readonly conflictRetries?: number;
  /** Start every informer over with a fresh list this often (0: never). Default 0. */
  readonly resyncSeconds?: number;
  /** How long objects the adapter deleted stay hidden from stale updates. Default 120 s. */
  readonly tombstoneSeconds?: number;
  /** How long an optimistic change not yet seen from the server is re-applied to updates. Default 30 s. */
  readonly overlaySeconds?: number;
  /** Watch fleetsim's NodeClaims (needs the CRD, deploy/crds/). Default true. */
  readonly nodeClaims?: boolean;
}

function defaultOnError(f: WriteFailure): void {
  const e = f.error as { code?: unknown; message?: unknown };
  const message = typeof e?.message === 'string' ? e.message.split('\n')[0] : String(f.error);
  process.stderr.write(`fleetsim kube: ${f.op} ${f.key} failed${typeof e?.code === 'number' ? ` (HTTP ${e.code})` : ''}: ${message}\n`);
}

const podKey = (o: KubernetesObject): string => `${o.metadata?.namespace ?? 'default'}/${o.metadata?.name ?? ''}`;
const nsName = (o: { namespace: string; name: string }): string => `${o.namespace}/${o.name}`;

/**
 * The Cluster port over a real API server (client-node). Reads are synchronous, from a cache kept by
 * list/watch informers (pods, nodes, PDBs, DaemonSets, PriorityClasses, fleetsim NodeClaims). Writes
 * are asynchronous underneath: each port method changes the cache at once (announced to watchers at
 * once, as in the simulation), then sends the request (Eviction API with retries on 429, merge patches
 * for labels, cordon and annotations, taints by read-modify-write with resourceVersion preconditions,
 * deletes, NodeClaim create/status/delete). A request that fails for good is reported through `onError`
 * and the object is re-read, so the cache converges to the server's truth. `idle()` waits for the writes.
 *
 * Pods are identified as `namespace/name`, as in the simulation. Times are Unix seconds (use the wall
 * clock). Credentials come only from the KubeConfig (kubeconfig file or in-cluster service account).
 */
export class KubeCluster implements Cluster {
  readonly api: KubeApi;
  readonly informers: ReadonlyMap<string, ResourceInformer<KubernetesObject>>;
  private readonly cache: ClusterCache;
  private readonly queue: WriteQueue;
  private readonly writes: LiveWrites;
  private readonly podOverlays: Overlays<Pod>;
  private readonly nodeOverlays: Overlays<Node>;
  private readonly claimOverlays: Overlays<NodeClaim>;
  private readonly report: (f: WriteFailure) => void;

  constructor(kubeConfig: KubeConfig, clock: Clock, options: KubeClusterOptions = {}) {
    this.report = options.onError ?? defaultOnError;
    this.api = new KubeApi(kubeConfig);
    this.cache = new ClusterCache(clock, options.tombstoneSeconds ?? 120);
    this.queue = new WriteQueue(this.report);
    const ttl = options.overlaySeconds ?? 30;
    this.podOverlays = new Overlays(clock, ttl);
    this.nodeOverlays = new Overlays(clock, ttl);
    this.claimOverlays = new Overlays(clock, ttl);
    this.writes = new LiveWrites({
      cache: this.cache,
      api: this.api,
      queue: this.queue,
      clock,
      pods: this.podOverlays,
      nodes: this.nodeOverlays,
      claims: this.claimOverlays,
      eviction: options.eviction ?? { initialSeconds: 1, maxSeconds: 30, maxAttempts: 8 },
      conflictRetries: options.conflictRetries ?? 5,
      resync: (kind, id) => this.resyncObject(kind, id),
    });
    const informerOptions = (path: string) => ({
      backoff: options.informerBackoff ?? { initialSeconds: 1, maxSeconds: 30 },
      resyncSeconds: options.resyncSeconds ?? 0,
      onError: (error: unknown) => this.report({ op: 'watch', key: path, error }),
    });
    const informers = new Map<string, ResourceInformer<KubernetesObject>>();
    const add = (name: string, path: string, list: () => Promise<{ items: KubernetesObject[] }>, h: InformerHandlers<KubernetesObject>): void => {
      informers.set(name, new ResourceInformer(kubeConfig, clock, path, list as never, h, informerOptions(path)));
    };
    add('pods', '/api/v1/pods', this.api.listPods, this.podHandlers());
    add('nodes', '/api/v1/nodes', this.api.listNodes, this.nodeHandlers());
    add('poddisruptionbudgets', '/apis/policy/v1/poddisruptionbudgets', this.api.listPdbs, mapHandlers(this.cache.pdbs, (o) => pdbFromKube(o as KubePdb), nsName, this.report));
    add('daemonsets', '/apis/apps/v1/daemonsets', this.api.listDaemonSets, mapHandlers(this.cache.daemonSets, (o) => daemonSetFromKube(o as KubeDaemonSet), nsName, this.report));
    add('priorityclasses', '/apis/scheduling.k8s.io/v1/priorityclasses', this.api.listPriorityClasses, mapHandlers(this.cache.priorityClasses, (o) => priorityClassFromKube(o as KubePriorityClass), (pc) => pc.name, this.report));
    if (options.nodeClaims ?? true) {
      add('nodeclaims', `/apis/${NodeClaimResource.group}/${NodeClaimResource.version}/${NodeClaimResource.plural}`, this.api.listNodeClaims, this.claimHandlers());
    }
    this.informers = informers;
  }

  /** Start every informer; resolves when each has delivered its first list. */
  async start(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.start()));
  }

  stop(): void {
    for (const i of this.informers.values()) i.stop();
  }

  /** Resolves when no write request is queued or running. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  // ---- reads ----

  pods(): Iterable<Pod> {
    return this.cache.pods.values();
  }
  pod(uid: string): Pod | undefined {
    return this.cache.pods.get(uid);
  }
  podsOnNode(nodeName: string): Iterable<Pod> {
    return this.cache.podsByNode.get(nodeName)?.values() ?? [];
  }
  pendingPods(): Iterable<Pod> {
    return this.cache.pending.values();
  }
  nodes(): Iterable<Node> {
    return this.cache.nodes.values();
  }
  node(name: string): Node | undefined {
    return this.cache.nodes.get(name);
  }
  nodeClaims(): Iterable<NodeClaim> {
    return this.cache.claims.values();
  }
  nodeClaim(name: string): NodeClaim | undefined {
    return this.cache.claims.get(name);
  }
  pdbs(): readonly PodDisruptionBudget[] {
    return [...this.cache.pdbs.values()];
  }
  daemonSets(): readonly DaemonSet[] {
    return [...this.cache.daemonSets.values()];
  }
  priorityClasses(): readonly PriorityClass[] {
    return [...this.cache.priorityClasses.values()];
  }
  watch(listener: ClusterListener): () => void {
    return this.cache.watch(listener);
  }

  // ---- writes (see LiveWrites) ----

  evictionBlockedBy(podUid: string): string | undefined {
    return this.writes.evictionBlockedBy(podUid);
  }
  evictPod(podUid: string): EvictionResult {
    return this.writes.evictPod(podUid);
  }
  deletePod(podUid: string): void {
    this.writes.deletePod(podUid);
  }
  createNodeClaim(claim: NodeClaim): void {
    this.writes.createNodeClaim(claim);
  }
  updateNodeClaimStatus(name: string, patch: Partial<NodeClaimStatus>): void {
    this.writes.updateNodeClaimStatus(name, patch);
  }
  deleteNodeClaim(name: string): void {
    this.writes.deleteNodeClaim(name);
  }
  nominatePod(podUid: string, nodeName: string | undefined): void {
    this.writes.nominatePod(podUid, nodeName);
  }
  setNodeLabels(nodeName: string, labels: Labels): void {
    this.writes.setNodeLabels(nodeName, labels);
  }
  addNodeTaint(nodeName: string, taint: Taint): void {
    this.writes.addNodeTaint(nodeName, taint);
  }
  removeNodeTaint(nodeName: string, key: string): void {
    this.writes.removeNodeTaint(nodeName, key);
  }
  cordonNode(nodeName: string, cordoned: boolean): void {
    this.writes.cordonNode(nodeName, cordoned);
  }
  deleteNode(nodeName: string): void {
    this.writes.deleteNode(nodeName);
  }

  // ---- informer handlers ----

  private convert<T>(what: string, o: KubernetesObject, f: () => T): T | undefined {
    try {
      return f();
    } catch (error) {
      this.report({ op: 'convert', key: `${what}/${podKey(o)}`, error });
      return undefined;
    }
  }

  private podHandlers(): InformerHandlers<KubernetesObject> {
    const upsert = (o: KubernetesObject): void => {
      const pod = this.convert('pod', o, () => podFromKube(o as KubePod, UNIX_TIME));
      if (!pod || this.cache.buried(`pod/${pod.uid}`)) return;
      this.cache.setPod(this.podOverlays.apply(`pod/${pod.uid}`, pod));
    };
    return {
      upsert,
      remove: (o) => {
        this.cache.unbury(`pod/${podKey(o)}`);
        this.cache.deletePod(podKey(o));
      },
      listed: (items) => {
        const keys = new Set(items.map((o) => `pod/${podKey(o)}`));
        for (const uid of [...this.cache.pods.keys()]) if (!keys.has(`pod/${uid}`) && !this.queue.busy(`pod/${uid}`)) this.cache.deletePod(uid);
        this.cache.settleTombstones('pod/', keys);
      },
    };
  }

  private nodeHandlers(): InformerHandlers<KubernetesObject> {
    const name = (o: KubernetesObject): string => o.metadata?.name ?? '';
    return {
      upsert: (o) => {
        const node = this.convert('node', o, () => nodeFromKube(o as KubeNode, UNIX_TIME));
        if (!node || this.cache.buried(`node/${node.name}`)) return;
        this.cache.setNode(this.nodeOverlays.apply(`node/${node.name}`, node));
      },
      remove: (o) => {
        this.cache.unbury(`node/${name(o)}`);
        this.cache.deleteNode(name(o));
      },
      listed: (items) => {
        const keys = new Set(items.map((o) => `node/${name(o)}`));
        for (const n of [...this.cache.nodes.keys()]) if (!keys.has(`node/${n}`) && !this.queue.busy(`node/${n}`)) this.cache.deleteNode(n);
        this.cache.settleTombstones('node/', keys);
      },
    };
  }

  private claimHandlers(): InformerHandlers<KubernetesObject> {
    const name = (o: KubernetesObject): string => o.metadata?.name ?? '';
    return {
      upsert: (o) => {
        const claim = this.convert('nodeclaim', o, () => nodeClaimFromKube(o as KubeNodeClaim, UNIX_TIME));
        if (!claim || this.cache.buried(`nodeclaim/${claim.name}`)) return;
        this.cache.setClaim(this.claimOverlays.apply(`nodeclaim/${claim.name}`, claim));
      },
      remove: (o) => {
        this.cache.unbury(`nodeclaim/${name(o)}`);
        this.cache.deleteClaim(name(o));
      },
      listed: (items) => {
        const keys = new Set(items.map((o) => `nodeclaim/${name(o)}`));
        for (const n of [...this.cache.claims.keys()]) if (!keys.has(`nodeclaim/${n}`) && !this.queue.busy(`nodeclaim/${n}`)) this.cache.deleteClaim(n);
        this.cache.settleTombstones('nodeclaim/', keys);
      },
    };
  }

  /** Re-read one object into the cache (gone on the server: gone from the cache). */
  private async resyncObject(kind: 'pod' | 'node' | 'nodeclaim', id: string): Promise<void> {
    if (kind === 'pod') {
      const i = id.indexOf('/');
      const o = await this.api.readPod(id.slice(0, i), id.slice(i + 1));
      if (!o) this.cache.deletePod(id);
      else this.cache.setPod(this.podOverlays.apply(`pod/${id}`, podFromKube(o, UNIX_TIME)));
    } else if (kind === 'node') {
      const o = await this.api.readNode(id);
      if (!o) this.cache.deleteNode(id);
      else this.cache.setNode(this.nodeOverlays.apply(`node/${id}`, nodeFromKube(o, UNIX_TIME)));
    } else {
      const o = await this.api.readNodeClaim(id);
      if (!o) this.cache.deleteClaim(id);
      else this.cache.setClaim(this.claimOverlays.apply(`nodeclaim/${id}`, nodeClaimFromKube(o, UNIX_TIME)));
    }
  }
}

/** Handlers for objects kept in a plain map (no change events in the port). */
function mapHandlers<T>(
  map: Map<string, T>,
  convert: (o: KubernetesObject) => T,
  keyOf: (t: T) => string,
  report: (f: WriteFailure) => void,
): InformerHandlers<KubernetesObject> {
  const safe = (o: KubernetesObject): T | undefined => {
    try {
      return convert(o);
    } catch (error) {
      report({ op: 'convert', key: `${o.kind ?? 'object'}/${podKey(o)}`, error });
      return undefined;
    }
  };
  return {
    upsert: (o) => {
      const t = safe(o);
      if (t !== undefined) map.set(keyOf(t), t);
    },
    remove: (o) => {
      const t = safe(o);
      if (t !== undefined) map.delete(keyOf(t));
    },
    listed: (items) => {
      map.clear();
      for (const o of items) {
        const t = safe(o);
        if (t !== undefined) map.set(keyOf(t), t);
      }
    },
  };
}
