import type { Labels, LabelSelector, PodAffinityTerm, PodSpec, TopologySpreadConstraint } from '../model/index.js';
import { nodeSelectorMatches } from './node-affinity.js';
import { selectorMatches } from './requirements.js';
import { untoleratedTaint } from './taints.js';
import type { IndexedNode, Tally } from './topology-tally.js';
import { labelValue } from './topology-tally.js';

/** "The pod is in one of `namespaces` and its labels match `selector`". */
export interface Conjunct {
  readonly selector: LabelSelector | undefined;
  readonly namespaces: readonly string[];
}

/** Existing pods' required anti-affinity terms with the same (selector, namespaces, topologyKey). */
export interface AntiAffinityGroup {
  readonly selector: LabelSelector | undefined;
  readonly namespaces: ReadonlySet<string>;
  readonly topologyKey: string;
  /** Counts the pods carrying the term, per node / domain. */
  readonly tally: Tally;
}

/** What the prepared state needs from the index. */
export interface TopologyView {
  readonly nodes: ReadonlyMap<string, IndexedNode>;
  /** Pods matching every conjunct, counted per node/domain. */
  matchingTally(conjuncts: readonly Conjunct[]): Tally;
  /** Number of known nodes per value of `key`. */
  domainNodeCounts(key: string): ReadonlyMap<string, number>;
  /** Number of known nodes carrying `key`. */
  nodesWithKey(key: string): number;
  antiAffinityGroups(): Iterable<AntiAffinityGroup>;
}

/** The namespaces an affinity term's selector applies to: its own list, else the owning pod's. */
export function termNamespaces(term: PodAffinityTerm, ownerNamespace: string): readonly string[] {
  return term.namespaces && term.namespaces.length > 0 ? term.namespaces : [ownerNamespace];
}

interface SpreadCheck {
  readonly constraint: TopologySpreadConstraint;
  readonly selfMatch: number;
  readonly counts: ReadonlyMap<string, number>;
  /** Global minimum over eligible domains (0 when fewer than minDomains; +∞ when there are none). */
  readonly min: number;
}

interface DomainCheck {
  readonly key: string;
  readonly counts: ReadonlyMap<string, number>;
}

function spreadChecks(view: TopologyView, pod: PodSpec): SpreadCheck[] {
  const constraints = pod.topologySpreadConstraints.filter((c) => c.whenUnsatisfiable === 'DoNotSchedule');
  if (constraints.length === 0) return [];
  const keys = [...new Set(constraints.map((c) => c.topologyKey))];
  const hasNodeConstraints = Object.keys(pod.nodeSelector).length > 0 || (pod.affinity?.nodeAffinity?.required?.length ?? 0) > 0;
  const everyNodeHasKeys = keys.every((k) => view.nodesWithKey(k) === view.nodes.size);
  const checks: SpreadCheck[] = [];
  for (const c of constraints) {
    const tally = view.matchingTally([{ selector: c.labelSelector, namespaces: [pod.namespace] }]);
    const selfMatch = selectorMatches(c.labelSelector, pod.labels) ? 1 : 0;
    const honorAffinity = (c.nodeAffinityPolicy ?? 'Honor') === 'Honor' && hasNodeConstraints;
    const honorTaints = c.nodeTaintsPolicy === 'Honor';
    let counts: ReadonlyMap<string, number>;
    let domains: number;
    let min: number;
    if (!honorAffinity && !honorTaints && everyNodeHasKeys) {
      // Fast path: every node is eligible; the tally's per-domain counts are exactly what we need.
      counts = tally.domainCounts(c.topologyKey);
      const domainNodes = view.domainNodeCounts(c.topologyKey);
      domains = domainNodes.size;
      if (domains === 0) min = Infinity;
      else if (domains > counts.size) min = 0;
      else {
        min = Infinity;
        for (const v of counts.values()) if (v < min) min = v;
      }
    } else {
      // kube-scheduler's PreFilter: eligible nodes carry every constraint key and pass the policies.
      const m = new Map<string, number>();
      for (const node of view.nodes.values()) {
        if (!keys.every((k) => labelValue(node.labels, k) !== undefined)) continue;
        if (honorAffinity && !nodeSelectorMatches(pod, node.labels)) continue;
        if (honorTaints && untoleratedTaint(pod.tolerations, node.taints) !== undefined) continue;
        const v = labelValue(node.labels, c.topologyKey) as string;
        m.set(v, (m.get(v) ?? 0) + (tally.perNode.get(node.name) ?? 0));
      }
      counts = m;
      domains = m.size;
      min = Infinity;
      for (const v of m.values()) if (v < min) min = v;
    }
    if (c.minDomains !== undefined && domains < c.minDomains) min = 0;
    checks.push({ constraint: c, selfMatch, counts, min });
  }
  return checks;
}

/**
 * kube-scheduler's PreFilter state for one pod against the index: PodTopologySpread (DoNotSchedule
 * constraints) and InterPodAffinity (required terms, plus existing pods' anti-affinity). Valid until the
 * index next changes.
 */
export class PodTopologyState {
  private readonly spread: SpreadCheck[];
  private readonly affinity: DomainCheck[];
  /** No existing pod matches all affinity terms, and the pod matches them itself: it may start a domain. */
  private readonly affinityBootstrap: boolean;
  private readonly antiAffinity: DomainCheck[];
  private readonly existingAntiAffinity: DomainCheck[];

  constructor(view: TopologyView, pod: PodSpec) {
    this.spread = spreadChecks(view, pod);
    const affinityTerms = pod.affinity?.podAffinity?.required ?? [];
    if (affinityTerms.length > 0) {
      const conjuncts = affinityTerms.map((t) => ({ selector: t.labelSelector, namespaces: termNamespaces(t, pod.namespace) }));
      const tally = view.matchingTally(conjuncts);
      this.affinity = affinityTerms.map((t) => ({ key: t.topologyKey, counts: tally.domainCounts(t.topologyKey) }));
      const noneExist = this.affinity.every((d) => d.counts.size === 0);
      const selfMatch = conjuncts.every((c) => c.namespaces.includes(pod.namespace) && selectorMatches(c.selector, pod.labels));
      this.affinityBootstrap = noneExist && selfMatch;
    } else {
      this.affinity = [];
      this.affinityBootstrap = false;
    }
    this.antiAffinity = (pod.affinity?.podAntiAffinity?.required ?? []).map((t) => ({
      key: t.topologyKey,
      counts: view.matchingTally([{ selector: t.labelSelector, namespaces: termNamespaces(t, pod.namespace) }]).domainCounts(t.topologyKey),
    }));
    this.existingAntiAffinity = [];
    for (const g of view.antiAffinityGroups()) {
      if (!g.namespaces.has(pod.namespace) || !selectorMatches(g.selector, pod.labels)) continue;
      const counts = g.tally.domainCounts(g.topologyKey);
      if (counts.size > 0) this.existingAntiAffinity.push({ key: g.topologyKey, counts });
    }
  }

  /** The first DoNotSchedule constraint that placing the pod on a node with `nodeLabels` would violate. */
  spreadViolation(nodeLabels: Labels): TopologySpreadConstraint | undefined {
    for (const s of this.spread) {
      const v = labelValue(nodeLabels, s.constraint.topologyKey);
      if (v === undefined) return s.constraint;
      const skew = (s.counts.get(v) ?? 0) + s.selfMatch - s.min;
      if (skew > s.constraint.maxSkew) return s.constraint;
    }
    return undefined;
  }

  /** Which inter-pod rule forbids the node, in kube-scheduler's order: affinity, anti-affinity, existing pods' anti-affinity. */
  affinityViolation(nodeLabels: Labels): 'pod-affinity' | 'pod-anti-affinity' | undefined {
    if (this.affinity.length > 0) {
      let podsExist = true;
      for (const a of this.affinity) {
        const v = labelValue(nodeLabels, a.key);
        if (v === undefined) return 'pod-affinity';
        if ((a.counts.get(v) ?? 0) <= 0) podsExist = false;
      }
      if (!podsExist && !this.affinityBootstrap) return 'pod-affinity';
    }
    for (const a of this.antiAffinity) {
      const v = labelValue(nodeLabels, a.key);
      if (v !== undefined && (a.counts.get(v) ?? 0) > 0) return 'pod-anti-affinity';
    }
    for (const a of this.existingAntiAffinity) {
      const v = labelValue(nodeLabels, a.key);
      if (v !== undefined && (a.counts.get(v) ?? 0) > 0) return 'pod-anti-affinity';
    }
    return undefined;
  }

  /** Domains of `key` the pod must avoid because of existing pods' required anti-affinity. */
  existingAntiAffinityDomains(): { key: string; values: string[] }[] {
    return this.existingAntiAffinity.map((a) => ({ key: a.key, values: [...a.counts.keys()] }));
  }
}
