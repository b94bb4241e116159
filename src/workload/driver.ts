import type { Cluster, ClusterWorkloads } from '../cluster/cluster.js';
import type { PodDisruptionBudget } from '../model/index.js';
import { Priority, type Clock, type TimerHandle } from '../sim/clock.js';
import type { WorkloadEvent, WorkloadSource } from './types.js';

/** A trace id as a pod name: ids like "namespace/name" (SimKube) keep their last part. */
export function podName(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash >= 0 ? id.slice(slash + 1) : id;
}

/** What the driver needs of a cluster: creating workload objects, and deleting the pods a trace deletes. */
export type DriverCluster = ClusterWorkloads & Pick<Cluster, 'deletePod' | 'pod'>;

export interface DriverCounts {
  pods: number;
  deletes: number;
  /** Deletes of pods that were never created (sampled out) or are already gone (completed, deleted). */
  deletesMissed: number;
  scales: number;
  jobs: number;
}

export interface DriverOptions {
  /** PodDisruptionBudgets the workload brings (from pod templates); added when the driver starts. */
  readonly pdbs?: readonly PodDisruptionBudget[];
  /** Called after each event is applied (metrics, logs). */
  readonly onEvent?: (event: WorkloadEvent) => void;
}

/**
 * Feeds a time-ordered workload into a cluster through the Clock port. Events are pulled lazily: at
 * most one event is held in memory ahead of time and one timer is pending, so a trace of millions of
 * pods streams in constant memory. Event times are seconds after `start()` (0 in a simulated run,
 * where the clock starts at 0; the wall-clock start time in live mode).
 *
 * The simulation loop is synchronous, so sources are synchronous iterables: file readers read their
 * file in chunks with synchronous reads while the run advances (see io/line-reader.ts).
 */
export class WorkloadDriver {
  private readonly it: Iterator<WorkloadEvent>;
  private next: WorkloadEvent | undefined;
  private timer: TimerHandle | undefined;
  private origin = 0;
  private started = false;
  private done = false;
  /** Trace id → pod uid, only where the cluster gave the pod a uid different from its trace id. */
  private readonly uids = new Map<string, string>();
  readonly counts: DriverCounts = { pods: 0, deletes: 0, deletesMissed: 0, scales: 0, jobs: 0 };

  constructor(
    private readonly clock: Clock,
    private readonly cluster: DriverCluster,
    source: WorkloadSource,
    private readonly options: DriverOptions = {},
  ) {
    this.it = source[Symbol.iterator]();
  }

  /** Add the workload's PDBs and schedule the first event. Call once. */
  start(): void {
    if (this.started) throw new Error('WorkloadDriver already started');
    this.started = true;
    this.origin = this.clock.now();
    for (const pdb of this.options.pdbs ?? []) this.cluster.addPdb(pdb);
    this.pull();
    this.arm();
  }

  /** Stop feeding events (pending ones are dropped). */
  stop(): void {
    if (this.timer) this.clock.cancel(this.timer);
    this.timer = undefined;
    this.next = undefined;
    this.done = true;
  }

  /** True once every event has been applied (or the driver was stopped). */
  get finished(): boolean {
    return this.done && this.next === undefined;
  }

  /** Time (seconds after start) of the next event not yet applied. */
  get nextAt(): number | undefined {
    return this.next?.at;
  }

  private pull(): void {
    const n = this.it.next();
    if (n.done) {
      this.next = undefined;
      this.done = true;
      return;
    }
    const e = n.value;
    if (!(e.at >= 0) || !Number.isFinite(e.at)) throw new RangeError(`workload event at ${e.at}: times must be finite and >= 0`);
    this.next = e;
  }

  private arm(): void {
    this.timer = undefined;
    const e = this.next;
    if (!e) return;
    const delay = Math.max(0, this.origin + e.at - this.clock.now());
    this.timer = this.clock.schedule(delay, () => this.fire(), Priority.world);
  }

  private fire(): void {
    const batchAt = this.next!.at;
    // Apply every event of this instant: compare event times, never the clock (float rounding).
    while (this.next && this.next.at <= batchAt) {
      const e = this.next;
      this.pull();
      this.apply(e);
    }
    this.arm();
  }

  private apply(e: WorkloadEvent): void {
    switch (e.kind) {
      case 'pod': {
        const pod = this.cluster.createPod(e.spec, podName(e.id));
        if (pod.uid !== e.id) this.uids.set(e.id, pod.uid);
        this.counts.pods++;
        break;
      }
      case 'delete-pod': {
        const uid = this.uids.get(e.id) ?? e.id;
        this.uids.delete(e.id);
        if (this.cluster.pod(uid)) {
          this.cluster.deletePod(uid);
          this.counts.deletes++;
        } else this.counts.deletesMissed++;
        break;
      }
      case 'scale':
        this.cluster.scaleDeployment(e.namespace, e.name, e.replicas, e.template);
        this.counts.scales++;
        break;
      case 'job':
        this.cluster.createJob(e.namespace, e.name, e.template, e.completions, e.parallelism);
        this.counts.jobs++;
        break;
    }
    this.options.onEvent?.(e);
  }
}
