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
/** Per topology key and domain: the taints of each NodePool or node that provides it (nodeTaintsPolicy Honor); may be computed on demand. */
export interface DomainProviders {
  get(key: string): ReadonlyMap<string, readonly (readonly Taint[])[]> | undefined;
}

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

/**
 * The domains of each topology key: what the NodePool templates can make plus what the nodes carry (in
 * that order of discovery). Hostnames are handled by the topology itself.
 */
export function topologyDomains(
  keys: ReadonlySet<string>,
  templates: readonly NodeClaimTemplate[],
  pools: OfferingPools,
  /** The live nodes (asked for only when `fromNodes` is not given). */
  stateNodes: () => readonly StateNode[],
  /** The templates' domains per key, when already known (they depend on the templates only). */
  fromTemplates?: (key: string) => readonly ProvidedDomain[],
  /** Adds the nodes' values of a key as walking `stateNodes` would, when they are indexed already (see `addNodeDomains`). */
  fromNodes?: (key: string, set: Set<string>) => void,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const key of keys) {
    if (key === LabelKeys.hostname) continue;
    const set = new Set<string>();
    for (const p of fromTemplates ? fromTemplates(key) : templateDomains(key, templates, pools)) set.add(p.domain);
    if (fromNodes) fromNodes(key, set);
    else {
      for (const n of stateNodes()) {
        const v = n.labels[key];
        if (v !== undefined && !n.markedForDeletion) set.add(v);
      }
    }
    out.set(key, set);
  }
  return out;
}

/** The values of one label key across a snapshot's nodes: each value with the positions of the nodes carrying it (ascending). */
export interface NodeDomainIndex {
  readonly values: readonly string[];
  readonly holders: readonly (readonly number[])[];
}

export function nodeDomainIndex(key: string, nodes: readonly StateNode[]): NodeDomainIndex {
  const at = new Map<string, number[]>();
  nodes.forEach((n, i) => {
    const v = n.labels[key];
    if (v === undefined || n.markedForDeletion) return;
    let list = at.get(v);
    if (!list) at.set(v, (list = []));
    list.push(i);
  });
  return { values: [...at.keys()], holders: [...at.values()] };
}

/**
 * Add the nodes' values of a key to `set` exactly as walking the nodes minus `excluded` in order would:
 * each value at the position of its first holder that is not excluded.
 */
export function addNodeDomains(set: Set<string>, index: NodeDomainIndex, nodes: readonly StateNode[], excluded: ReadonlySet<string> | undefined): void {
  const first: { readonly at: number; readonly value: string }[] = [];
  index.values.forEach((value, j) => {
    const holders = index.holders[j];
    let k = 0;
    while (k < holders.length && excluded?.has(nodes[holders[k]].name)) k++;
    if (k < holders.length) first.push({ at: holders[k], value });
  });
  first.sort((a, b) => a.at - b.at);
  for (const f of first) set.add(f.value);
}

/**
 * Who provides each domain of one key, with their taints (each provider's taint list once, by identity, in
 * order of discovery): asked only for spreads with nodeTaintsPolicy Honor.
 */
export function domainProviders(
  key: string,
  templates: readonly NodeClaimTemplate[],
  pools: OfferingPools,
  stateNodes: readonly StateNode[],
  fromTemplates?: (key: string) => readonly ProvidedDomain[],
): Map<string, (readonly Taint[])[]> {
  const byDomain = new Map<string, (readonly Taint[])[]>();
  const seen = new Map<string, Set<readonly Taint[]>>();
  const provide = (domain: string, taints: readonly Taint[]): void => {
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
  return byDomain;
}
