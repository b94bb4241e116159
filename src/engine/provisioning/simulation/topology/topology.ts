import { LabelKeys, type PodSpec, type Requirement } from '../../../../model/index.js';
import { Requirements, untoleratedTaint } from '../../../../scheduling/index.js';
import type { DomainProviders } from '../domains.js';
import type { OfferingPools } from '../offering-pools.js';
import type { StateNode } from '../../../state/state-node.js';
import type { SimulationCache } from '../simulation-cache.js';
import { inverseSeedList, inverseSeedsOf, nodeSeed, seedTable } from './topology-seeds.js';

/** The snapshot a simulation's nodes come from: its live nodes (in order) and the ones this simulation leaves out. */
export interface SeedBase {
  readonly nodes: readonly StateNode[];
  readonly excluded: ReadonlySet<string> | undefined;
}
import { TopologyGroup, type NodeDomains } from './topology-group.js';
import { affinityGroupSpec, groupKey, spreadGroupSpec, type GroupSpec } from './topology-terms.js';

/** One topology term of a pod in a simulation, bound to its group. `weight` is set for preferences. */
export interface TopologyTerm {
  readonly group: TopologyGroup;
  /** Does the group's selector select the pod itself? */
  readonly self: boolean;
  /** For anti-affinity: the group counting where this pod's owners are (others must avoid them). */
  readonly inverse?: TopologyGroup;
  readonly weight?: number;
  readonly whenUnsatisfiable?: 'DoNotSchedule' | 'ScheduleAnyway';
}

export interface PodTopologyTerms {
  readonly spread: readonly TopologyTerm[];
  readonly affinity: readonly TopologyTerm[];
  readonly antiAffinity: readonly TopologyTerm[];
  /** Other pods' anti-affinity groups that select this pod (see `Topology.inverseSelecting`). */
  readonly inverse: readonly TopologyGroup[];
  /** The groups that select this pod (its placement counts there; see `Topology.selectingGroups`). */
  readonly selecting: readonly TopologyGroup[];
}

export interface TopologyFailure {
  readonly ok: false;
  readonly reason: string;
}

/** The node's requirements with the pod's topology choices, or why no domain is left (nothing allocated per call). */
export type TopologyResult = Requirements | TopologyFailure;

/**
 * Karpenter's scheduling topology: the groups of every topology term of the batch's pods, their counts
 * seeded from the pods already on nodes, inverse anti-affinity of placed pods, and the domain choice that
 * narrows a NodeClaim's requirements (e.g. to the least-loaded zone).
 */
export class Topology {
  private readonly groups = new Map<string, TopologyGroup>();
  private readonly inverseGroups = new Map<string, TopologyGroup>();
  private readonly hostnameGroups: TopologyGroup[] = [];
  private readonly universe = new Map<string, Set<string>>();
  private readonly claimHostnames = new Set<string>();
  private sortedZones: readonly string[] | undefined;
  private readonly domainCache = new WeakMap<Requirements, Map<string, readonly string[]>>();

  constructor(
    /** Known domains per topology key (zones from offerings, existing nodes' labels, ...). */
    universe: ReadonlyMap<string, ReadonlySet<string>>,
    /** The simulation's live nodes (asked for only when needed: with `cache`, seeds come from per-snapshot tables). */
    private readonly liveNodes: () => readonly StateNode[],
    /** Who provides each domain, with their taints (spreads with nodeTaintsPolicy Honor keep the tolerated ones). */
    private readonly providers?: DomainProviders,
    /** Per-node seed contributions shared by simulations over the same StateNodes. */
    private readonly cache?: SimulationCache,
    /** With `cache`: `stateNodes` are `base.nodes` minus `base.excluded`; seeds are walked from per-snapshot lists. */
    private readonly base?: SeedBase,
  ) {
    for (const [k, v] of universe) {
      if (k === LabelKeys.hostname) this.initialHostnames = v;
      else this.universe.set(k, new Set(v));
    }
    this.seedInverseFromExistingPods();
  }

  /** Hostnames given by the caller; the set itself (these, the live nodes', the planned claims') is built on first use. */
  private initialHostnames: ReadonlySet<string> | undefined;
  private hostnames: Set<string> | undefined;

  private hostnameSet(): Set<string> {
    if (!this.hostnames) {
      const set = new Set(this.initialHostnames);
      for (const n of this.liveNodes()) if (!n.markedForDeletion) set.add(n.hostname);
      for (const h of this.claimHostnames) set.add(h);
      this.hostnames = set;
    }
    return this.hostnames;
  }

  /**
   * Groups for every topology term of a pod (created and seeded on first use). Call for every pod of
   * the batch before `inverseSelecting`, which needs every anti-affinity group to exist.
   */
  termsOf(pod: PodSpec): Omit<PodTopologyTerms, 'inverse' | 'selecting'> {
    // Plain loops and a method, no closures: this runs for every signature of every simulation.
    const spread: TopologyTerm[] = [];
    for (const tsc of pod.topologySpreadConstraints) {
      const group = this.group(spreadGroupSpec(pod, tsc));
      spread.push({ group, self: group.selects(pod), whenUnsatisfiable: tsc.whenUnsatisfiable });
    }
    const affinity: TopologyTerm[] = [];
    const aff = pod.affinity?.podAffinity;
    for (const t of aff?.required ?? []) {
      const group = this.group(affinityGroupSpec(pod, t, 'affinity'));
      affinity.push({ group, self: group.selects(pod) });
    }
    for (const p of aff?.preferred ?? []) {
      const group = this.group(affinityGroupSpec(pod, p.term, 'affinity'));
      affinity.push({ group, self: group.selects(pod), weight: p.weight });
    }
    const anti = pod.affinity?.podAntiAffinity;
    const antiAffinity: TopologyTerm[] = [];
    for (const t of anti?.required ?? []) antiAffinity.push(this.antiTerm(pod, t, undefined));
    for (const p of anti?.preferred ?? []) antiAffinity.push(this.antiTerm(pod, p.term, p.weight));
    return { spread, affinity, antiAffinity };
  }

  private antiTerm(pod: PodSpec, t: Parameters<typeof affinityGroupSpec>[1], weight: number | undefined): TopologyTerm {
    const spec = affinityGroupSpec(pod, t, 'anti-affinity');
    const group = this.group(spec);
    const inverse = this.inverseGroup(spec);
    return weight !== undefined ? { group, self: group.selects(pod), inverse, weight } : { group, self: group.selects(pod), inverse };
  }

  /** A new NodeClaim's placeholder hostname becomes a (empty) domain of every hostname group. */
  registerHostname(hostname: string): void {
    this.claimHostnames.add(hostname);
    this.hostnames?.add(hostname);
    for (const g of this.hostnameGroups) g.register(hostname);
  }

  unregisterHostname(hostname: string): void {
    this.claimHostnames.delete(hostname);
    this.hostnames?.delete(hostname);
    for (const g of this.hostnameGroups) g.unregister(hostname);
  }

  /**
   * The requirements a node must additionally meet for `pod` to land there under its topology terms and
   * other pods' anti-affinity; fails when no domain is left.
   */
  addRequirements(terms: PodTopologyTerms, podStrict: Requirements, node: NodeDomains): TopologyResult {
    let reqs: Requirements | undefined = node.requirements;
    for (const t of terms.spread) if ((reqs = this.applyGroup(t.group, t.self, podStrict, node, reqs)) === undefined) return t.group.failure;
    for (const t of terms.affinity) if ((reqs = this.applyGroup(t.group, t.self, podStrict, node, reqs)) === undefined) return t.group.failure;
    for (const t of terms.antiAffinity) if ((reqs = this.applyGroup(t.group, t.self, podStrict, node, reqs)) === undefined) return t.group.failure;
    for (const g of terms.inverse) if ((reqs = this.applyGroup(g, false, podStrict, node, reqs)) === undefined) return g.failure;
    return reqs;
  }

  /** One group's domain choice for the node; the (possibly narrowed) requirements, or undefined when none is left. */
  private applyGroup(g: TopologyGroup, self: boolean, podStrict: Requirements, node: NodeDomains, reqs: Requirements): Requirements | undefined {
    if (g.key === LabelKeys.hostname) return g.admitsSingle(self, node.hostname) ? reqs : undefined;
    const nodeDomains = this.domainsOf(g.key, node.labels ? node : { hostname: node.hostname, requirements: reqs });
    const options = g.nextDomains(self, g.type === 'anti-affinity' ? undefined : podStrict, nodeDomains);
    if (options.length === 0) return undefined;
    if (node.labels || options.length === nodeDomains.length) return reqs;
    const narrowed: Requirement = { key: g.key, operator: 'In', values: options };
    return reqs.intersect(Requirements.from([narrowed]));
  }

  /** Count a pod placed on a node in every group that selects it, and its own anti-affinity in the inverse groups. */
  record(terms: PodTopologyTerms, node: NodeDomains): void {
    for (const g of terms.selecting) {
      if (g.type === 'spread' && !g.filterAccepts(node)) continue;
      if (g.key === LabelKeys.hostname) {
        // One domain per node: its hostname (what domainsOf would return).
        this.recordIn(g, node.hostname);
        continue;
      }
      const domains = this.domainsOf(g.key, node);
      if (g.type === 'anti-affinity') for (const d of domains) this.recordIn(g, d);
      else if (domains.length === 1) this.recordIn(g, domains[0]);
    }
    for (const t of terms.antiAffinity) {
      if (!t.inverse) continue;
      if (t.inverse.key === LabelKeys.hostname) this.recordIn(t.inverse, node.hostname);
      else for (const d of this.domainsOf(t.inverse.key, node)) this.recordIn(t.inverse, d);
    }
  }

  /**
   * True when hostname anti-affinity (the pod's own or another pod's) rules out every one of the
   * `claims` planned NodeClaims: each already holds a pod it must avoid. Saves scanning them one by one.
   */
  excludesAllClaims(terms: PodTopologyTerms, claims: number): boolean {
    for (const t of terms.antiAffinity) if (t.group.key === LabelKeys.hostname && t.group.occupiedClaims >= claims) return true;
    for (const g of terms.inverse) if (g.key === LabelKeys.hostname && g.occupiedClaims >= claims) return true;
    return false;
  }

  /**
   * The offering pools (zone bits of `pools`) a node must allow for the pod's zonal terms to have a
   * feasible zone now; undefined when the pod has no zonal term. Counts do not change while one pod
   * looks for a place, so this is computed once per attempt and checked per NodeClaim with one AND.
   */
  zoneGate(terms: PodTopologyTerms, podStrict: Requirements, pools: OfferingPools): number | undefined {
    const zone = LabelKeys.zone;
    let zones: readonly string[] | undefined;
    for (const t of terms.spread) if (t.group.key === zone) zones = this.feasibleZones(t.group, t.self, podStrict, zones);
    for (const t of terms.affinity) if (t.group.key === zone) zones = this.feasibleZones(t.group, t.self, podStrict, zones);
    for (const t of terms.antiAffinity) if (t.group.key === zone) zones = this.feasibleZones(t.group, t.self, podStrict, zones);
    for (const g of terms.inverse) if (g.key === zone) zones = this.feasibleZones(g, false, podStrict, zones);
    if (zones === undefined) return undefined;
    let mask = 0;
    for (const z of zones) mask |= pools.zoneMask(z);
    return mask;
  }

  private feasibleZones(g: TopologyGroup, self: boolean, podStrict: Requirements, within: readonly string[] | undefined): string[] {
    this.sortedZones ??= [...this.domainSet(LabelKeys.zone)].sort();
    return g.feasibleDomains(self, g.type === 'anti-affinity' ? undefined : podStrict, within ?? this.sortedZones);
  }

  /** Does the pod have a hostname term (its own or another pod's anti-affinity) that `hostnameAdmits` checks? */
  hasHostnameTerms(terms: PodTopologyTerms): boolean {
    for (const t of terms.spread) if (t.group.key === LabelKeys.hostname) return true;
    for (const t of terms.antiAffinity) if (t.group.key === LabelKeys.hostname) return true;
    for (const g of terms.inverse) if (g.key === LabelKeys.hostname) return true;
    return false;
  }

  /**
   * A quick look at the pod's hostname spread and anti-affinity terms for one node: false when one of
   * them already rules the node out (used to skip planned NodeClaims before the full check).
   */
  hostnameAdmits(terms: PodTopologyTerms, hostname: string): boolean {
    for (const t of terms.antiAffinity) if (t.group.key === LabelKeys.hostname && t.group.count(hostname) > 0) return false;
    for (const g of terms.inverse) if (g.key === LabelKeys.hostname && g.count(hostname) > 0) return false;
    for (const t of terms.spread) if (t.group.key === LabelKeys.hostname && !t.group.admitsSingle(t.self, hostname)) return false;
    return true;
  }

  private recordIn(g: TopologyGroup, domain: string): void {
    if (g.key === LabelKeys.hostname && g.count(domain) === 0 && this.claimHostnames.has(domain)) g.occupiedClaims++;
    g.record(domain);
  }

  /** The domains of `key` a node may be in (sorted; do not modify). */
  domainsOf(key: string, node: NodeDomains): readonly string[] {
    if (key === LabelKeys.hostname) return [node.hostname];
    if (node.labels) {
      const v = node.labels[key];
      return v === undefined ? [] : [v];
    }
    // Requirements objects are immutable: cache per (requirements, key). Universes of non-hostname keys
    // are fixed for the simulation this topology lives in.
    let byKey = this.domainCache.get(node.requirements);
    if (!byKey) this.domainCache.set(node.requirements, (byKey = new Map()));
    let out = byKey.get(key);
    if (!out) {
      const finite = node.requirements.values(key);
      out = finite ? [...finite].sort() : [...this.domainSet(key)].filter((d) => node.requirements.allows(key, d)).sort();
      byKey.set(key, out);
    }
    return out;
  }

  private domainSet(key: string): Set<string> {
    if (key === LabelKeys.hostname) return this.hostnameSet();
    let s = this.universe.get(key);
    if (!s) this.universe.set(key, (s = new Set()));
    return s;
  }

  private group(spec: GroupSpec): TopologyGroup {
    const k = groupKey(spec);
    let g = this.groups.get(k);
    if (!g) {
      g = new TopologyGroup(spec.type, spec.key, new Set(spec.namespaces), spec.selector, spec.maxSkew, spec.minDomains, spec.nodeFilter);
      g.honorNodeAffinity = spec.honorNodeAffinity;
      if (spec.tolerations) {
        const tolerations = spec.tolerations;
        g.tolerations = tolerations;
        const byDomain = this.providers?.get(spec.key);
        if (byDomain) {
          const eligible = new Set<string>();
          for (const [domain, taintSets] of byDomain) if (taintSets.some((taints) => untoleratedTaint(tolerations, taints) === undefined)) eligible.add(domain);
          g.eligible = eligible;
        }
      }
      for (const d of this.domainSet(spec.key)) g.register(d);
      if (spec.key === LabelKeys.hostname) this.hostnameGroups.push(g);
      this.seed(g, k);
      this.groups.set(k, g);
    }
    return g;
  }

  private inverseGroup(spec: GroupSpec): TopologyGroup {
    const k = groupKey(spec);
    let g = this.inverseGroups.get(k);
    if (!g) {
      g = new TopologyGroup('anti-affinity', spec.key, new Set(spec.namespaces), spec.selector, 0, undefined, undefined, "another pod's anti-affinity");
      this.inverseGroups.set(k, g);
    }
    return g;
  }

  /** Count the pods already on nodes in a new group. */
  private seed(g: TopologyGroup, key: string): void {
    const cache = this.cache;
    const base = this.base;
    if (cache && base) {
      const excluded = base.excluded;
      const table = cache.groupSeedTable(key, base.nodes, () => seedTable(g, key, base.nodes));
      // Every seeded domain is registered already (the universe holds the live nodes' domains), so the
      // order of recording does not matter: totals minus the excluded nodes' shares, recorded once each.
      let less: Map<string, number> | undefined;
      if (excluded) {
        for (const name of excluded) {
          const share = table.byNode.get(name);
          if (share) (less ??= new Map()).set(share.domain, (less.get(share.domain) ?? 0) + share.count);
        }
      }
      for (const t of table.totals) {
        const n = t.count - (less?.get(t.domain) ?? 0);
        if (n > 0) g.record(t.domain, n);
      }
      return;
    }
    for (const n of this.liveNodes()) {
      if (n.markedForDeletion || n.pods.length === 0) continue;
      const seed = nodeSeed(g, n);
      if (seed) g.record(seed.domain, seed.count);
    }
  }

  /** Required anti-affinity of pods already running keeps matching pods out of their domains. */
  private seedInverseFromExistingPods(): void {
    const base = this.base;
    if (this.cache && base) {
      const excluded = base.excluded;
      const list = this.cache.inverseSeedList(base.nodes, () => inverseSeedList(base.nodes));
      for (const { nodeName, seeds } of list) {
        if (excluded?.has(nodeName)) continue;
        for (const { spec, domain } of seeds) {
          const g = this.inverseGroup(spec);
          if (domain !== undefined) g.record(domain);
        }
      }
      return;
    }
    for (const n of this.liveNodes()) {
      if (n.markedForDeletion) continue;
      for (const { spec, domain } of inverseSeedsOf(n)) {
        const g = this.inverseGroup(spec);
        if (domain !== undefined) g.record(domain);
      }
    }
  }

  /** Every group (of the batch's terms) that selects `pod`. Call once every pod's terms exist. */
  selectingGroups(pod: PodSpec): readonly TopologyGroup[] {
    const out: TopologyGroup[] = [];
    for (const g of this.groups.values()) if (g.selects(pod)) out.push(g);
    return out;
  }

  /** Anti-affinity groups of the batch's and running pods that select `pod` (it must avoid their owners). */
  inverseSelecting(pod: PodSpec): readonly TopologyGroup[] {
    if (this.inverseGroups.size === 0) return [];
    const out: TopologyGroup[] = [];
    for (const g of this.inverseGroups.values()) if (g.selects(pod)) out.push(g);
    return out;
  }
}
