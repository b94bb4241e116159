import type { Pod, PodSpec } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { ClusterEvent } from '../cluster.js';
import { ownerKey, podOwnerKey, type ClusterStore } from './cluster-store.js';
import { DirtyQueue } from './dirty-queue.js';
import { isActive } from './replicaset-controller.js';

interface Job {
  readonly namespace: string;
  readonly name: string;
  readonly template: PodSpec;
  readonly completions: number;
  readonly parallelism: number;
  /** Uids of the pods that succeeded; dropped (undefined) once the Job is complete and has no pod left. */
  succeeded: Set<string> | undefined;
  succeededCount: number;
}

export interface JobStatus {
  readonly succeeded: number;
  readonly active: number;
  readonly complete: boolean;
}

/**
 * Jobs: run pods from the template (owner Job/<name>) until `completions` of them succeeded, with at
 * most `parallelism` active at once; pods that failed, were evicted or deleted are replaced.
 */
export class JobController {
  private readonly jobs = new Map<string, Job>();
  private readonly queue: DirtyQueue;

  constructor(
    private readonly store: ClusterStore,
    clock: Clock,
    private readonly createPod: (spec: PodSpec) => Pod,
  ) {
    this.queue = new DirtyQueue(clock, (key) => this.reconcile(key));
    store.watchInternal((e) => this.onEvent(e));
  }

  create(namespace: string, name: string, template: PodSpec, completions: number, parallelism: number): void {
    for (const [what, v] of [['completions', completions], ['parallelism', parallelism]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new RangeError(`Job ${name}: ${what} must be a non-negative integer, got ${v}`);
    }
    const key = ownerKey(namespace, 'Job', name);
    if (this.jobs.has(key)) throw new Error(`Job ${namespace}/${name} already exists`);
    const spec: PodSpec = { ...template, namespace, owner: { kind: 'Job', name } };
    this.jobs.set(key, { namespace, name, template: spec, completions, parallelism, succeeded: new Set(), succeededCount: 0 });
    this.reconcile(key);
  }

  status(namespace: string, name: string): JobStatus | undefined {
    const key = ownerKey(namespace, 'Job', name);
    const job = this.jobs.get(key);
    if (!job) return undefined;
    const active = [...this.store.podsOfOwner(key)].filter(isActive).length;
    return { succeeded: job.succeededCount, active, complete: job.succeededCount >= job.completions };
  }

  /** Pod uids kept to count successes once each (for tests and inspection). */
  get trackedSuccesses(): number {
    let n = 0;
    for (const job of this.jobs.values()) n += job.succeeded?.size ?? 0;
    return n;
  }

  private onEvent(e: ClusterEvent): void {
    if ((e.kind !== 'pod-updated' && e.kind !== 'pod-deleted') || e.pod.owner?.kind !== 'Job') return;
    const key = podOwnerKey(e.pod);
    const job = key === undefined ? undefined : this.jobs.get(key);
    if (!job || key === undefined) return;
    if (e.pod.status.phase === 'Succeeded' && job.succeeded) {
      job.succeeded.add(e.pod.uid);
      job.succeededCount = job.succeeded.size;
    }
    if (e.kind === 'pod-deleted' || !isActive(e.pod)) this.queue.mark(key);
  }

  private reconcile(key: string): void {
    const job = this.jobs.get(key);
    if (!job) return;
    const pods = [...this.store.podsOfOwner(key)];
    const active = pods.filter(isActive).length;
    const remaining = job.completions - job.succeededCount;
    const want = Math.min(job.parallelism, remaining) - active;
    for (let i = 0; i < want; i++) this.createPod(job.template);
    // Complete with no pod left: no pod of it can succeed any more, so its uids need not be kept.
    if (remaining <= 0 && pods.length === 0) job.succeeded = undefined;
  }
}
