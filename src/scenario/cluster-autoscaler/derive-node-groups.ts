import { LabelKeys, type CaExpander, type CapacityType, type InstanceType, type NodeGroupSpec, type NodePool, type Requirement, type Resources } from '../../model/index.js';
import { requirementMatches } from '../../scheduling/requirements.js';

export interface DeriveOptions {
  /** Zones of a pool without a zone requirement; default: every zone of the catalog's offerings. */
  readonly zones?: readonly string[];
  /** The workload's largest pod request: each group gets the cheapest type of its family that holds it. */
  readonly largestPod?: Partial<Pick<Resources, 'cpuMillis' | 'memoryMiB' | 'gpus'>>;
  /** Max size of a group whose pool has no cpu, memory, GPU or node limit. Default 100. */
  readonly defaultMaxSize?: number;
}

export interface DerivedNodeGroups {
  readonly nodeGroups: NodeGroupSpec[];
  /** Priority-expander table (node-group name regexes by priority) when the groups differ in priority. */
  readonly priorities?: Record<number, string[]>;
  /** The expander chain that uses `priorities`: priority, then least-waste. */
  readonly expanders?: CaExpander[];
  readonly warnings: string[];
}

const CAPACITY_ORDER: readonly CapacityType[] = ['spot', 'on-demand'];
const SITUATIONAL_KEYS: readonly string[] = [LabelKeys.zone, LabelKeys.capacityType];

/**
 * The documented way to give the Cluster Autoscaler a setup comparable to Karpenter NodePools:
 * - one node group per (instance family × capacity type) that a pool's requirements allow (a pool without
 *   a capacity-type requirement allows on-demand only, as Karpenter);
 * - its instance type: with `largestPod`, the cheapest type of the family whose allocatable holds that pod
 *   (families where none does are skipped with a warning); without, the family's `xlarge`, else `2xlarge`,
 *   else the type with vCPU nearest 4 (cheapest on ties); bare-metal types only when nothing else is left;
 * - zones: the pool's zone requirement, else `opts.zones`, else the offerings' zones;
 * - min 0, desired 0, max = the pool's limit over the type's capacity (the lowest of cpu, memory, GPU and
 *   node limits, rounded down; each group alone may use the pool's whole limit), else `defaultMaxSize` (100);
 * - labels: the pool's template labels, single-value `In` requirements on keys that are not instance-type
 *   attributes, `karpenter.sh/nodepool` and `karpenter.sh/capacity-type`; taints: the pool's taints;
 * - a priority-expander table ranking heavier pools first and, within a pool, spot groups above on-demand
 *   ones (given when there is more than one priority level).
 * Pure: instance types are the catalog as input.
 */
export function deriveNodeGroups(nodePools: readonly NodePool[], instanceTypes: readonly InstanceType[], opts: DeriveOptions = {}): DerivedNodeGroups {
  const warnings: string[] = [];
  const attributeKeys = new Set(instanceTypes.flatMap((it) => Object.keys(it.labels)));
  const allZones = [...new Set(instanceTypes.flatMap((it) => it.offerings.map((o) => o.zone)))].sort();
  const ranked = [...nodePools].map((pool, i) => ({ pool, i })).sort((a, b) => a.pool.weight - b.pool.weight || b.i - a.i);
  const rankOf = new Map(ranked.map((p, rank) => [p.pool.name, rank]));
  const nodeGroups: NodeGroupSpec[] = [];
  const priorities: Record<number, string[]> = {};

  for (const pool of nodePools) {
    const reqs = [...pool.requirements, ...Object.entries(pool.labels).map(([key, v]): Requirement => ({ key, operator: 'In', values: [v] }))];
    const zones = allowedValues(reqs, LabelKeys.zone, opts.zones ?? allZones);
    const capacityTypes = hasKey(reqs, LabelKeys.capacityType) ? CAPACITY_ORDER.filter((ct) => allows(reqs, LabelKeys.capacityType, ct)) : (['on-demand'] as const);
    const labels: Record<string, string> = { ...pool.labels };
    for (const q of pool.requirements) {
      if (!attributeKeys.has(q.key) && !SITUATIONAL_KEYS.includes(q.key) && q.operator === 'In' && q.values.length === 1) labels[q.key] = q.values[0]!;
    }
    labels[LabelKeys.nodePool] = pool.name;
    const attributeReqs = reqs.filter((q) => attributeKeys.has(q.key) && !SITUATIONAL_KEYS.includes(q.key));
    const fitting = instanceTypes.filter((it) => attributeReqs.every((q) => requirementMatches(q, it.labels)));
    if (zones.length === 0 || capacityTypes.length === 0 || fitting.length === 0) {
      warnings.push(`NodePool ${JSON.stringify(pool.name)}: its requirements allow no ${zones.length === 0 ? 'zone' : capacityTypes.length === 0 ? 'capacity type' : 'instance type'} of the catalog; no node group derived`);
      continue;
    }
    const families = [...new Set(fitting.map((it) => it.family))].sort();
    for (const family of families) {
      for (const ct of capacityTypes) {
        const offered = fitting.filter((it) => it.family === family && it.offerings.some((o) => o.capacityType === ct && zones.includes(o.zone)));
        if (offered.length === 0) continue;
        const chosen = chooseType(offered, ct, zones, opts.largestPod);
        const name = `${pool.name}-${family}-${ct}`;
        if (!chosen) {
          warnings.push(`NodePool ${JSON.stringify(pool.name)}: no ${family} type holds the largest pod; no ${ct} group for ${family}`);
          continue;
        }
        const maxSize = maxSizeFor(pool, chosen, opts.defaultMaxSize ?? 100);
        if (maxSize === 0) {
          warnings.push(`NodePool ${JSON.stringify(pool.name)}: its limits leave no room for one ${chosen.name}; no group ${JSON.stringify(name)}`);
          continue;
        }
        const groupZones = zones.filter((z) => chosen.offerings.some((o) => o.zone === z && o.capacityType === ct));
        nodeGroups.push({
          name,
          minSize: 0,
          maxSize,
          desiredCapacity: 0,
          instanceTypes: [chosen.name],
          zones: groupZones,
          capacityType: ct,
          labels: { ...labels, [LabelKeys.capacityType]: ct },
          taints: pool.taints,
        });
        const priority = 10 * (rankOf.get(pool.name)! + 1) + (ct === 'spot' ? 5 : 0);
        (priorities[priority] ??= []).push(`^${escapeRegex(name)}$`);
      }
    }
  }
  const levels = Object.keys(priorities).length;
  return { nodeGroups, ...(levels > 1 ? { priorities, expanders: ['priority', 'least-waste'] as CaExpander[] } : {}), warnings };
}

function hasKey(reqs: readonly Requirement[], key: string): boolean {
  return reqs.some((q) => q.key === key);
}

function allows(reqs: readonly Requirement[], key: string, value: string): boolean {
  return reqs.filter((q) => q.key === key).every((q) => requirementMatches(q, { [key]: value }));
}

function allowedValues(reqs: readonly Requirement[], key: string, candidates: readonly string[]): string[] {
  return candidates.filter((v) => allows(reqs, key, v));
}

function priceOf(it: InstanceType, ct: CapacityType, zones: readonly string[]): number {
  const prices = it.offerings.filter((o) => o.capacityType === ct && zones.includes(o.zone)).map((o) => o.pricePerHour);
  return prices.length > 0 ? Math.min(...prices) : it.onDemandPricePerHour;
}

function byPrice(ct: CapacityType, zones: readonly string[]): (a: InstanceType, b: InstanceType) => number {
  return (a, b) => priceOf(a, ct, zones) - priceOf(b, ct, zones) || a.vcpu - b.vcpu || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function chooseType(types: readonly InstanceType[], ct: CapacityType, zones: readonly string[], largestPod: DeriveOptions['largestPod']): InstanceType | undefined {
  const virtual = types.filter((it) => !it.bareMetal);
  const pool = virtual.length > 0 ? virtual : types;
  if (largestPod) {
    const holds = pool.filter(
      (it) =>
        (largestPod.cpuMillis ?? 0) <= it.allocatable.cpuMillis && (largestPod.memoryMiB ?? 0) <= it.allocatable.memoryMiB && (largestPod.gpus ?? 0) <= it.allocatable.gpus,
    );
    return [...holds].sort(byPrice(ct, zones))[0];
  }
  for (const size of ['xlarge', '2xlarge']) {
    const match = pool.filter((it) => it.size === size).sort(byPrice(ct, zones))[0];
    if (match) return match;
  }
  return [...pool].sort((a, b) => Math.abs(a.vcpu - 4) - Math.abs(b.vcpu - 4) || byPrice(ct, zones)(a, b))[0];
}

function maxSizeFor(pool: NodePool, it: InstanceType, fallback: number): number {
  const bounds: number[] = [];
  const { limits } = pool;
  if (limits.cpuMillis !== undefined) bounds.push(Math.floor(limits.cpuMillis / it.capacity.cpuMillis));
  if (limits.memoryMiB !== undefined) bounds.push(Math.floor(limits.memoryMiB / it.capacity.memoryMiB));
  if (limits.gpus !== undefined && it.capacity.gpus > 0) bounds.push(Math.floor(limits.gpus / it.capacity.gpus));
  if (limits.nodes !== undefined) bounds.push(limits.nodes);
  return bounds.length > 0 ? Math.max(0, Math.min(...bounds)) : fallback;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
