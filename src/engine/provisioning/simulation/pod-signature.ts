import type { PodSpec } from '../../../model/index.js';

const jsonCache = new WeakMap<object, string>();

/** JSON of a (readonly) spec part, cached per object: replicas of one template share these objects. */
function jsonOf(o: object | undefined): string {
  if (o === undefined) return '';
  let s = jsonCache.get(o);
  if (s === undefined) {
    s = JSON.stringify(o);
    jsonCache.set(o, s);
  }
  return s;
}

/**
 * What a pod's topology terms, the groups selecting it and its node preferences depend on: namespace,
 * labels, spread constraints, affinity and nodeSelector. Pods with equal signatures (the replicas of a
 * Deployment) share one set of terms in a simulation. Equal content in a different key order only
 * yields a different signature (less sharing, same result).
 */
export function topologySignature(pod: PodSpec): string {
  return `${pod.namespace}\u0001${jsonOf(pod.labels)}\u0001${jsonOf(pod.topologySpreadConstraints)}\u0001${jsonOf(pod.affinity)}\u0001${jsonOf(pod.nodeSelector)}`;
}
