import type { OwnerRef, PodSpec } from '../../model/index.js';
import { affinityFromKube, isObj, podRequestsFromKube, stringMap, tolerationsFromKube, topologySpreadFromKube } from '../kube-objects.js';
import { BARE_SPEC, DEFAULT_NAMESPACE, type PodTemplate } from '../pod-template.js';

type Obj = Record<string, unknown>;

function hostPortsOf(spec: Obj): number[] {
  const out: number[] = [];
  for (const c of Array.isArray(spec.containers) ? spec.containers : []) {
    if (!isObj(c) || !Array.isArray(c.ports)) continue;
    for (const p of c.ports) if (isObj(p) && typeof p.hostPort === 'number' && p.hostPort > 0) out.push(p.hostPort);
  }
  return out;
}

function usesLocalStorage(spec: Obj): boolean {
  return (Array.isArray(spec.volumes) ? spec.volumes : []).some(
    (v) => isObj(v) && (isObj(v.hostPath) || (isObj(v.emptyDir) && v.emptyDir.medium !== 'Memory')),
  );
}

function hasRequests(spec: Obj): boolean {
  return (Array.isArray(spec.containers) ? spec.containers : []).some((c) => {
    if (!isObj(c) || !isObj(c.resources)) return false;
    const r = c.resources;
    return (isObj(r.requests) && Object.keys(r.requests).length > 0) || (isObj(r.limits) && Object.keys(r.limits).length > 0);
  });
}

/**
 * A Kubernetes pod template (`metadata` + `spec`, as in a Pod or a Deployment's spec.template) → PodSpec.
 * The manifest wins; a mapped pod template (templateByNamespace/templateByOwner) fills what the manifest
 * leaves empty: requests when no container states any, nodeSelector, tolerations, affinity, spread
 * constraints; its labels and annotations sit under the manifest's. Throws an Error naming a bad field.
 */
export function podSpecFromManifest(
  metadata: unknown,
  spec: unknown,
  defaults: { namespace?: string; owner?: OwnerRef; template?: PodTemplate; durationSeconds?: number },
  field: string,
): PodSpec {
  const meta = isObj(metadata) ? metadata : {};
  if (!isObj(spec)) throw new Error(`${field}.spec: expected a pod spec object`);
  const base = defaults.template?.spec ?? BARE_SPEC;
  const requests = hasRequests(spec) || !defaults.template ? podRequestsFromKube(spec, `${field}.spec`) : base.requests;
  const tolerations = tolerationsFromKube(spec.tolerations);
  const spread = topologySpreadFromKube(spec.topologySpreadConstraints);
  const affinity = affinityFromKube(spec.affinity) ?? base.affinity;
  const nodeSelector = stringMap(spec.nodeSelector, `${field}.spec.nodeSelector`);
  const hostPorts = hostPortsOf(spec);
  const namespace = typeof meta.namespace === 'string' && meta.namespace !== '' ? meta.namespace : (defaults.namespace ?? DEFAULT_NAMESPACE);
  const durationSeconds = defaults.durationSeconds ?? base.durationSeconds;
  return {
    namespace,
    labels: { ...base.labels, ...stringMap(meta.labels, `${field}.metadata.labels`) },
    annotations: { ...base.annotations, ...stringMap(meta.annotations, `${field}.metadata.annotations`) },
    ...(defaults.owner ? { owner: defaults.owner } : {}),
    requests,
    nodeSelector: Object.keys(nodeSelector).length > 0 ? nodeSelector : base.nodeSelector,
    ...(affinity ? { affinity } : {}),
    tolerations: tolerations.length > 0 ? tolerations : base.tolerations,
    topologySpreadConstraints: spread.length > 0 ? spread : base.topologySpreadConstraints,
    hostPorts: hostPorts.length > 0 ? hostPorts : base.hostPorts,
    priority: typeof spec.priority === 'number' ? spec.priority : base.priority,
    ...(typeof spec.priorityClassName === 'string' ? { priorityClassName: spec.priorityClassName } : base.priorityClassName ? { priorityClassName: base.priorityClassName } : {}),
    terminationGracePeriodSeconds: typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : base.terminationGracePeriodSeconds,
    ...(usesLocalStorage(spec) || base.localStorage ? { localStorage: true } : {}),
    ...(durationSeconds !== undefined ? { durationSeconds } : {}),
  };
}
