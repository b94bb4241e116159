import type { InstanceType, NodePool, Offering } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';

/** An instance type as each NodePool listing it sees it (pools in order), with that pool's requirements. */
export interface TypeSources {
  readonly name: string;
  readonly sources: readonly { readonly it: InstanceType; readonly reqs: Requirements }[];
}

/** The grouping by name of the pools' type lists; kept while the pools and their lists are the same objects. */
interface Grouping {
  readonly pools: readonly NodePool[];
  readonly lists: readonly (readonly InstanceType[])[];
  readonly types: readonly TypeSources[];
  /** Each type by name as the first pool listing it sees it. */
  readonly byName: ReadonlyMap<string, InstanceType>;
  /** Per type (same index), every offering of every source in one list (the cloud's objects, read live). */
  readonly offerings: readonly (readonly Offering[])[];
  /** The last order worked out (indexes into `types`), re-sorted only when the prices moved it. */
  order: number[];
}

let last: Grouping | undefined;

function sameItems<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function group(pools: readonly NodePool[], lists: readonly (readonly InstanceType[])[]): Grouping {
  const byName = new Map<string, { name: string; sources: { it: InstanceType; reqs: Requirements }[] }>();
  pools.forEach((pool, i) => {
    const reqs = Requirements.from(pool.requirements);
    for (const it of lists[i]) {
      let e = byName.get(it.name);
      if (!e) byName.set(it.name, (e = { name: it.name, sources: [] }));
      e.sources.push({ it, reqs });
    }
  });
  const types = [...byName.values()];
  const offerings = types.map((t) => t.sources.flatMap((s) => s.it.offerings));
  const first = new Map(types.map((t) => [t.name, t.sources[0].it] as const));
  return { pools, lists, types, byName: first, offerings, order: types.map((_, i) => i) };
}

/** The pools' grouping, kept from call to call while the pools and their type lists are the same objects. */
function grouping(pools: readonly NodePool[], listOf: (pool: NodePool) => readonly InstanceType[]): Grouping {
  const lists = pools.map(listOf);
  if (!last || !sameItems(last.pools, pools) || !sameItems(last.lists, lists)) last = group(pools, lists);
  return last;
}

/** The pools' instance types by name, as the first pool listing each sees it (kept like the grouping). */
export function poolTypesByName(pools: readonly NodePool[], listOf: (pool: NodePool) => readonly InstanceType[]): ReadonlyMap<string, InstanceType> {
  return grouping(pools, listOf).byName;
}

/**
 * The instance types of these NodePools by name (in order of first appearance), with each one's cheapest
 * offering price as the cloud lists it now (`lowerBounds`, Infinity when it has none), and `order`: the
 * indexes of the types with an offering, cheapest first (ties in order of appearance). The grouping is kept
 * from call to call while the pools and their type lists are the same objects (a provider that reloads its
 * catalog hands out new lists); prices are read every call (the cloud updates offerings in place), and the
 * order is sorted again only when they moved it.
 */
export function priceOrderedTypes(
  pools: readonly NodePool[],
  listOf: (pool: NodePool) => readonly InstanceType[],
): { readonly types: readonly TypeSources[]; readonly lowerBounds: Float64Array; readonly order: readonly number[] } {
  const g = grouping(pools, listOf);
  const lowerBounds = new Float64Array(g.types.length);
  let offered = 0;
  for (let i = 0; i < g.types.length; i++) {
    let lo = Infinity;
    const offerings = g.offerings[i];
    for (let k = 0; k < offerings.length; k++) {
      const p = offerings[k].pricePerHour;
      if (p < lo) lo = p;
    }
    lowerBounds[i] = lo;
    if (lo < Infinity) offered++;
  }
  if (!inOrder(g.order, lowerBounds, offered)) {
    g.order = [];
    for (let i = 0; i < g.types.length; i++) if (lowerBounds[i] < Infinity) g.order.push(i);
    g.order.sort((a, b) => lowerBounds[a] - lowerBounds[b] || a - b);
  }
  return { types: g.types, lowerBounds, order: g.order };
}

/** Is `order` exactly the offered types sorted by (price, index)? */
function inOrder(order: readonly number[], lowerBounds: Float64Array, offered: number): boolean {
  if (order.length !== offered) return false;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (!(lowerBounds[i] < Infinity)) return false;
    if (k === 0) continue;
    const p = order[k - 1];
    if (lowerBounds[p] > lowerBounds[i] || (lowerBounds[p] === lowerBounds[i] && p > i)) return false;
  }
  return true;
}
