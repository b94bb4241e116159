import type { Pod } from '../../model/index.js';
import { pdbStatus } from '../../scheduling/index.js';
import type { ClusterEvent } from '../cluster.js';
import {
  daemonSetToKube,
  nodeClaimToKube,
  nodeToKube,
  pdbToKube,
  podToKube,
  priorityClassToKube,
  toTimestamp,
  type KubeObject,
  type TimeBase,
} from '../kube/convert/index.js';
import { countByOwner, deploymentToKube, type DeploymentRegistry, type ServedCluster } from './deployments.js';
import type { ResourceStore } from './store.js';

const ALWAYS_NAMESPACES = ['default', 'kube-system'];

/**
 * Mirrors a Cluster into the ResourceStore. Pods, nodes and NodeClaims follow the cluster's change
 * events (converted at once: the model's objects change in place later). PDBs, DaemonSets,
 * PriorityClasses, Deployments and Namespaces have no events in the port; `refresh()` diffs them (and
 * their status, which depends on pods) and records what changed. The server refreshes before every
 * request and on a timer, so watchers see those changes too.
 */
export class ClusterSync {
  private readonly podUids = new Map<string, string>();
  private readonly firstSeen = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly cluster: ServedCluster,
    private readonly store: ResourceStore,
    private readonly deployments: DeploymentRegistry,
    readonly base: TimeBase,
    private readonly now: () => number,
  ) {}

  start(): void {
    if (this.unsubscribe) return;
    for (const pod of this.cluster.pods()) this.onEvent({ kind: 'pod-added', pod });
    for (const node of this.cluster.nodes()) this.onEvent({ kind: 'node-added', node });
    for (const nodeClaim of this.cluster.nodeClaims()) this.onEvent({ kind: 'nodeclaim-added', nodeClaim });
    this.unsubscribe = this.cluster.watch((e) => this.onEvent(e));
    this.refresh();
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  /** The Cluster's uid of the pod `namespace/name`, if it exists. */
  podUid(namespace: string, name: string): string | undefined {
    return this.podUids.get(`${namespace}/${name}`);
  }

  /** Diff the objects that have no change events and record what changed. */
  refresh(): void {
    const pods = [...this.cluster.pods()];
    const byNamespace = new Map<string, Pod[]>();
    for (const p of pods) {
      let list = byNamespace.get(p.namespace);
      if (!list) byNamespace.set(p.namespace, (list = []));
      list.push(p);
    }
    const owners = countByOwner(pods);
    const pdbs = new Map<string, KubeObject>();
    for (const pdb of this.cluster.pdbs()) {
      pdbs.set(`${pdb.namespace}/${pdb.name}`, this.stamp(`pdb/${pdb.namespace}/${pdb.name}`, pdbToKube(pdb, pdbStatus(pdb, byNamespace.get(pdb.namespace) ?? []))));
    }
    this.sync('poddisruptionbudgets', pdbs);
    const daemonSets = new Map<string, KubeObject>();
    for (const ds of this.cluster.daemonSets()) {
      const k = `${ds.namespace}/${ds.name}`;
      const obj = daemonSetToKube(ds, this.seen(`ds/${k}`), this.base);
      const c = owners.get(`${ds.namespace}/DaemonSet/${ds.name}`);
      obj.status = {
        desiredNumberScheduled: c?.replicas ?? 0,
        currentNumberScheduled: c?.replicas ?? 0,
        numberReady: c?.ready ?? 0,
        numberAvailable: c?.ready ?? 0,
        updatedNumberScheduled: c?.replicas ?? 0,
        numberMisscheduled: 0,
        observedGeneration: 1,
      };
      daemonSets.set(k, obj);
    }
    this.sync('daemonsets', daemonSets);
    const deployments = new Map<string, KubeObject>();
    for (const d of this.deployments.list()) {
      deployments.set(`${d.namespace}/${d.name}`, deploymentToKube(d, owners.get(`${d.namespace}/ReplicaSet/${d.name}`), this.base));
    }
    this.sync('deployments', deployments);
    this.sync('priorityclasses', new Map(this.cluster.priorityClasses().map((pc) => [pc.name, priorityClassToKube(pc)])));
    const namespaces = new Set([...ALWAYS_NAMESPACES, ...byNamespace.keys(), ...[...pdbs.values(), ...daemonSets.values(), ...deployments.values()].map((o) => o.metadata.namespace ?? 'default')]);
    const nsObjects = new Map<string, KubeObject>();
    for (const name of namespaces) {
      nsObjects.set(name, this.stamp(`ns/${name}`, { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as KubeObject));
    }
    this.sync('namespaces', nsObjects);
  }

  private onEvent(e: ClusterEvent): void {
    if ('pod' in e) {
      const k = `${e.pod.namespace}/${e.pod.name}`;
      if (e.kind === 'pod-deleted') {
        this.podUids.delete(k);
        this.store.delete('pods', k);
      } else {
        this.podUids.set(k, e.pod.uid);
        this.store.put('pods', k, podToKube(e.pod, this.base));
      }
    } else if ('node' in e) {
      if (e.kind === 'node-deleted') this.store.delete('nodes', e.node.name);
      else this.store.put('nodes', e.node.name, nodeToKube(e.node, this.base));
    } else if (e.kind === 'nodeclaim-deleted') this.store.delete('nodeclaims', e.nodeClaim.name);
    else this.store.put('nodeclaims', e.nodeClaim.name, nodeClaimToKube(e.nodeClaim, this.base));
  }

  /** Make the store's `resource` hold exactly `objects` (puts are no-ops when unchanged). */
  private sync(resource: string, objects: Map<string, KubeObject>): void {
    for (const [k, obj] of objects) this.store.put(resource, k, obj);
    for (const stored of this.store.list(resource)) {
      const meta = stored.object.metadata;
      const k = meta.namespace !== undefined ? `${meta.namespace}/${meta.name}` : (meta.name ?? '');
      if (!objects.has(k)) this.store.delete(resource, k);
    }
  }

  private seen(id: string): number {
    let at = this.firstSeen.get(id);
    if (at === undefined) this.firstSeen.set(id, (at = this.now()));
    return at;
  }

  private stamp<T extends KubeObject>(id: string, obj: T): T {
    obj.metadata.creationTimestamp ??= toTimestamp(this.seen(id), this.base);
    return obj;
  }
}
