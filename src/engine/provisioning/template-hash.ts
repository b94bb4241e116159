import type { NodeClass, NodePool } from '../../model/index.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Hash of what a node is built from — the NodePool's template (labels, taints, startup taints,
 * requirements, NodeClass reference, expireAfter, terminationGracePeriod) and the NodeClass — so that a
 * change drifts the NodeClaims made before it. Behavioural fields (weight, limits, disruption) are left out.
 */
export function templateHash(np: NodePool, nodeClass: NodeClass | undefined): string {
  const template = {
    labels: np.labels,
    taints: np.taints,
    startupTaints: np.startupTaints,
    requirements: np.requirements,
    nodeClassName: np.nodeClassName,
    expireAfterSeconds: np.expireAfterSeconds,
    terminationGracePeriodSeconds: np.terminationGracePeriodSeconds,
  };
  const cls = nodeClass ? { amiFamily: nodeClass.amiFamily, amiId: nodeClass.amiId, kubelet: nodeClass.kubelet, tags: nodeClass.tags, blockDeviceGiB: nodeClass.blockDeviceGiB } : null;
  return fnv1a(canonical({ template, cls }));
}
