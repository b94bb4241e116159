import type { Node, Pod, Taint } from '../../model/index.js';
import { DEFAULT_CPU_MILLIS_REQUEST, DEFAULT_MEMORY_MIB_REQUEST } from '../../scheduling/index.js';
import { Priority, type Clock, type TimerHandle } from '../../sim/clock.js';
import type { RandomStream } from '../../sim/random.js';
import type { ClusterEvent } from '../cluster.js';
import type { ClusterStore } from './cluster-store.js';
import { FreeRoomIndex } from './free-room-index.js';
import type { NodeState } from './node-state.js';
import type { SimClusterOptions } from './options.js';
import { SchedulingQueue } from './scheduling-queue.js';
import { numFeasibleNodesToFind, resourceScore } from './scoring.js';
import { schedulingSignature, signatureCacheable } from './scheduling-signature.js';
import { dynamicFiltersPass, staticFiltersPass, StaticFitKeys } from './static-fit.js';

interface NodeSnapshot {
  readonly ready: boolean;
  readonly unschedulable: boolean;
  readonly taints: readonly Taint[];
  readonly labels: Node['labels'];
}

function snapshot(node: Node): NodeSnapshot {
  return { ready: node.ready, unschedulable: node.unschedulable, taints: node.taints, labels: node.labels };
}

/** Could this node change let a pod that fit nowhere fit now? */
function mayHelp(before: NodeSnapshot, after: Node): boolean {
  if (!before.ready && after.ready) return true;
  if (before.unschedulable && !after.unschedulable) return true;
  if (before.labels !== after.labels) return true;
  return before.taints.some((t) => !after.taints.some((u) => u.key === t.key && u.effect === t.effect && u.value === t.value));
}

/**
 * The kube-scheduler model. A cycle takes the active pods in priority order and, for each, filters Ready
 * nodes with the scheduling library's `checkFit` (the nominated node first, alone, when it fits), scores
 * the feasible ones (NodeResourcesFit LeastAllocated or MostAllocated), and binds to the best. A pod that
 * fits nowhere is marked PodScheduled=False/Unschedulable and parked until a cluster change may help
 * (node added, Ready, untainted, uncordoned or relabelled; a bound pod deleted or finished) and its
 * backoff ended, or until the periodic flush. At most one cycle runs per simulated instant, at `Priority.cluster`.
 */
export class KubeScheduler {
  readonly queue: SchedulingQueue;
  private timer: TimerHandle | undefined;
  private lastCycleAt = Number.NEGATIVE_INFINITY;
  private readonly snapshots = new Map<string, NodeSnapshot>();
  private readyNodes: NodeState[] = [];
  private readyNodesDirty = true;
  /** Free room over `readyNodes`, by position: the scan jumps over nodes that cannot pass the resource checks. */
  private readonly room = new FreeRoomIndex();
  private nextStartNodeIndex = 0;
  /** Scratch list of the feasible nodes of one pod (empty between pods). */
  private readonly feasible: NodeState[] = [];
  private readonly staticKeys = new StaticFitKeys();
  private bindings = 0;
  private attemptCount = 0;

  constructor(
    private readonly store: ClusterStore,
    private readonly clock: Clock,
    private readonly random: RandomStream,
    private readonly options: SimClusterOptions,
  ) {
    this.queue = new SchedulingQueue(
      clock,
      {
        initialBackoffSeconds: options.podInitialBackoffSeconds,
        maxBackoffSeconds: options.podMaxBackoffSeconds,
        maxUnschedulableSeconds: options.podMaxInUnschedulableSeconds,
      },
      () => this.requestCycle(),
    );
    store.watchInternal((e) => this.onEvent(e));
  }

  /** Scheduling attempts so far (one per pod taken from the active queue). */
  get attempts(): number {
    return this.attemptCount;
  }

  /** Pods bound by this scheduler so far. */
  get bound(): number {
    return this.bindings;
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'pod-added':
        if (this.store.pending.has(e.pod.uid)) this.queue.add(e.pod);
        return;
      case 'pod-updated':
        if (!this.store.pending.has(e.pod.uid)) {
          this.queue.forget(e.pod.uid);
          if (e.pod.status.phase === 'Succeeded' || e.pod.status.phase === 'Failed') this.queue.moveAllToActive();
        }
        return;
      case 'pod-deleted':
        this.queue.forget(e.pod.uid);
        if (e.pod.status.nodeName !== undefined) this.queue.moveAllToActive();
        return;
      case 'node-added':
        this.snapshots.set(e.node.name, snapshot(e.node));
        this.readyNodesDirty = true;
        if (e.node.ready) this.queue.moveAllToActive(); // a NotReady node helps once it becomes Ready
        return;
      case 'node-updated': {
        const before = this.snapshots.get(e.node.name);
        this.snapshots.set(e.node.name, snapshot(e.node));
        if (!before || before.ready !== e.node.ready) this.readyNodesDirty = true;
        if (!before || mayHelp(before, e.node)) this.queue.moveAllToActive();
        return;
      }
      case 'node-deleted':
        this.snapshots.delete(e.node.name);
        this.readyNodesDirty = true;
        return;
      default:
        return;
    }
  }

  private requestCycle(): void {
    if (this.timer !== undefined) return;
    const delay = this.lastCycleAt === this.clock.now() ? this.options.followUpCycleDelaySeconds : 0;
    this.timer = this.clock.schedule(delay, () => this.runCycle(), Priority.cluster);
  }

  /** One scheduling cycle over every active pod. */
  runCycle(): void {
    this.timer = undefined;
    this.lastCycleAt = this.clock.now();
    const failed = new Set<string>();
    for (const pod of this.queue.popActive()) {
      if (!this.store.pending.has(pod.uid) || pod.status.deletionAt !== undefined) continue;
      this.attemptCount++;
      const cacheable = signatureCacheable(pod);
      const sig = cacheable && failed.size > 0 ? schedulingSignature(pod) : undefined;
      if (sig !== undefined && failed.has(sig) && pod.status.nominatedNodeName === undefined) {
        this.markUnschedulable(pod);
        continue;
      }
      const node = this.selectNode(pod);
      if (node) {
        this.store.bindPod(pod, node.name);
        this.bindings++;
      } else {
        if (cacheable) failed.add(sig ?? schedulingSignature(pod));
        this.markUnschedulable(pod);
      }
    }
  }

  private markUnschedulable(pod: Pod): void {
    this.queue.parkUnschedulable(pod);
    if (!pod.status.unschedulable) {
      pod.status.unschedulable = true;
      pod.status.unschedulableSince = this.clock.now();
      this.store.podUpdated(pod);
    }
  }

  private nodes(): NodeState[] {
    if (this.readyNodesDirty) {
      for (const s of this.readyNodes) s.indexRoom(undefined, -1);
      this.readyNodes = [...this.store.nodes.values()].filter((s) => s.node.ready && s.node.deletionAt === undefined);
      this.room.reset(this.readyNodes);
      for (let i = 0; i < this.readyNodes.length; i++) this.readyNodes[i]!.indexRoom(this.room, i);
      this.readyNodesDirty = false;
      if (this.nextStartNodeIndex >= this.readyNodes.length) this.nextStartNodeIndex = 0;
    }
    return this.readyNodes;
  }

  /**
   * checkFit(pod, node) === undefined, in three steps: NodeResourcesFit's pods/cpu/memory comparisons
   * first (most rejections in a busy cluster, and far cheaper than the whole filter), then the static
   * filters (taints, cordon, node affinity) remembered per node for the pod's `staticId`, then the rest.
   */
  private fits(pod: Pod, state: NodeState, staticId: number): boolean {
    const q = pod.requests;
    if (state.freePods < 1) return false;
    if (q.cpuMillis > 0 && q.cpuMillis > state.freeCpuMillis) return false;
    if (q.memoryMiB > 0 && q.memoryMiB > state.freeMemoryMiB) return false;
    let verdict = state.staticVerdict(staticId);
    if (verdict === 0) {
      const pass = staticFiltersPass(pod, state);
      state.rememberStaticVerdict(staticId, pass);
      verdict = pass ? 1 : 2;
    }
    return verdict === 1 && dynamicFiltersPass(pod, state, this.store.topology);
  }

  /** Filter then score; undefined when no node fits. */
  private selectNode(pod: Pod): NodeState | undefined {
    const staticId = this.staticKeys.idOf(pod);
    const nominated = pod.status.nominatedNodeName;
    if (nominated !== undefined) {
      const state = this.store.nodes.get(nominated);
      if (state && state.node.ready && state.node.deletionAt === undefined && this.fits(pod, state, staticId)) return state;
    }
    const nodes = this.nodes();
    const n = nodes.length;
    if (n === 0) return undefined;
    const toFind = numFeasibleNodesToFind(n, this.options.percentageOfNodesToScore);
    const feasible = this.feasible;
    feasible.length = 0;
    let processed = 0;
    const start = this.nextStartNodeIndex;
    const cpu = pod.requests.cpuMillis;
    const memory = pod.requests.memoryMiB;
    while (processed < n && feasible.length < toFind) {
      // Positions start … n − 1, then 0 … start − 1; nodes the index skips fail `fits`' resource checks.
      const position = (start + processed) % n;
      const end = position >= start ? n : start;
      const next = this.room.next(position, end, cpu, memory);
      processed += next - position;
      if (next === end) continue;
      const state = nodes[next]!;
      processed++;
      if (this.fits(pod, state, staticId)) feasible.push(state);
    }
    this.nextStartNodeIndex = (start + processed) % n;
    const chosen = feasible.length <= 1 ? feasible[0] : this.best(pod, feasible);
    feasible.length = 0;
    return chosen;
  }

  private best(pod: Pod, feasible: readonly NodeState[]): NodeState {
    const most = this.options.scoring === 'MostAllocated';
    const byName = this.options.tieBreak === 'name';
    const podCpu = pod.requests.cpuMillis > 0 ? pod.requests.cpuMillis : DEFAULT_CPU_MILLIS_REQUEST;
    const podMemory = pod.requests.memoryMiB > 0 ? pod.requests.memoryMiB : DEFAULT_MEMORY_MIB_REQUEST;
    let best = feasible[0]!;
    let bestScore = -1;
    let ties = 0;
    for (const s of feasible) {
      const value = resourceScore(most, podCpu, podMemory, s);
      if (value > bestScore) {
        best = s;
        bestScore = value;
        ties = 1;
      } else if (value === bestScore) {
        ties++;
        if (byName ? s.name < best.name : this.random.int(ties) === 0) best = s;
      }
    }
    return best;
  }
}
