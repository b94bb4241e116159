import { isTerminal, type Pod, type PodSpec } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { ClusterEvent } from '../cluster.js';
import { ownerKey, podOwnerKey, type ClusterStore } from './cluster-store.js';
import { DirtyQueue } from './dirty-queue.js';
import { scaleDownOrder } from './scale-down-rank.js';

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
  private readonly created = new Map<string, number>();
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
    if (e.kind !== 'pod-updated' && e.kind !== 'pod-deleted') return;
    const key = podOwnerKey(e.pod);
    if (key === undefined || !this.deployments.has(key)) return;
    if (e.kind === 'pod-deleted' || !isActive(e.pod)) this.queue.mark(key);
  }

  private reconcile(key: string): void {
    const d = this.deployments.get(key);
    if (!d) return;
    const active = [...this.store.podsOfOwner(key)].filter(isActive);
    const diff = d.replicas - active.length;
    for (let i = 0; i < diff; i++) {
      const pod = this.createPod(d.template);
      this.created.set(pod.uid, this.nextSeq++);
    }
    if (diff < 0) {
      const victims = scaleDownOrder(active, {
        now: this.clock.now(),
        seq: (p) => this.created.get(p.uid) ?? -1,
        node: (name) => this.store.nodes.get(name)?.node,
      }).slice(0, -diff);
      for (const pod of victims) {
        this.created.delete(pod.uid);
        this.deletePod(pod);
      }
    }
  }
}
