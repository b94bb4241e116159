import { isDaemonSetPod } from '../../../model/index.js';
import type { Pod } from '../../../model/index.js';
import { CaConstants } from '../constants.js';
import type { SnapshotNode, SnapshotPod } from '../snapshot.js';
import { isRealPod } from '../snapshot.js';

export interface UtilizationInfo {
  readonly cpu: number;
  readonly memory: number;
  readonly gpu: number;
  /** The figure compared with the threshold: max(cpu, memory), or the GPU utilization on GPU nodes. */
  readonly utilization: number;
  readonly resource: 'cpu' | 'memory' | 'gpu';
}

/** A pod whose deletion began longer ago than its grace period plus 30 s (`IsPodLongTerminating`). */
export function isLongTerminating(pod: Pod, now: number): boolean {
  const at = pod.status.deletionAt;
  return at !== undefined && at + pod.terminationGracePeriodSeconds + CaConstants.podLongTerminatingExtraSeconds < now;
}

function counted(pod: SnapshotPod, now: number): boolean {
  return !(isRealPod(pod) && isLongTerminating(pod, now));
}

function ratio(used: number, alloc: number): number {
  return alloc > 0 ? used / alloc : 0;
}

/**
 * `utilization.Calculate`: requested over allocatable per resource, long-terminating pods left out;
 * with `--ignore-daemonsets-utilization`, DaemonSet pods leave both numerator and denominator. GPU nodes
 * are judged by GPU utilization alone.
 */
export function nodeUtilization(
  node: SnapshotNode,
  ignoreDaemonSets: boolean,
  now: number,
  /** Filled and returned instead of a new object (hot loops). */
  out: { -readonly [K in keyof UtilizationInfo]: UtilizationInfo[K] } = { cpu: 0, memory: 0, gpu: 0, utilization: 0, resource: 'cpu' },
): UtilizationInfo {
  let cpu = 0;
  let mem = 0;
  let gpu = 0;
  let dsCpu = 0;
  let dsMem = 0;
  if (!ignoreDaemonSets && node.terminating === 0) {
    // Nothing to leave out: the node's running sums are the answer.
    cpu = node.requested.cpuMillis;
    mem = node.requested.memoryMiB;
    gpu = node.requested.gpus;
  } else for (const pod of node.pods.values()) {
    if (!counted(pod, now)) continue;
    if (ignoreDaemonSets && isDaemonSetPod(pod)) {
      dsCpu += pod.requests.cpuMillis;
      dsMem += pod.requests.memoryMiB;
      continue;
    }
    cpu += pod.requests.cpuMillis;
    mem += pod.requests.memoryMiB;
    gpu += pod.requests.gpus;
  }
  const cpuU = ratio(cpu, node.allocatable.cpuMillis - dsCpu);
  const memU = ratio(mem, node.allocatable.memoryMiB - dsMem);
  out.cpu = cpuU;
  out.memory = memU;
  if (node.allocatable.gpus > 0) {
    const g = ratio(gpu, node.allocatable.gpus);
    out.gpu = g;
    out.utilization = g;
    out.resource = 'gpu';
    return out;
  }
  out.gpu = 0;
  out.utilization = cpuU >= memU ? cpuU : memU;
  out.resource = cpuU >= memU ? 'cpu' : 'memory';
  return out;
}
