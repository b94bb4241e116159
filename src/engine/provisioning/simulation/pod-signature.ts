import type { PodSpec } from '../../../model/index.js';

/** The last object seen per field and its JSON: replicas of one template share these objects, in a row. */
const lastObject: (object | undefined)[] = [undefined, undefined, undefined, undefined];
const lastJson: string[] = ['', '', '', ''];

function jsonOf(o: object | undefined, field: number): string {
  if (o === undefined) return '';
  if (lastObject[field] === o) return lastJson[field];
  const s = JSON.stringify(o);
  lastObject[field] = o;
  lastJson[field] = s;
  return s;
}

function isEmptyList(o: readonly unknown[]): boolean {
  return o.length === 0;
}

/**
 * What a pod's topology terms, the groups selecting it and its node preferences depend on: namespace,
 * labels, spread constraints, affinity and nodeSelector. Pods with equal signatures (the replicas of a
 * Deployment) share one set of terms in a simulation. Equal content in a different key order only
 * yields a different signature (less sharing, same result).
 */
export function topologySignature(pod: PodSpec): string {
  const spread = isEmptyList(pod.topologySpreadConstraints) ? '' : jsonOf(pod.topologySpreadConstraints, 1);
  return `${pod.namespace}\u0001${jsonOf(pod.labels, 0)}\u0001${spread}\u0001${jsonOf(pod.affinity, 2)}\u0001${jsonOf(pod.nodeSelector, 3)}`;
}
