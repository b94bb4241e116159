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
  if (hostPortConflict(pod, node.hostPortsInUse) !== undefined) return false;
  if (insufficientResource(pod.requests, node) !== undefined) return false;
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
