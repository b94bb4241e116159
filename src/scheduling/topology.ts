import type { Labels, LabelSelector, PodSpec, Taint, TopologySpreadConstraint } from '../model/index.js';
import { selectorMatches } from './requirements.js';
import { PodTopologyState, termNamespaces } from './topology-state.js';
import type { AntiAffinityGroup, Conjunct, TopologyView } from './topology-state.js';
import { labelValue, selectorKey, Tally } from './topology-tally.js';
import type { IndexedNode } from './topology-tally.js';

export { PodTopologyState } from './topology-state.js';
export type { Conjunct } from './topology-state.js';

interface IndexedPod {
  readonly pod: PodSpec;
  readonly nodeName: string;
  /** Anti-affinity groups this pod is counted in, with their keys. */
  readonly groups: readonly (readonly [string, AntiAffinityGroup])[];
}

interface CountEntry {
  readonly conjuncts: readonly { selector: LabelSelector | undefined; namespaces: ReadonlySet<string> }[];
  readonly tally: Tally;
}

/** Above this many cached (selector, namespaces) tallies the cache is dropped and rebuilt on demand. */
const MAX_CACHED_TALLIES = 20_000;

function conjunctsKey(conjuncts: readonly Conjunct[]): string {
  return conjuncts.map((c) => `${selectorKey(c.selector)}|${[...c.namespaces].sort().join(',')}`).join('&');
}

function entryMatches(entry: CountEntry, pod: PodSpec): boolean {
  for (const c of entry.conjuncts) if (!c.namespaces.has(pod.namespace) || !selectorMatches(c.selector, pod.labels)) return false;
  return true;
}

function sameLabels(a: Labels, b: Labels): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || a[k] !== b[k]) return false;
  return true;
}

/**
 * Pods per topology domain (zone, hostname, any label key), maintained incrementally as nodes and pods
 * come and go, answering kube-scheduler's PodTopologySpread and InterPodAffinity filters.
 *
 * Which pods are added is the caller's choice (kube-scheduler counts bound pods; terminating pods still
 * count for inter-pod affinity but not for topology spread). Pods on nodes the index does not know are
 * remembered but not counted until the node is added. Counts per (selector, namespaces) are cached and
 * updated on every add/remove, so queries do not rescan pods; per-pod filter state (`prepare`) is cached
 * until the next change, so checking one pod against many nodes costs one preparation.
 */
export class TopologyIndex implements TopologyView {
  readonly nodes = new Map<string, IndexedNode>();
  private readonly pods = new Map<string, IndexedPod>();
  private readonly podsByNamespace = new Map<string, Set<string>>();
  private readonly entries = new Map<string, CountEntry>();
  private readonly entriesByNamespace = new Map<string, Set<CountEntry>>();
  private readonly groups = new Map<string, AntiAffinityGroup>();
  private readonly domainNodes = new Map<string, Map<string, number>>();
  private readonly keyNodeCounts = new Map<string, number>();
  private readonly prepared = new WeakMap<PodSpec, { version: number; state: PodTopologyState }>();
  private version = 0;

  upsertNode(name: string, labels: Labels, taints: readonly Taint[] = []): void {
    this.version++;
    const old = this.nodes.get(name);
    this.nodes.set(name, { name, labels, taints });
    if (old && sameLabels(old.labels, labels)) return;
    this.labelsChanged(name, old?.labels, labels);
  }

  removeNode(name: string): void {
    const old = this.nodes.get(name);
    if (!old) return;
    this.version++;
    this.nodes.delete(name);
    this.labelsChanged(name, old.labels, undefined);
  }

  private labelsChanged(name: string, before: Labels | undefined, after: Labels | undefined): void {
    for (const [key, m] of this.domainNodes) {
      const b = before ? labelValue(before, key) : undefined;
      const a = after ? labelValue(after, key) : undefined;
      if (a === b) continue;
      if (b !== undefined) {
        const c = (m.get(b) ?? 0) - 1;
        if (c === 0) m.delete(b);
        else m.set(b, c);
        this.keyNodeCounts.set(key, (this.keyNodeCounts.get(key) ?? 0) - 1);
      }
      if (a !== undefined) {
        m.set(a, (m.get(a) ?? 0) + 1);
        this.keyNodeCounts.set(key, (this.keyNodeCounts.get(key) ?? 0) + 1);
      }
    }
    for (const e of this.entries.values()) e.tally.nodeChanged(name, before, after);
    for (const g of this.groups.values()) g.tally.nodeChanged(name, before, after);
  }

  /** Add (or move) a pod bound to `nodeName`. Re-adding a known uid replaces it. */
  addPod(uid: string, pod: PodSpec, nodeName: string): void {
    if (this.pods.has(uid)) this.removePod(uid);
    this.version++;
    let inNs = this.podsByNamespace.get(pod.namespace);
    if (!inNs) this.podsByNamespace.set(pod.namespace, (inNs = new Set()));
    inNs.add(uid);
    for (const e of this.entriesByNamespace.get(pod.namespace) ?? []) if (entryMatches(e, pod)) e.tally.bump(nodeName, 1);
    const groups: [string, AntiAffinityGroup][] = [];
    for (const term of pod.affinity?.podAntiAffinity?.required ?? []) {
      const namespaces = termNamespaces(term, pod.namespace);
      const key = `${selectorKey(term.labelSelector)}|${[...namespaces].sort().join(',')}|${term.topologyKey}`;
      let g = this.groups.get(key);
      if (!g) {
        g = { selector: term.labelSelector, namespaces: new Set(namespaces), topologyKey: term.topologyKey, tally: new Tally(this.nodes) };
        this.groups.set(key, g);
      }
      g.tally.bump(nodeName, 1);
      groups.push([key, g]);
    }
    this.pods.set(uid, { pod, nodeName, groups });
  }

  removePod(uid: string): void {
    const p = this.pods.get(uid);
    if (!p) return;
    this.version++;
    this.pods.delete(uid);
    this.podsByNamespace.get(p.pod.namespace)?.delete(uid);
    for (const e of this.entriesByNamespace.get(p.pod.namespace) ?? []) if (entryMatches(e, p.pod)) e.tally.bump(p.nodeName, -1);
    for (const [key, g] of p.groups) {
      g.tally.bump(p.nodeName, -1);
      if (g.tally.perNode.size === 0) this.groups.delete(key);
    }
  }

  hasPod(uid: string): boolean {
    return this.pods.has(uid);
  }

  /** Pods matching every conjunct, counted per node and domain (cached; created on first use). */
  matchingTally(conjuncts: readonly Conjunct[]): Tally {
    const key = conjunctsKey(conjuncts);
    let e = this.entries.get(key);
    if (e) return e.tally;
    if (this.entries.size >= MAX_CACHED_TALLIES) {
      this.entries.clear();
      this.entriesByNamespace.clear();
      this.version++;
    }
    e = { conjuncts: conjuncts.map((c) => ({ selector: c.selector, namespaces: new Set(c.namespaces) })), tally: new Tally(this.nodes) };
    this.entries.set(key, e);
    const first = e.conjuncts[0]?.namespaces ?? new Set<string>();
    for (const ns of first) {
      let s = this.entriesByNamespace.get(ns);
      if (!s) this.entriesByNamespace.set(ns, (s = new Set()));
      s.add(e);
      for (const uid of this.podsByNamespace.get(ns) ?? []) {
        const p = this.pods.get(uid) as IndexedPod;
        if (entryMatches(e, p.pod)) e.tally.bump(p.nodeName, 1);
      }
    }
    return e.tally;
  }

  /** Number of known nodes per value of `key` (live view). */
  domainNodeCounts(key: string): ReadonlyMap<string, number> {
    let m = this.domainNodes.get(key);
    if (!m) {
      m = new Map();
      let n = 0;
      for (const node of this.nodes.values()) {
        const v = labelValue(node.labels, key);
        if (v === undefined) continue;
        m.set(v, (m.get(v) ?? 0) + 1);
        n++;
      }
      this.domainNodes.set(key, m);
      this.keyNodeCounts.set(key, n);
    }
    return m;
  }

  nodesWithKey(key: string): number {
    this.domainNodeCounts(key);
    return this.keyNodeCounts.get(key) ?? 0;
  }

  /** The values of `key` among known nodes (the topology domains). */
  domains(key: string): string[] {
    return [...this.domainNodeCounts(key).keys()];
  }

  antiAffinityGroups(): Iterable<AntiAffinityGroup> {
    return this.groups.values();
  }

  /** Number of pods matching `selector` in `namespaces` on nodes whose label `key` equals `value`. */
  countInDomain(key: string, value: string, selector: LabelSelector | undefined, namespaces: readonly string[]): number {
    return this.matchingTally([{ selector, namespaces }]).domainCounts(key).get(value) ?? 0;
  }

  /**
   * Pods matching `selector` in `namespaces`, per domain of `key`: every domain of a known node carrying
   * the key appears, with 0 when empty. A fresh map the caller may keep.
   */
  domainCounts(key: string, selector: LabelSelector | undefined, namespaces: readonly string[]): Map<string, number> {
    const counts = this.matchingTally([{ selector, namespaces }]).domainCounts(key);
    const out = new Map<string, number>();
    for (const d of this.domainNodeCounts(key).keys()) out.set(d, counts.get(d) ?? 0);
    return out;
  }

  /** kube-scheduler's PreFilter state for `pod` (cached per pod object until the index changes). */
  prepare(pod: PodSpec): PodTopologyState {
    const hit = this.prepared.get(pod);
    if (hit && hit.version === this.version) return hit.state;
    const state = new PodTopologyState(this, pod);
    this.prepared.set(pod, { version: this.version, state });
    return state;
  }

  /** The first DoNotSchedule constraint that placing `pod` on a node with `nodeLabels` would violate. */
  spreadViolation(pod: PodSpec, nodeLabels: Labels): TopologySpreadConstraint | undefined {
    if (pod.topologySpreadConstraints.length === 0) return undefined;
    return this.prepare(pod).spreadViolation(nodeLabels);
  }

  /** 'pod-affinity' / 'pod-anti-affinity' when required inter-pod (anti-)affinity forbids the node. */
  affinityViolation(pod: PodSpec, nodeLabels: Labels): 'pod-affinity' | 'pod-anti-affinity' | undefined {
    if (this.groups.size === 0 && !pod.affinity?.podAffinity?.required?.length && !pod.affinity?.podAntiAffinity?.required?.length) {
      return undefined;
    }
    return this.prepare(pod).affinityViolation(nodeLabels);
  }
}
