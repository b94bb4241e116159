import type { Pod } from '../../model/index.js';

/**
 * Pods from one template ask the same scheduling question. Within one cycle, bindings only use up
 * capacity, so once a pod fit nowhere, a later pod with the same signature fits nowhere either — unless
 * it has required pod affinity or topology spread constraints, which placing other pods can satisfy.
 */
export function signatureCacheable(pod: Pod): boolean {
  return pod.topologySpreadConstraints.length === 0 && (pod.affinity?.podAffinity?.required?.length ?? 0) === 0;
}

const cache = new WeakMap<Pod, string>();

/** Everything checkFit may look at, as a string key. */
export function schedulingSignature(pod: Pod): string {
  let sig = cache.get(pod);
  if (sig === undefined) {
    sig = JSON.stringify([
      pod.namespace,
      pod.labels,
      pod.requests,
      pod.nodeSelector,
      pod.affinity ?? null,
      pod.tolerations,
      pod.hostPorts,
    ]);
    cache.set(pod, sig);
  }
  return sig;
}
