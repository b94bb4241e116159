import type { Labels, LabelSelector, PodSpec, Taint, TopologySpreadConstraint } from '../model/index.js';

/**
 * Pods per topology domain (zone, hostname, any label key), maintained incrementally as nodes and pods
 * come and go, answering kube-scheduler's PodTopologySpread and InterPodAffinity filters.
 */
export class TopologyIndex {
  upsertNode(name: string, labels: Labels, taints: readonly Taint[] = []): void {
    throw new Error(`not implemented yet: TopologyIndex.upsertNode ${name} ${String(labels)} ${taints.length}`);
  }
  removeNode(name: string): void {
    throw new Error(`not implemented yet: TopologyIndex.removeNode ${name}`);
  }
  addPod(uid: string, pod: PodSpec, nodeName: string): void {
    throw new Error(`not implemented yet: TopologyIndex.addPod ${uid} ${pod.namespace} ${nodeName}`);
  }
  removePod(uid: string): void {
    throw new Error(`not implemented yet: TopologyIndex.removePod ${uid}`);
  }
  /** Number of pods matching `selector` in `namespaces` on nodes whose label `key` equals `value`. */
  countInDomain(key: string, value: string, selector: LabelSelector | undefined, namespaces: readonly string[]): number {
    throw new Error(`not implemented yet: countInDomain ${key} ${value} ${String(selector)} ${namespaces.length}`);
  }
  /** The first DoNotSchedule constraint that placing `pod` on a node with `nodeLabels` would violate. */
  spreadViolation(pod: PodSpec, nodeLabels: Labels): TopologySpreadConstraint | undefined {
    throw new Error(`not implemented yet: spreadViolation ${pod.namespace} ${String(nodeLabels)}`);
  }
  /** 'pod-affinity' / 'pod-anti-affinity' when required inter-pod (anti-)affinity forbids the node. */
  affinityViolation(pod: PodSpec, nodeLabels: Labels): 'pod-affinity' | 'pod-anti-affinity' | undefined {
    throw new Error(`not implemented yet: affinityViolation ${pod.namespace} ${String(nodeLabels)}`);
  }
}
