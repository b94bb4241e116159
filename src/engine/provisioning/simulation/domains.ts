import { LabelKeys } from '../../../model/index.js';
import type { StateNode } from '../../state/state-node.js';
import type { OfferingPools } from './offering-pools.js';
import type { NodeClaimTemplate } from './template.js';

function bitIndex(bit: number): number {
  return 31 - Math.clz32(bit);
}

/**
 * The domains of each topology key the batch uses: what the NodePools can make (zones and capacity types
 * from available offerings, other keys from instance-type labels and template values) plus what existing
 * nodes carry. Hostnames are handled by the topology itself.
 */
export function topologyDomains(
  keys: ReadonlySet<string>,
  templates: readonly NodeClaimTemplate[],
  pools: OfferingPools,
  stateNodes: readonly StateNode[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    if (key === LabelKeys.hostname) continue;
    const set = new Set<string>();
    for (const t of templates) {
      const finite = t.requirements.values(key);
      if (key === LabelKeys.zone || key === LabelKeys.capacityType) {
        let mask = 0;
        for (const s of t.slots) mask |= s.info.offeringMask & t.mask;
        for (let m = mask; m !== 0; m &= m - 1) {
          const p = pools.pools[bitIndex(m & -m)];
          set.add(key === LabelKeys.zone ? p.zone : p.capacityType);
        }
      } else if (finite) {
        for (const v of finite) set.add(v);
      } else {
        for (const s of t.slots) {
          const v = s.info.it.labels[key];
          if (v !== undefined && t.requirements.allows(key, v)) set.add(v);
        }
      }
    }
    for (const n of stateNodes) {
      const v = n.labels[key];
      if (v !== undefined && !n.markedForDeletion) set.add(v);
    }
    out.set(key, set);
  }
  return out;
}
