import { TaintKeys } from '../model/index.js';
import type { Labels, PodSpec, Resources, Taint, TopologySpreadConstraint } from '../model/index.js';
import { plainNodeSelectorMatches, requiredNodeAffinityMatches } from './node-affinity.js';
import { toleratesTaint, untoleratedTaint } from './taints.js';
import type { TopologyIndex } from './topology.js';

/** What the scheduler needs to know about a node, real or hypothetical. */
export interface NodeView {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly allocatable: Resources;
  /** Sum of requests of the pods on it (DaemonSet pods included), pods counted in `pods`. */
  readonly requested: Resources;
  readonly hostPortsInUse: ReadonlySet<number>;
  readonly unschedulable: boolean;
}

export type FitFailure =
  | { readonly kind: 'unschedulable' }
  | { readonly kind: 'resources'; readonly resource: string }
  | { readonly kind: 'taint'; readonly taint: Taint }
  | { readonly kind: 'node-selector' }
  | { readonly kind: 'node-affinity' }
  | { readonly kind: 'host-port'; readonly port: number }
  | { readonly kind: 'topology-spread'; readonly constraint: TopologySpreadConstraint }
  | { readonly kind: 'pod-affinity' }
  | { readonly kind: 'pod-anti-affinity' };

const UNSCHEDULABLE_TAINT: Taint = { key: TaintKeys.unschedulable, effect: 'NoSchedule' };

/**
 * NodeResourcesFit: the first resource the pod cannot get on the node, or undefined. One pod slot is
 * always needed ("pods"); other resources are checked only when the pod requests a positive amount,
 * against allocatable − requested (so a zero-request pod fits on an overcommitted node, as in Kubernetes).
 */
export function insufficientResource(requests: Resources, node: Pick<NodeView, 'allocatable' | 'requested'>): string | undefined {
  const a = node.allocatable;
  const r = node.requested;
  if (r.pods + 1 > a.pods) return 'pods';
  if (requests.cpuMillis > 0 && requests.cpuMillis > a.cpuMillis - r.cpuMillis) return 'cpu';
  if (requests.memoryMiB > 0 && requests.memoryMiB > a.memoryMiB - r.memoryMiB) return 'memory';
  if (requests.ephemeralMiB > 0 && requests.ephemeralMiB > a.ephemeralMiB - r.ephemeralMiB) return 'ephemeral-storage';
  if (requests.gpus > 0 && requests.gpus > a.gpus - r.gpus) return 'nvidia.com/gpu';
  if (requests.extended) {
    for (const [k, v] of Object.entries(requests.extended)) {
      if (v > 0 && v > (a.extended?.[k] ?? 0) - (r.extended?.[k] ?? 0)) return k;
    }
  }
  return undefined;
}

/** The first of the pod's host ports already used on the node (NodePorts filter). */
export function hostPortConflict(pod: PodSpec, hostPortsInUse: ReadonlySet<number>): number | undefined {
  for (const p of pod.hostPorts) if (p > 0 && hostPortsInUse.has(p)) return p;
  return undefined;
}

/**
 * kube-scheduler's Filter phase for one pod on one node: undefined when the pod may go there, else the
 * first failing check in kube-scheduler's default plugin order: NodeUnschedulable, TaintToleration,
 * NodeAffinity (nodeSelector, then required node affinity), NodePorts, NodeResourcesFit,
 * PodTopologySpread, InterPodAffinity. Without a topology index, the last two pass.
 *
 * A cordoned node rejects pods unless they tolerate `node.kubernetes.io/unschedulable:NoSchedule`
 * (DaemonSet pods do). The node is assumed not to hold the pod yet.
 */
export function checkFit(pod: PodSpec, node: NodeView, topology?: TopologyIndex): FitFailure | undefined {
  if (node.unschedulable && !toleratesTaint(pod.tolerations, UNSCHEDULABLE_TAINT)) return { kind: 'unschedulable' };
  const taint = untoleratedTaint(pod.tolerations, node.taints);
  if (taint) return { kind: 'taint', taint };
  if (!plainNodeSelectorMatches(pod, node.labels)) return { kind: 'node-selector' };
  if (!requiredNodeAffinityMatches(pod, node.labels)) return { kind: 'node-affinity' };
  const port = hostPortConflict(pod, node.hostPortsInUse);
  if (port !== undefined) return { kind: 'host-port', port };
  const resource = insufficientResource(pod.requests, node);
  if (resource !== undefined) return { kind: 'resources', resource };
  if (topology) {
    const constraint = topology.spreadViolation(pod, node.labels);
    if (constraint) return { kind: 'topology-spread', constraint };
    const affinity = topology.affinityViolation(pod, node.labels);
    if (affinity) return { kind: affinity };
  }
  return undefined;
}

/** kube-scheduler's wording of the failure reason (as shown in FailedScheduling events). */
export function describeFailure(failure: FitFailure): string {
  switch (failure.kind) {
    case 'unschedulable':
      return 'node(s) were unschedulable';
    case 'resources':
      return failure.resource === 'pods' ? 'Too many pods' : `Insufficient ${failure.resource}`;
    case 'taint':
      return `node(s) had untolerated taint {${failure.taint.key}: ${failure.taint.value ?? ''}}`;
    case 'node-selector':
    case 'node-affinity':
      return "node(s) didn't match Pod's node affinity/selector";
    case 'host-port':
      return "node(s) didn't have free ports for the requested pod ports";
    case 'topology-spread':
      return "node(s) didn't match pod topology spread constraints";
    case 'pod-affinity':
      return "node(s) didn't match pod affinity rules";
    case 'pod-anti-affinity':
      return "node(s) didn't match pod anti-affinity rules";
  }
}

/**
 * Summaries like kube-scheduler's "0/5 nodes are available: 3 Insufficient cpu, 2 node(s) had untolerated
 * taint {a: b}." for a list of per-node failures.
 */
export function summarizeFailures(failures: readonly FitFailure[], totalNodes = failures.length): string {
  const counts = new Map<string, number>();
  for (const f of failures) {
    const d = describeFailure(f);
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  const parts = [...counts.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([d, n]) => `${n} ${d}`);
  return `0/${totalNodes} nodes are available${parts.length ? `: ${parts.join(', ')}` : ''}.`;
}
