import { checkFit } from '../../../scheduling/index.js';
import type { TopologyIndex } from '../../../scheduling/index.js';
import type { PodEquivalenceGroup } from '../pod-equivalence.js';
import type { SnapshotNode, SnapshotPod } from '../snapshot.js';
import type { NodeTemplate } from '../template.js';
import { nodeFromTemplate } from '../template.js';

export interface Estimate {
  /** New nodes that received at least one pod. */
  readonly nodeCount: number;
  /** Pods the new nodes would hold. */
  readonly pods: readonly SnapshotPod[];
}

/** `decreasing_pod_orderer.go`: groups by cpu/allocCpu + mem/allocMem of their first pod, largest first. */
export function orderPodGroups(groups: readonly PodEquivalenceGroup[], template: NodeTemplate): PodEquivalenceGroup[] {
  const cpu = template.allocatable.cpuMillis;
  const mem = template.allocatable.memoryMiB;
  const score = (g: PodEquivalenceGroup): number =>
    (cpu > 0 ? g.sample.requests.cpuMillis / cpu : 0) + (mem > 0 ? g.sample.requests.memoryMiB / mem : 0);
  return groups
    .map((g, i) => ({ g, i, s: score(g) }))
    .sort((a, b) => b.s - a.s || a.i - b.i)
    .map((x) => x.g);
}

/**
 * The binpacking estimator (`binpacking_estimator.go`), first-fit decreasing over template nodes:
 * for each pod group (ordered by `orderPodGroups`), pods first go onto nodes already added in this
 * estimate (first fit, stopping at the first pod that fits nowhere); each remaining pod then tries the
 * last added node, and otherwise a fresh node is added — unless the last node is still empty (the pod
 * cannot fit a fresh node either: stop) or the limiter refuses (`maxNodes` nodes added: stop). A pod
 * that does not fit a fresh node ends the group. With a topology index (the snapshot's), the new nodes
 * and pods are added to it for the estimate and removed afterwards.
 */
export function estimate(groups: readonly PodEquivalenceGroup[], template: NodeTemplate, maxNodes: number, topology?: TopologyIndex): Estimate {
  const addedPods: string[] = [];
  const nodes: SnapshotNode[] = [];
  try {
    return pack(groups, template, maxNodes, topology, nodes, addedPods);
  } finally {
    if (topology) {
      for (const uid of addedPods) topology.removePod(uid);
      for (const n of nodes) {
        for (const uid of n.pods.keys()) topology.removePod(uid);
        topology.removeNode(n.name);
      }
    }
  }
}

function pack(
  groups: readonly PodEquivalenceGroup[],
  template: NodeTemplate,
  maxNodes: number,
  topology: TopologyIndex | undefined,
  nodes: SnapshotNode[],
  addedPods: string[],
): Estimate {
  const withPods = new Set<SnapshotNode>();
  const scheduled: SnapshotPod[] = [];
  let last: SnapshotNode | undefined;
  let lastIndex = 0;
  let added = 0;

  const place = (pod: SnapshotPod, node: SnapshotNode): void => {
    node.addPod(pod);
    if (topology) {
      topology.addPod(pod.uid, pod, node.name);
      addedPods.push(pod.uid);
    }
    withPods.add(node);
    scheduled.push(pod);
  };

  for (const group of orderPodGroups(groups, template)) {
    let index = 0;
    for (; index < group.pods.length; index++) {
      const pod = group.pods[index]!;
      let found: SnapshotNode | undefined;
      for (let i = 0; i < nodes.length; i++) {
        const k = (lastIndex + i) % nodes.length;
        if (checkFit(pod, nodes[k]!, topology) === undefined) {
          found = nodes[k];
          lastIndex = (k + 1) % nodes.length;
          break;
        }
      }
      if (!found) break;
      place(pod, found);
    }
    for (; index < group.pods.length; index++) {
      const pod = group.pods[index]!;
      if (last && checkFit(pod, last, topology) === undefined) {
        place(pod, last);
        continue;
      }
      if (last && !withPods.has(last)) break;
      if (added >= maxNodes) break;
      added++;
      last = nodeFromTemplate(template, `estimate-${template.groupName}-${added}`, 'estimate', topology === undefined);
      nodes.push(last);
      if (topology) {
        topology.upsertNode(last.name, last.labels, last.taints);
        for (const p of last.pods.values()) topology.addPod(p.uid, p, last.name);
      }
      if (checkFit(pod, last, topology) !== undefined) break;
      place(pod, last);
    }
  }
  return { nodeCount: withPods.size, pods: scheduled };
}
