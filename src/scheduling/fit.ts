import type { Labels, PodSpec, Resources, Taint, TopologySpreadConstraint } from '../model/index.js';
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

/**
 * kube-scheduler's Filter phase for one pod on one node: undefined when the pod may go there, else the
 * first failing check (in kube-scheduler's plugin order). Without a topology index, inter-pod checks pass.
 */
export function checkFit(pod: PodSpec, node: NodeView, topology?: TopologyIndex): FitFailure | undefined {
  throw new Error(`not implemented yet: scheduling/checkFit ${pod.namespace} ${node.name} ${String(topology)}`);
}

export function describeFailure(failure: FitFailure): string {
  throw new Error(`not implemented yet: scheduling/describeFailure ${failure.kind}`);
}
