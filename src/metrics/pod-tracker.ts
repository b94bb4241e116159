import { isDaemonSetPod, type Pod } from '../model/index.js';
import type { Aggregates } from './aggregates.js';
import type { FleetTracker } from './fleet-tracker.js';
import { PodTable } from './pod-table.js';
import type { PodColumns } from './run-data.js';

const PENDING = 0;
const BOUND = 1;
const RUNNING = 2;
const DONE = 3;
type State = typeof PENDING | typeof BOUND | typeof RUNNING | typeof DONE;

/** What we keep for a workload pod that has not finished yet (finished pods live only in the table). */
interface ActivePod {
  readonly idx: number;
  state: State;
  node: string | undefined;
  /** This binding already produced an eviction. */
  evicted: boolean;
}

interface DaemonPod {
  node: string | undefined;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly gpus: number;
}

/**
 * Turns pod state changes into per-pod records and cluster-wide counters.
 *
 * - A workload pod (not owned by a DaemonSet) gets a row when first seen; it is pending while unbound,
 *   bound once `nodeName` is set, running in phase Running, and done at phase Succeeded/Failed or deletion.
 * - An eviction is a pod leaving a node before it finished because the node was being drained: its
 *   deletion began while its node was tainted for disruption (karpenter.sh/disrupted,
 *   ToBeDeletedByClusterAutoscaler), marked for deletion, disrupted or interrupted (recorder calls), or
 *   gone; or it became unbound again without finishing; or the runtime said so (`evicted`). At most one
 *   eviction is counted per binding.
 * - DaemonSet pods only feed node requests (utilization, the DaemonSet share of cost).
 */
export class PodTracker {
  readonly table = new PodTable();
  evictions = 0;
  private readonly active = new Map<string, ActivePod>();
  private readonly daemons = new Map<string, DaemonPod>();

  constructor(
    private readonly agg: Aggregates,
    private readonly fleet: FleetTracker,
  ) {}

  columns(): PodColumns {
    return this.table.columns();
  }

  /** The columns of a finished recording (the table's chunks are dropped as they are copied). */
  takeColumns(): PodColumns {
    return this.table.takeColumns();
  }

  observe(pod: Pod, deleted: boolean, now: number): void {
    if (isDaemonSetPod(pod)) {
      this.observeDaemon(pod, deleted, now);
      return;
    }
    const s = pod.status;
    const terminal = s.phase === 'Succeeded' || s.phase === 'Failed';
    let a = this.active.get(pod.uid);
    if (!a) {
      if (deleted || terminal) return;
      a = this.add(pod);
    }
    const t = this.table;
    const i = a.idx;
    if (s.unschedulable) t.setFirst('unschedulable', i, s.unschedulableSince ?? now);
    if (s.nominatedNodeName !== undefined) t.setFirst('nominated', i, now);
    const deleting = deleted || s.deletionAt !== undefined;
    if (a.node !== undefined && deleting && s.phase !== 'Succeeded' && this.fleet.isDraining(a.node)) this.countEviction(a);

    const target: State = deleted || terminal ? DONE : s.nodeName === undefined ? PENDING : s.phase === 'Running' ? RUNNING : BOUND;
    const nodeNow = target === DONE ? undefined : s.nodeName;
    if (a.node !== undefined && a.node !== nodeNow) {
      this.fleet.movePod(a.node, t.get('cpuMillis', i), t.get('memoryMiB', i), t.get('gpus', i), false, -1, now);
      if (target !== DONE) this.countEviction(a);
      a.node = undefined;
      a.evicted = false;
    }
    if (nodeNow !== undefined && a.node === undefined) {
      this.fleet.movePod(nodeNow, t.get('cpuMillis', i), t.get('memoryMiB', i), t.get('gpus', i), false, 1, now);
      a.node = nodeNow;
      t.setNode(i, nodeNow);
      t.setFirst('bound', i, s.boundAt ?? now);
    }
    if (target === RUNNING) t.setFirst('running', i, s.startedAt ?? now);
    this.setState(a, target);
    if (target === DONE) {
      t.set('finished', i, s.finishedAt ?? now);
      t.setCompleted(i, s.phase === 'Succeeded');
      this.agg.addDemand(t.get('cpuMillis', i), t.get('memoryMiB', i), t.get('gpus', i), -1);
      this.active.delete(pod.uid);
    }
  }

  /** The runtime reports an eviction (Eviction API accepted). Counted once per binding. */
  evicted(podUid: string): void {
    const a = this.active.get(podUid);
    if (a && a.node !== undefined) this.countEviction(a);
  }

  private add(pod: Pod): ActivePod {
    const r = pod.requests;
    const owner = pod.owner ? `${pod.owner.kind}/${pod.owner.name}` : '';
    const idx = this.table.add(pod.uid, owner, r.cpuMillis, r.memoryMiB, r.gpus, pod.createdAt);
    const a: ActivePod = { idx, state: PENDING, node: undefined, evicted: false };
    this.active.set(pod.uid, a);
    this.agg.pendingPods++;
    this.agg.addDemand(r.cpuMillis, r.memoryMiB, r.gpus, 1);
    return a;
  }

  private countEviction(a: ActivePod): void {
    if (a.evicted) return;
    a.evicted = true;
    this.evictions++;
    this.table.addEviction(a.idx);
  }

  private setState(a: ActivePod, to: State): void {
    if (a.state === to) return;
    if (a.state === PENDING) this.agg.pendingPods--;
    else if (a.state === RUNNING) this.agg.runningPods--;
    if (to === PENDING) this.agg.pendingPods++;
    else if (to === RUNNING) this.agg.runningPods++;
    a.state = to;
  }

  private observeDaemon(pod: Pod, deleted: boolean, now: number): void {
    const s = pod.status;
    const done = deleted || s.phase === 'Succeeded' || s.phase === 'Failed';
    let d = this.daemons.get(pod.uid);
    if (!d) {
      if (done) return;
      d = { node: undefined, cpuMillis: pod.requests.cpuMillis, memoryMiB: pod.requests.memoryMiB, gpus: pod.requests.gpus };
      this.daemons.set(pod.uid, d);
    }
    const nodeNow = done ? undefined : s.nodeName;
    if (d.node !== undefined && d.node !== nodeNow) {
      this.fleet.movePod(d.node, d.cpuMillis, d.memoryMiB, d.gpus, true, -1, now);
      d.node = undefined;
    }
    if (nodeNow !== undefined && d.node === undefined) {
      this.fleet.movePod(nodeNow, d.cpuMillis, d.memoryMiB, d.gpus, true, 1, now);
      d.node = nodeNow;
    }
    if (done) this.daemons.delete(pod.uid);
  }
}
