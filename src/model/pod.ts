import type { LabelSelector, Labels, Requirement, Toleration } from './labels.js';
import type { Resources } from './resources.js';

/** One OR-term of required node affinity: all its requirements must hold (matchExpressions on node labels). */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly Requirement[];
}

export interface NodeAffinity {
  /** OR of terms; an empty list means no constraint. */
  readonly required?: readonly NodeSelectorTerm[];
  readonly preferred?: readonly { weight: number; term: NodeSelectorTerm }[];
}

export interface PodAffinityTerm {
  readonly labelSelector?: LabelSelector;
  /** Namespaces the selector applies to; empty means the pod's own namespace. */
  readonly namespaces?: readonly string[];
  readonly topologyKey: string;
}

export interface PodAffinity {
  readonly required?: readonly PodAffinityTerm[];
  readonly preferred?: readonly { weight: number; term: PodAffinityTerm }[];
}

export interface Affinity {
  readonly nodeAffinity?: NodeAffinity;
  readonly podAffinity?: PodAffinity;
  readonly podAntiAffinity?: PodAffinity;
}

export interface TopologySpreadConstraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  readonly whenUnsatisfiable: 'DoNotSchedule' | 'ScheduleAnyway';
  readonly labelSelector?: LabelSelector;
  readonly minDomains?: number;
  /** Default Honor: only nodes matching the pod's nodeSelector/required affinity count as domains. */
  readonly nodeAffinityPolicy?: 'Honor' | 'Ignore';
  /** Default Ignore: node taints do not exclude domains. */
  readonly nodeTaintsPolicy?: 'Honor' | 'Ignore';
}

export type OwnerKind = 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'Job' | 'CronJob' | 'DaemonSet' | 'Node' | string;

export interface OwnerRef {
  readonly kind: OwnerKind;
  readonly name: string;
}

/** What a pod asks for; never changes after creation. */
export interface PodSpec {
  readonly namespace: string;
  readonly labels: Labels;
  readonly annotations: Readonly<Record<string, string>>;
  readonly owner?: OwnerRef;
  /** Sum of container requests (pods is implicitly 1 and not included here). */
  readonly requests: Resources;
  readonly nodeSelector: Labels;
  readonly affinity?: Affinity;
  readonly tolerations: readonly Toleration[];
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  readonly hostPorts: readonly number[];
  readonly priority: number;
  readonly priorityClassName?: string;
  readonly terminationGracePeriodSeconds: number;
  /** Uses node-local storage (hostPath or non-memory emptyDir): matters for the Cluster Autoscaler. */
  readonly localStorage?: boolean;
  /** Simulated run time once Running; undefined runs until deleted. */
  readonly durationSeconds?: number;
}

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed';

/** What the cluster has made of a pod; mutated by the cluster (scheduler, kubelet, controllers). */
export interface PodStatus {
  phase: PodPhase;
  nodeName?: string;
  /** Set by the engine on pods it planned for an in-flight node (Karpenter's nomination). */
  nominatedNodeName?: string;
  /** PodScheduled=False, reason=Unschedulable — what autoscalers react to. */
  unschedulable: boolean;
  unschedulableSince?: number;
  boundAt?: number;
  startedAt?: number;
  finishedAt?: number;
  /** Set when deletion (eviction, node termination) began; the pod is terminating until finishedAt. */
  deletionAt?: number;
}

export interface Pod extends PodSpec {
  /** Unique, stable id (also the pod name in the simulation). */
  readonly uid: string;
  readonly name: string;
  readonly createdAt: number;
  readonly status: PodStatus;
}

export function isDaemonSetPod(pod: PodSpec): boolean {
  return pod.owner?.kind === 'DaemonSet';
}

export function isTerminal(pod: Pod): boolean {
  return pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed';
}

/** Pending, unbound, marked Unschedulable, not a DaemonSet pod: what Karpenter provisions for. */
export function isProvisionable(pod: Pod): boolean {
  return (
    pod.status.phase === 'Pending' &&
    pod.status.nodeName === undefined &&
    pod.status.unschedulable &&
    pod.status.deletionAt === undefined &&
    !isDaemonSetPod(pod)
  );
}
