import { LabelKeys, type Taint } from '../../../model/index.js';
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
/** Per topology key and domain: the taints of each NodePool or node that provides it (nodeTaintsPolicy Honor). */
export type DomainProviders = Map<string, Map<string, (readonly Taint[])[]>>;

/** One domain a NodePool template provides for a key, with the template's taints (in template order). */
export interface ProvidedDomain {
  readonly domain: string;
  readonly taints: readonly Taint[];
}

/** The domains of `key` the templates can make, in the order they are found (repeats kept: the order of `provide` calls matters). */
export function templateDomains(key: string, templates: readonly NodeClaimTemplate[], pools: OfferingPools): ProvidedDomain[] {
  const out: ProvidedDomain[] = [];
  for (const t of templates) {
    const finite = t.requirements.values(key);
    if (key === LabelKeys.zone || key === LabelKeys.capacityType) {
      let mask = 0;
      for (const s of t.slots) mask |= s.info.offeringMask & t.mask;
      for (let m = mask; m !== 0; m &= m - 1) {
        const p = pools.pools[bitIndex(m & -m)];
        out.push({ domain: key === LabelKeys.zone ? p.zone : p.capacityType, taints: t.taints });
      }
    } else if (finite) {
      for (const v of finite) out.push({ domain: v, taints: t.taints });
    } else {
      for (const s of t.slots) {
        const v = s.info.it.labels[key];
        if (v !== undefined && t.requirements.allows(key, v)) out.push({ domain: v, taints: t.taints });
      }
    }
  }
  return out;
}

export function topologyDomains(
  keys: ReadonlySet<string>,
  templates: readonly NodeClaimTemplate[],
  pools: OfferingPools,
  stateNodes: readonly StateNode[],
  providers?: DomainProviders,
  /** The templates' domains per key, when already known (they depend on the templates only). */
  fromTemplates?: (key: string) => readonly ProvidedDomain[],
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    if (key === LabelKeys.hostname) continue;
    const set = new Set<string>();
    const byDomain = new Map<string, (readonly Taint[])[]>();
    // Each provider's taint list once per domain (by identity); the Set keeps the check O(1) for many nodes.
    const seen = new Map<string, Set<readonly Taint[]>>();
    const provide = (domain: string, taints: readonly Taint[]): void => {
      set.add(domain);
      if (!providers) return;
      let list = byDomain.get(domain);
      let known = seen.get(domain);
      if (!list || !known) {
        byDomain.set(domain, (list = []));
        seen.set(domain, (known = new Set()));
      }
      if (!known.has(taints)) {
        known.add(taints);
        list.push(taints);
      }
    };
    for (const p of fromTemplates ? fromTemplates(key) : templateDomains(key, templates, pools)) provide(p.domain, p.taints);
    for (const n of stateNodes) {
      const v = n.labels[key];
      if (v !== undefined && !n.markedForDeletion) provide(v, n.taints);
    }
    out.set(key, set);
    providers?.set(key, byDomain);
  }
  return out;
}
