import { TaintKeys, type PodSpec, type Taint } from '../../model/index.js';
import {
  hostPortConflict,
  insufficientResource,
  plainNodeSelectorMatches,
  requiredNodeAffinityMatches,
  toleratesTaint,
  untoleratedTaint,
  type NodeView,
  type TopologyIndex,
} from '../../scheduling/index.js';

const UNSCHEDULABLE_TAINT: Taint = { key: TaintKeys.unschedulable, effect: 'NoSchedule' };

/**
 * The filters of `checkFit` that depend only on the pod's spec and the node's labels, taints and
 * cordon: NodeUnschedulable, TaintToleration, NodeAffinity (nodeSelector and required terms).
 */
export function staticFiltersPass(pod: PodSpec, node: Pick<NodeView, 'labels' | 'taints' | 'unschedulable'>): boolean {
  if (node.unschedulable && !toleratesTaint(pod.tolerations, UNSCHEDULABLE_TAINT)) return false;
  if (untoleratedTaint(pod.tolerations, node.taints)) return false;
  return plainNodeSelectorMatches(pod, node.labels) && requiredNodeAffinityMatches(pod, node.labels);
}

/**
 * The other filters of `checkFit` (NodePorts, NodeResourcesFit, PodTopologySpread, InterPodAffinity),
 * which depend on what is bound to the node and around it. `staticFiltersPass && dynamicFiltersPass`
 * is `checkFit(...) === undefined` (differential test in static-fit.test.ts).
 */
export function dynamicFiltersPass(pod: PodSpec, node: NodeView, topology?: TopologyIndex): boolean {
  if (pod.hostPorts.length > 0 && hostPortConflict(pod, node.hostPortsInUse) !== undefined) return false;
  const q = pod.requests;
  if (q.ephemeralMiB > 0 || q.gpus > 0 || q.extended !== undefined) {
    if (insufficientResource(q, node) !== undefined) return false;
  } else {
    // insufficientResource for a pod asking only for a pod slot, cpu and memory
    const a = node.allocatable;
    const r = node.requested;
    if (r.pods + 1 > a.pods) return false;
    if (q.cpuMillis > 0 && q.cpuMillis > a.cpuMillis - r.cpuMillis) return false;
    if (q.memoryMiB > 0 && q.memoryMiB > a.memoryMiB - r.memoryMiB) return false;
  }
  if (topology) {
    if (topology.spreadViolation(pod, node.labels)) return false;
    if (topology.affinityViolation(pod, node.labels)) return false;
  }
  return true;
}

/**
 * Small integer ids for what the static filters read of a pod (tolerations, nodeSelector, required node
 * affinity): pods of one template share an id, so a node can remember its static verdict per id.
 */
export class StaticFitKeys {
  private readonly ids = new Map<string, number>();
  private readonly byPod = new WeakMap<PodSpec, number>();

  idOf(pod: PodSpec): number {
    let id = this.byPod.get(pod);
    if (id === undefined) {
      const key = JSON.stringify([pod.tolerations, pod.nodeSelector, pod.affinity?.nodeAffinity?.required ?? null]);
      id = this.ids.get(key);
      if (id === undefined) this.ids.set(key, (id = this.ids.size));
      this.byPod.set(pod, id);
    }
    return id;
  }
}
