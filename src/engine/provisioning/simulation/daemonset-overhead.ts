import { add, resources, ZERO, type DaemonSet, type InstanceType, type PodSpec, type Resources, type Taint } from '../../../model/index.js';
import { podNodeRequirements, untoleratedTaint, type Requirements } from '../../../scheduling/index.js';
import { instanceTypeRequirements } from './instance-type-info.js';
import { INSTANCE_TYPE_LABEL_KEYS, isWellKnown } from './well-known.js';

const ALL_EFFECTS = ['NoSchedule', 'NoExecute', 'PreferNoSchedule'] as const;
const ONE_POD = resources({ pods: 1 });

/** A DaemonSet's pod as the scheduler sees it, with its requests (one pod slot included). */
export interface DaemonSetPod {
  readonly daemonSet: DaemonSet;
  readonly spec: PodSpec;
  readonly requests: Resources;
  /** OR-alternatives of its node requirements (nodeSelector ∧ one required term). */
  readonly alternatives: readonly Requirements[];
  /** Does any alternative constrain a key that instance types decide? */
  readonly dependsOnInstanceType: boolean;
}

const podCache = new WeakMap<DaemonSet, DaemonSetPod>();

export function daemonSetPod(ds: DaemonSet): DaemonSetPod {
  let cached = podCache.get(ds);
  if (!cached) podCache.set(ds, (cached = buildDaemonSetPod(ds)));
  return cached;
}

function buildDaemonSetPod(ds: DaemonSet): DaemonSetPod {
  const spec: PodSpec = { ...ds.template, namespace: ds.namespace, owner: { kind: 'DaemonSet', name: ds.name } };
  const alternatives = podNodeRequirements(spec);
  const dependsOnInstanceType = alternatives.some((a) => a.keys().some((k) => INSTANCE_TYPE_LABEL_KEYS.has(k)));
  return { daemonSet: ds, spec, requests: add(ds.template.requests, ONE_POD), alternatives, dependsOnInstanceType };
}

/** Would the DaemonSet run on nodes of a NodeClaim template (taints of every effect must be tolerated)? */
export function compatibleWithTemplate(ds: DaemonSetPod, templateReqs: Requirements, taints: readonly Taint[]): boolean {
  if (untoleratedTaint(ds.spec.tolerations, taints, ALL_EFFECTS) !== undefined) return false;
  return ds.alternatives.some((alt) => templateReqs.incompatibility(alt, isWellKnown) === undefined);
}

function compatibleWithInstanceType(ds: DaemonSetPod, templateReqs: Requirements, it: InstanceType): boolean {
  if (!ds.dependsOnInstanceType) return true;
  const itReqs = instanceTypeRequirements(it);
  return ds.alternatives.some((alt) => templateReqs.incompatibility(alt, isWellKnown) === undefined && itReqs.conflict(alt) === undefined);
}

/**
 * DaemonSet overhead per instance type for one template: the summed requests of the DaemonSets whose
 * pods would run on a node of that type (Karpenter's daemon overhead groups).
 */
export function templateDaemonSetOverhead(
  daemonSets: readonly DaemonSetPod[],
  templateReqs: Requirements,
  taints: readonly Taint[],
  instanceTypes: readonly InstanceType[],
): Resources[] {
  const compatible = daemonSets.filter((ds) => compatibleWithTemplate(ds, templateReqs, taints));
  const independent = compatible.filter((ds) => !ds.dependsOnInstanceType).reduce<Resources>((a, ds) => add(a, ds.requests), ZERO);
  const dependent = compatible.filter((ds) => ds.dependsOnInstanceType);
  return instanceTypes.map((it) => {
    let total = independent;
    for (const ds of dependent) if (compatibleWithInstanceType(ds, templateReqs, it)) total = add(total, ds.requests);
    return total;
  });
}
