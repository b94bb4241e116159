import { add, resources, subtract, type Labels, type Node, type Pod, type Resources, type Taint } from '../../model/index.js';
import { nonZeroRequests, type NodeView } from '../../scheduling/index.js';
import type { FreeRoomIndex } from './free-room-index.js';

const ONE_POD = resources({ pods: 1 });

/** What a pod occupies on its node: its requests plus one pod slot. */
export function podFootprint(pod: Pod): Resources {
  return add(pod.requests, ONE_POD);
}

/**
 * A node plus what is bound to it: the pods, their summed requests and host ports. It is the scheduler's
 * `NodeView` of the node, kept up to date as pods bind and leave (no rebuilding per scheduling cycle).
 */
export class NodeState implements NodeView {
  readonly pods = new Map<string, Pod>();
  requested: Resources = resources();
  /**
   * The node as kube-scheduler's scoring sees it: requests summed with the non-zero defaults (a pod
   * without a cpu/memory request counts 100m / 200 MiB), for the library's score functions.
   */
  readonly scoring: { allocatable: Resources; requested: Resources };
  /**
   * The same numbers flat, for the scheduler's per-node loop: allocatable − requested for the pod slots,
   * cpu and memory (as NodeResourcesFit subtracts them), and the scoring requests and allocatable.
   */
  freePods = 0;
  freeCpuMillis = 0;
  freeMemoryMiB = 0;
  scoringCpuMillis = 0;
  scoringMemoryMiB = 0;
  readonly allocatableCpuMillis: number;
  readonly allocatableMemoryMiB: number;
  /**
   * Static filter verdicts by `StaticFitKeys` id for the node's labels, taints and cordon as they are: ids
   * below 30 as bits of `known` / `passed` (read with the node's other fields, no extra object), higher
   * ids in `verdicts` (1 pass, 2 fail, 0/absent unknown). Forgotten at every `nodeChanged` (the store
   * calls it on each announced change of the Node, and nothing changes a Node without announcing it).
   */
  private known = 0;
  private passed = 0;
  private verdicts: number[] = [];
  /** The scheduler's index of free room over its node list, and this node's position in it (kept current). */
  private roomIndex: FreeRoomIndex | undefined;
  private roomPosition = -1;
  private readonly portCounts = new Map<number, number>();
  private readonly ports = new Set<number>();

  constructor(readonly node: Node) {
    this.scoring = { allocatable: node.allocatable, requested: resources() };
    this.allocatableCpuMillis = node.allocatable.cpuMillis;
    this.allocatableMemoryMiB = node.allocatable.memoryMiB;
    this.refreshFlat();
  }

  private refreshFlat(): void {
    const a = this.node.allocatable;
    const r = this.requested;
    this.freePods = a.pods - r.pods;
    this.freeCpuMillis = a.cpuMillis - r.cpuMillis;
    this.freeMemoryMiB = a.memoryMiB - r.memoryMiB;
    this.scoringCpuMillis = this.scoring.requested.cpuMillis;
    this.scoringMemoryMiB = this.scoring.requested.memoryMiB;
    this.roomIndex?.update(this.roomPosition, this);
  }

  /** Report free-room changes to `index` at `position` from now on (undefined: to nobody). */
  indexRoom(index: FreeRoomIndex | undefined, position: number): void {
    this.roomIndex = index;
    this.roomPosition = position;
  }

  get name(): string {
    return this.node.name;
  }
  get labels(): Labels {
    return this.node.labels;
  }
  get taints(): readonly Taint[] {
    return this.node.taints;
  }
  get allocatable(): Resources {
    return this.node.allocatable;
  }
  get unschedulable(): boolean {
    return this.node.unschedulable;
  }
  get hostPortsInUse(): ReadonlySet<number> {
    return this.ports;
  }

  /** The remembered static verdict for a key id: 1 pass, 2 fail, 0 unknown. */
  staticVerdict(id: number): number {
    if (id < 30) {
      const bit = 1 << id;
      return (this.known & bit) === 0 ? 0 : (this.passed & bit) !== 0 ? 1 : 2;
    }
    return this.verdicts[id] ?? 0;
  }

  /** The Node changed (labels, taints, cordon, readiness...): forget the static verdicts. */
  nodeChanged(): void {
    this.known = 0;
    this.passed = 0;
    if (this.verdicts.length > 0) this.verdicts = [];
  }

  /** Remember a static verdict (call right after `staticVerdict` returned 0). */
  rememberStaticVerdict(id: number, pass: boolean): void {
    if (id < 30) {
      const bit = 1 << id;
      this.known |= bit;
      if (pass) this.passed |= bit;
      else this.passed &= ~bit;
      return;
    }
    this.verdicts[id] = pass ? 1 : 2;
  }

  addPod(pod: Pod): void {
    if (this.pods.has(pod.uid)) return;
    this.pods.set(pod.uid, pod);
    this.requested = add(this.requested, podFootprint(pod));
    this.addScoring(pod, 1);
    this.refreshFlat();
    for (const p of pod.hostPorts) {
      this.portCounts.set(p, (this.portCounts.get(p) ?? 0) + 1);
      this.ports.add(p);
    }
  }

  removePod(pod: Pod): void {
    if (!this.pods.delete(pod.uid)) return;
    this.requested = subtract(this.requested, podFootprint(pod));
    this.addScoring(pod, -1);
    this.refreshFlat();
    for (const p of pod.hostPorts) {
      const n = (this.portCounts.get(p) ?? 0) - 1;
      if (n > 0) this.portCounts.set(p, n);
      else {
        this.portCounts.delete(p);
        this.ports.delete(p);
      }
    }
  }

  private addScoring(pod: Pod, sign: 1 | -1): void {
    const r = nonZeroRequests(pod);
    const s = this.scoring.requested;
    this.scoring.requested = resources({ cpuMillis: s.cpuMillis + sign * r.cpuMillis, memoryMiB: s.memoryMiB + sign * r.memoryMiB });
  }
}
