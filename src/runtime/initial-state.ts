import type { CapacityType, Labels, OwnerRef, PodDisruptionBudget, PodSpec, Taint } from '../model/index.js';
import type { InputProblem } from '../scenario/errors.js';
import { InputError } from '../scenario/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import { zodProblems } from '../scenario/zod-problems.js';
import { buildPodTemplates, podTemplatesSchema, type PodTemplates } from '../workload/pod-template.js';
import { parsePath } from './resolve-workload.js';

/**
 * A scenario's `initialState`, resolved: the cluster that exists at time 0 (nodes Ready, pods bound and
 * Running or Pending, controllers keeping their pods). Which policy adopts which node is decided when
 * a run seeds the world (initial-state-seed.ts); validation is in initial-state-validate.ts.
 */
export interface InitialNode {
  readonly name: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** Extra labels as given (the well-known ones are added when the node is created). */
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  /** Karpenter NodePool that manages it, as given (adopted only when the scenario has that NodePool). */
  readonly nodePool?: string;
  /** Cluster Autoscaler node group it belongs to, as given. */
  readonly nodeGroup?: string;
}

export type InitialControllerKind = 'Deployment' | 'StatefulSet' | 'ReplicaSet' | 'Job';

export interface InitialController {
  readonly kind: InitialControllerKind;
  readonly name: string;
  readonly namespace: string;
  /** Deployment / StatefulSet / ReplicaSet: replicas kept (all are a ReplicaSet in the simulation). */
  readonly replicas: number;
  /** Job: completions still to run and parallelism. */
  readonly completions: number;
  readonly parallelism: number;
  /** Pod template (namespace applied; the cluster sets the owner). */
  readonly template: PodSpec;
}

export interface InitialPod {
  readonly name: string;
  readonly namespace: string;
  /** Bound here and Running at time 0; undefined: Pending. */
  readonly node?: string;
  /** Spec with namespace and the owner as the simulated controllers key it (ReplicaSet/<name>, Job/<name>). */
  readonly spec: PodSpec;
}

export interface InitialState {
  readonly nodes: readonly InitialNode[];
  readonly controllers: readonly InitialController[];
  readonly pods: readonly InitialPod[];
  /** PodDisruptionBudgets of the pod templates the initial pods and controllers use (template `pdb:`). */
  readonly pdbs: readonly PodDisruptionBudget[];
}

/** The owner a listed pod gets in the simulated cluster: Deployments and StatefulSets run as a ReplicaSet of the same name. */
export function clusterOwner(kind: InitialControllerKind, name: string): OwnerRef {
  return { kind: kind === 'Job' ? 'Job' : 'ReplicaSet', name };
}

/** Key of a controller as the simulated cluster knows it (a Deployment and a StatefulSet of one name collide). */
export function controllerKey(namespace: string, kind: InitialControllerKind, name: string): string {
  return `${namespace}/${clusterOwner(kind, name).kind}/${name}`;
}

/**
 * The scenario's pod templates for the initial state. `report`: also return the problems of a bad
 * `cluster.podTemplates` (when the workload, which reports them otherwise, is not read).
 */
export function initialPodTemplates(s: LoadedScenario, report: boolean): { templates?: PodTemplates; problems: InputProblem[] } {
  const raw = s.source.value() as Record<string, unknown>;
  const rawTemplates = (raw.cluster as Record<string, unknown> | undefined)?.podTemplates ?? {};
  const parsed = podTemplatesSchema.safeParse(rawTemplates);
  if (!parsed.success) {
    return { problems: report ? zodProblems(parsed.error.issues, podTemplatesSchema, s.source, rawTemplates, ['cluster', 'podTemplates']) : [] };
  }
  try {
    return { templates: buildPodTemplates(parsed.data), problems: [] };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    if (!report) return { problems: [] };
    return { problems: e.problems.map((p) => (p.line === undefined && p.path ? { ...p, ...s.source.locate(parsePath(p.path)) } : p)) };
  }
}
