import type { NodeClass, NodePool, Requirement, Taint } from '../../model/index.js';

/**
 * The drift hash of a NodePool template with its NodeClass. Covers the static fields: template labels,
 * taints, startupTaints, requirements, nodeClassRef, expireAfter, terminationGracePeriod; and the class's
 * amiFamily, amiId, kubelet, root volume, tags and recorded launch settings (userData, block device
 * mappings, metadata options, role, ...). Not covered, as in Karpenter: the pool's disruption, limits and
 * weight, and the class's subnet / security-group / capacity-reservation / AMI selector terms (the AMI is
 * covered through `amiId`). Lists that Karpenter hashes as sets (requirements, taints, values) are sorted
 * first, so reordering them does not drift nodes.
 */
export function templateHash(nodePool: NodePool, nodeClass: NodeClass): string {
  return fnv1a64(canonical(templateFields(nodePool, nodeClass)));
}

/** Recorded NodeClass fields that never drift a node (Karpenter marks them `hash:"ignore"`). */
const UNHASHED_RECORDED = ['subnetSelectorTerms', 'securityGroupSelectorTerms', 'capacityReservationSelectorTerms', 'ipPrefixCount', 'amiSelectorTerms'];

function templateFields(pool: NodePool, cls: NodeClass): unknown {
  const recorded = Object.fromEntries(Object.entries(cls.recorded).filter(([k]) => !UNHASHED_RECORDED.includes(k)));
  return {
    pool: {
      labels: pool.labels,
      taints: sortTaints(pool.taints),
      startupTaints: sortTaints(pool.startupTaints),
      requirements: sortRequirements(pool.requirements),
      nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: pool.nodeClassName },
      expireAfter: pool.expireAfterSeconds ?? 'Never',
      terminationGracePeriod: pool.terminationGracePeriodSeconds ?? null,
    },
    nodeClass: {
      amiFamily: cls.amiFamily,
      amiId: cls.amiId,
      kubelet: cls.kubelet,
      blockDeviceGiB: cls.blockDeviceGiB ?? null,
      tags: cls.tags,
      recorded,
    },
  };
}

function sortTaints(taints: readonly Taint[]): Taint[] {
  const key = (t: Taint): string => `${t.key}\u0000${t.effect}\u0000${t.value ?? ''}`;
  return [...taints].map((t) => ({ key: t.key, effect: t.effect, ...(t.value ? { value: t.value } : {}) })).sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

function sortRequirements(reqs: readonly Requirement[]): Requirement[] {
  const out = reqs.map((r) => ({ ...r, values: [...r.values].sort() }));
  const key = (r: Requirement): string => `${r.key}\u0000${r.operator}\u0000${r.values.join('\u0001')}\u0000${r.minValues ?? ''}`;
  return out.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** JSON with object keys sorted and undefined fields dropped. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const MASK = 0xffffffffffffffffn;

/** 64-bit FNV-1a over the UTF-8 bytes, as 16 hex digits. */
function fnv1a64(text: string): string {
  let h = FNV_OFFSET;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= BigInt(byte);
    h = (h * FNV_PRIME) & MASK;
  }
  return h.toString(16).padStart(16, '0');
}
