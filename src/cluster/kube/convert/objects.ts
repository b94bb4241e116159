import type { DaemonSet, PodDisruptionBudget, PriorityClass } from '../../../model/index.js';
import type { PdbStatus } from '../../../scheduling/index.js';
import { podSpecFromKube, podSpecToKube } from './pod.js';
import { selectorFromKube, selectorToKube } from './scheduling-fields.js';
import { toTimestamp, type TimeBase } from './time.js';
import type { KubeDaemonSet, KubePdb, KubePriorityClass } from './types.js';
import { stableUid } from './uid.js';

/** PodDisruptionBudgets, DaemonSets and PriorityClasses between model and Kubernetes JSON. */

export function pdbToKube(pdb: PodDisruptionBudget, status?: PdbStatus): KubePdb {
  const spec: KubePdb['spec'] = { selector: selectorToKube(pdb.selector) };
  if (pdb.minAvailable !== undefined) spec.minAvailable = pdb.minAvailable;
  if (pdb.maxUnavailable !== undefined) spec.maxUnavailable = pdb.maxUnavailable;
  const out: KubePdb = {
    apiVersion: 'policy/v1',
    kind: 'PodDisruptionBudget',
    metadata: { name: pdb.name, namespace: pdb.namespace, uid: stableUid(`PodDisruptionBudget/${pdb.namespace}/${pdb.name}`), generation: 1 },
    spec,
  };
  if (status) {
    out.status = {
      currentHealthy: status.currentHealthy,
      desiredHealthy: status.desiredHealthy,
      disruptionsAllowed: status.disruptionsAllowed,
      expectedPods: status.expectedPods,
      observedGeneration: 1,
    };
  }
  return out;
}

export function pdbFromKube(pdb: KubePdb): PodDisruptionBudget {
  const out: { -readonly [K in keyof PodDisruptionBudget]: PodDisruptionBudget[K] } = {
    name: pdb.metadata.name ?? '',
    namespace: pdb.metadata.namespace ?? 'default',
    // A PDB without a selector selects nothing in policy/v1; the model's empty selector selects all.
    selector: selectorFromKube(pdb.spec.selector) ?? { matchLabels: { 'fleetsim.io/no-selector': 'true' } },
  };
  if (pdb.spec.minAvailable !== undefined && pdb.spec.minAvailable !== null) out.minAvailable = pdb.spec.minAvailable;
  if (pdb.spec.maxUnavailable !== undefined && pdb.spec.maxUnavailable !== null) out.maxUnavailable = pdb.spec.maxUnavailable;
  return out;
}

export function daemonSetToKube(ds: DaemonSet, createdAt: number | undefined, base: TimeBase): KubeDaemonSet {
  const selector = { matchLabels: { ...ds.template.labels } };
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {
      name: ds.name,
      namespace: ds.namespace,
      uid: stableUid(`DaemonSet/${ds.namespace}/${ds.name}`),
      generation: 1,
      ...(createdAt !== undefined ? { creationTimestamp: toTimestamp(createdAt, base) } : {}),
    },
    spec: {
      selector,
      template: { metadata: { labels: { ...ds.template.labels }, annotations: { ...ds.template.annotations } }, spec: podSpecToKube(ds.template) },
    },
  };
}

export function daemonSetFromKube(ds: KubeDaemonSet): DaemonSet {
  const namespace = ds.metadata.namespace ?? 'default';
  const { owner: _owner, namespace: _ns, ...template } = podSpecFromKube(ds.spec.template, namespace);
  return { name: ds.metadata.name ?? '', namespace, template };
}

export function priorityClassToKube(pc: PriorityClass): KubePriorityClass {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: pc.name, uid: stableUid(`PriorityClass/${pc.name}`) },
    value: pc.value,
  };
}

export function priorityClassFromKube(pc: KubePriorityClass): PriorityClass {
  return { name: pc.metadata.name ?? '', value: pc.value };
}
