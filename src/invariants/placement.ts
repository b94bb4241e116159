import type { ClusterEvent } from '../cluster/cluster.js';
import { add, isDaemonSetPod, resources, subtract, TaintKeys, type Node, type NodeClaim, type Pod, type Resources, type Taint } from '../model/index.js';
import { checkFit, describeFailure, type NodeView } from '../scheduling/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

const ONE_POD = resources({ pods: 1 });
const NO_PORTS: ReadonlySet<number> = new Set();

/** A node and what the checker has seen bound to it (its own accounting, independent of the cluster's). */
export interface TrackedNode {
  readonly node: Node;
  requested: Resources;
  readonly pods: Map<string, Pod>;
}

function footprint(pod: Pod): Resources {
  return add(pod.requests, ONE_POD);
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');
}

function describeResources(r: Resources): string {
  return `cpu ${r.cpuMillis}m, memory ${r.memoryMiB}Mi, pods ${r.pods}${r.gpus ? `, gpus ${r.gpus}` : ''}`;
}

/**
 * Invariants of binding, checked when a pod is bound (never afterwards, so taints added later — a
 * disruption taint, a NotReady taint — are not violations):
 * - the pods' requests on the node, the new one included, stay within allocatable (NodeResourcesFit: a
 *   pod slot always, other resources when requested);
 * - the pod's nodeSelector and required node affinity match the node's labels, and every NoSchedule /
 *   NoExecute taint of the node (and a cordon) is tolerated — for DaemonSet pods, as the simulated
 *   DaemonSet controller places them, the not-ready taint and pending startup taints excepted;
 * - a pod's node never changes once bound.
 * Cost per event: O(1) map work plus the scheduling library's checks on this one node.
 */
export class PlacementTracker {
  readonly nodes = new Map<string, TrackedNode>();
  /** uid → node name of every bound, not yet finished pod. */
  private readonly boundTo = new Map<string, string>();
  private readonly claimsByProviderID = new Map<string, NodeClaim>();

  constructor(
    private readonly report: Reporter,
    private readonly startupTaintsOf?: (nodeName: string) => readonly Taint[],
  ) {}

  onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'node-added':
        if (!this.nodes.has(e.node.name)) this.nodes.set(e.node.name, { node: e.node, requested: resources(), pods: new Map() });
        return;
      case 'node-updated':
        if (!this.nodes.has(e.node.name)) this.nodes.set(e.node.name, { node: e.node, requested: resources(), pods: new Map() });
        return;
      case 'node-deleted':
        this.nodes.delete(e.node.name);
        return;
      case 'nodeclaim-added':
      case 'nodeclaim-updated':
        if (e.nodeClaim.status.providerID !== undefined) this.claimsByProviderID.set(e.nodeClaim.status.providerID, e.nodeClaim);
        return;
      case 'nodeclaim-deleted':
        if (e.nodeClaim.status.providerID !== undefined) this.claimsByProviderID.delete(e.nodeClaim.status.providerID);
        return;
      case 'pod-added':
      case 'pod-updated':
        this.onPod(e.pod, false);
        return;
      case 'pod-deleted':
        this.onPod(e.pod, true);
        return;
    }
  }

  /** Record a pod already bound when the checker attached, without checking it. */
  seedBound(pod: Pod): void {
    const nodeName = pod.status.nodeName;
    const tracked = nodeName === undefined ? undefined : this.nodes.get(nodeName);
    if (!tracked || nodeName === undefined || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return;
    this.occupy(pod, tracked, nodeName);
  }

  private onPod(pod: Pod, deleted: boolean): void {
    const was = this.boundTo.get(pod.uid);
    const finished = deleted || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
    const now = pod.status.nodeName;
    if (was !== undefined) {
      if (now !== undefined && now !== was && !deleted) {
        this.report.violation({
          code: InvariantCodes.podPlacement,
          invariant: "a pod's node never changes once bound",
          objects: { pod: pod.uid, node: now, previousNode: was },
          detail: `pod ${pod.uid} was bound to ${was} and is now bound to ${now}`,
        });
      }
      if (finished || now !== was) this.release(pod, was);
      if (finished || now === undefined || now === was) return;
    }
    if (finished || now === undefined) return;
    this.bind(pod, now);
  }

  private bind(pod: Pod, nodeName: string): void {
    const tracked = this.nodes.get(nodeName);
    if (!tracked) {
      this.report.violation({
        code: InvariantCodes.podPlacement,
        invariant: 'pods are bound to existing nodes',
        objects: { pod: pod.uid, node: nodeName },
        detail: `pod ${pod.uid} was bound to ${nodeName}, which does not exist`,
      });
      return;
    }
    const node = tracked.node;
    const view: NodeView = {
      name: nodeName,
      labels: node.labels,
      taints: isDaemonSetPod(pod) ? this.daemonPodTaints(node) : node.taints,
      allocatable: node.allocatable,
      requested: tracked.requested,
      hostPortsInUse: NO_PORTS,
      unschedulable: node.unschedulable,
    };
    const failure = checkFit(pod, view);
    if (failure?.kind === 'resources') {
      const after = add(tracked.requested, footprint(pod));
      this.report.violation({
        code: InvariantCodes.podOvercommit,
        invariant: "pods' requests fit their node's allocatable",
        objects: { pod: pod.uid, node: nodeName },
        detail:
          `binding ${pod.uid} (requests ${describeResources(pod.requests)}) to ${nodeName} exceeds ${failure.resource}: ` +
          `requested ${describeResources(after)} > allocatable ${describeResources(node.allocatable)}`,
      });
    } else if (failure !== undefined) {
      this.report.violation({
        code: InvariantCodes.podPlacement,
        invariant: "pods are bound only where their constraints allow (nodeSelector, required node affinity, taints)",
        objects: { pod: pod.uid, node: nodeName },
        detail: `${pod.uid} was bound to ${nodeName} although ${describeFailure(failure)}`,
      });
    }
    this.occupy(pod, tracked, nodeName);
  }

  /** Taints the simulated DaemonSet controller heeds: not the not-ready taint, nor startup taints still pending. */
  private daemonPodTaints(node: Node): readonly Taint[] {
    const startup = this.startupTaintsOf?.(node.name) ?? this.claimsByProviderID.get(node.providerID)?.startupTaints ?? [];
    return node.taints.filter((t) => t.key !== TaintKeys.notReady && !startup.some((s) => sameTaint(s, t)));
  }

  private occupy(pod: Pod, tracked: TrackedNode, nodeName: string): void {
    this.boundTo.set(pod.uid, nodeName);
    tracked.pods.set(pod.uid, pod);
    tracked.requested = add(tracked.requested, footprint(pod));
  }

  private release(pod: Pod, nodeName: string): void {
    this.boundTo.delete(pod.uid);
    const tracked = this.nodes.get(nodeName);
    if (tracked?.pods.delete(pod.uid)) tracked.requested = subtract(tracked.requested, footprint(pod));
  }
}
