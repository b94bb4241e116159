import { isTerminal, type Pod, type PodSpec } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { ClusterEvent } from '../cluster.js';
import { ownerKey, podOwnerKey, type ClusterStore } from './cluster-store.js';
import { DirtyQueue } from './dirty-queue.js';
import { scaleDownVictims } from './scale-down-rank.js';

interface Deployment {
  readonly namespace: string;
  readonly name: string;
  replicas: number;
  template: PodSpec;
}

/** A pod counts toward the replicas while it is neither finished nor being deleted (ReplicaSet's active pods). */
export function isActive(pod: Pod): boolean {
  return !isTerminal(pod) && pod.status.deletionAt === undefined;
}

/**
 * Deployments with their ReplicaSet: keeps `replicas` active pods, creating pods from the template
 * (owner ReplicaSet/<deployment name>) and replacing pods that were evicted, deleted (with their node or
 * by force), finished or lost; scale-down deletes gracefully in Kubernetes' ranking (`scaleDownOrder`, scale-down-rank.ts).
 */
export class ReplicaSetController {
  private readonly deployments = new Map<string, Deployment>();
  /** Creation sequence of the active pods this controller created (an entry goes when its pod stops being active). */
  private readonly created = new Map<string, number>();
  /**
   * Active pods per ReplicaSet owner key, in creation order (the store's order), kept up to date from the
   * store's events: a reconcile that has nothing to do costs O(1) instead of a scan of the set's pods.
   */
  private readonly active = new Map<string, Set<Pod>>();
  private nextSeq = 0;
  private readonly queue: DirtyQueue;

  constructor(
    private readonly store: ClusterStore,
    private readonly clock: Clock,
    private readonly createPod: (spec: PodSpec) => Pod,
    private readonly deletePod: (pod: Pod) => void,
  ) {
    this.queue = new DirtyQueue(clock, (key) => this.reconcile(key));
    store.watchInternal((e) => this.onEvent(e));
  }

  /** Pods whose creation sequence is kept (the active pods this controller created). */
  get trackedPods(): number {
    return this.created.size;
  }

  /** Desired replicas of a Deployment's ReplicaSet by owner key (for PDB percentages). */
  desiredReplicas(key: string): number | undefined {
    return this.deployments.get(key)?.replicas;
  }

  scale(namespace: string, name: string, replicas: number, template: PodSpec): void {
    if (!Number.isInteger(replicas) || replicas < 0) throw new RangeError(`replicas must be a non-negative integer, got ${replicas}`);
    const key = ownerKey(namespace, 'ReplicaSet', name);
    const spec: PodSpec = { ...template, namespace, owner: { kind: 'ReplicaSet', name } };
    const d = this.deployments.get(key);
    if (d) {
      d.replicas = replicas;
      d.template = spec;
    } else {
      this.deployments.set(key, { namespace, name, replicas, template: spec });
    }
    this.reconcile(key);
  }

  private onEvent(e: ClusterEvent): void {
    if (e.kind !== 'pod-added' && e.kind !== 'pod-updated' && e.kind !== 'pod-deleted') return;
    if (e.pod.owner?.kind !== 'ReplicaSet') return;
    const key = podOwnerKey(e.pod)!;
    if (e.kind === 'pod-added') {
      if (isActive(e.pod)) this.activeOf(key).add(e.pod);
      return;
    }
    const gone = e.kind === 'pod-deleted' || !isActive(e.pod);
    if (gone) {
      // A pod never becomes active again: its sequence is only read to rank active pods.
      this.created.delete(e.pod.uid);
      const set = this.active.get(key);
      if (set?.delete(e.pod) && set.size === 0 && !this.deployments.has(key)) this.active.delete(key);
    }
    if (gone && this.deployments.has(key)) this.queue.mark(key);
  }

  private activeOf(key: string): Set<Pod> {
    let set = this.active.get(key);
    if (!set) this.active.set(key, (set = new Set()));
    return set;
  }

  private reconcile(key: string): void {
    const d = this.deployments.get(key);
    if (!d) return;
    const active = this.activeOf(key);
    const diff = d.replicas - active.size;
    for (let i = 0; i < diff; i++) {
      const pod = this.createPod(d.template);
      this.created.set(pod.uid, this.nextSeq++);
    }
    if (diff < 0) {
      const victims = scaleDownVictims(
        [...active],
        {
          now: this.clock.now(),
          seq: (p) => this.created.get(p.uid) ?? -1,
          node: (name) => this.store.nodes.get(name)?.node,
        },
        -diff,
      );
      for (const pod of victims) {
        this.created.delete(pod.uid);
        this.deletePod(pod);
      }
    }
  }
}
