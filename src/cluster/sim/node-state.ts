import { add, resources, subtract, type Labels, type Node, type Pod, type Resources, type Taint } from '../../model/index.js';
import type { NodeView } from '../../scheduling/index.js';
import { nonZeroCpu, nonZeroMemory } from './scoring.js';

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
  /** Requests as kube-scheduler's scoring sees them (pods without cpu/memory requests count 100m / 200 MiB). */
  scoringCpuMillis = 0;
  scoringMemoryMiB = 0;
  private readonly portCounts = new Map<number, number>();
  private readonly ports = new Set<number>();

  constructor(readonly node: Node) {}

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

  addPod(pod: Pod): void {
    if (this.pods.has(pod.uid)) return;
    this.pods.set(pod.uid, pod);
    this.requested = add(this.requested, podFootprint(pod));
    this.scoringCpuMillis += nonZeroCpu(pod.requests.cpuMillis);
    this.scoringMemoryMiB += nonZeroMemory(pod.requests.memoryMiB);
    for (const p of pod.hostPorts) {
      this.portCounts.set(p, (this.portCounts.get(p) ?? 0) + 1);
      this.ports.add(p);
    }
  }

  removePod(pod: Pod): void {
    if (!this.pods.delete(pod.uid)) return;
    this.requested = subtract(this.requested, podFootprint(pod));
    this.scoringCpuMillis -= nonZeroCpu(pod.requests.cpuMillis);
    this.scoringMemoryMiB -= nonZeroMemory(pod.requests.memoryMiB);
    for (const p of pod.hostPorts) {
      const n = (this.portCounts.get(p) ?? 0) - 1;
      if (n > 0) this.portCounts.set(p, n);
      else {
        this.portCounts.delete(p);
        this.ports.delete(p);
      }
    }
  }
}
