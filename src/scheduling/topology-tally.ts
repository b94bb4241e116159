import type { LabelSelector, Labels, Taint } from '../model/index.js';

/** A node as the topology index knows it. */
export interface IndexedNode {
  readonly name: string;
  readonly labels: Labels;
  readonly taints: readonly Taint[];
}

export function labelValue(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

function addTo(m: Map<string, number>, k: string, delta: number): void {
  const c = (m.get(k) ?? 0) + delta;
  if (c === 0) m.delete(k);
  else m.set(k, c);
}

/**
 * Counts of some set of pods per node and, lazily per topology key, per domain (label value), kept up
 * to date incrementally. Per-domain maps hold only non-zero counts and only pods on known nodes that
 * carry the key.
 */
export class Tally {
  readonly perNode = new Map<string, number>();
  private readonly perKey = new Map<string, Map<string, number>>();

  constructor(private readonly nodes: ReadonlyMap<string, IndexedNode>) {}

  bump(nodeName: string, delta: number): void {
    addTo(this.perNode, nodeName, delta);
    if (this.perKey.size === 0) return;
    const node = this.nodes.get(nodeName);
    if (!node) return;
    for (const [key, m] of this.perKey) {
      const v = labelValue(node.labels, key);
      if (v !== undefined) addTo(m, v, delta);
    }
  }

  /** Non-zero counts per domain of `key` (live view: do not mutate, read before the index changes). */
  domainCounts(key: string): ReadonlyMap<string, number> {
    let m = this.perKey.get(key);
    if (!m) {
      m = new Map();
      for (const [nodeName, c] of this.perNode) {
        const node = this.nodes.get(nodeName);
        const v = node ? labelValue(node.labels, key) : undefined;
        if (v !== undefined) addTo(m, v, c);
      }
      this.perKey.set(key, m);
    }
    return m;
  }

  /** A node appeared, changed labels or went away (labels undefined when absent). */
  nodeChanged(name: string, oldLabels: Labels | undefined, newLabels: Labels | undefined): void {
    const c = this.perNode.get(name);
    if (!c) return;
    for (const [key, m] of this.perKey) {
      const before = oldLabels ? labelValue(oldLabels, key) : undefined;
      const after = newLabels ? labelValue(newLabels, key) : undefined;
      if (before === after) continue;
      if (before !== undefined) addTo(m, before, -c);
      if (after !== undefined) addTo(m, after, c);
    }
  }
}

const selectorKeys = new WeakMap<LabelSelector, string>();

/** A canonical string for a selector (memoized per object); undefined (matches nothing) is "∅". */
export function selectorKey(selector: LabelSelector | undefined): string {
  if (selector === undefined) return '∅';
  let k = selectorKeys.get(selector);
  if (k === undefined) {
    const labels = Object.entries(selector.matchLabels ?? {}).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const exprs = (selector.matchExpressions ?? [])
      .map((e) => [e.key, e.operator, [...(e.values ?? [])].sort()])
      .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
    k = JSON.stringify([labels, exprs]);
    selectorKeys.set(selector, k);
  }
  return k;
}

/** Add one to a domain→count map (for domain-count maps built outside a Tally). */
export function increment(m: Map<string, number>, k: string, delta = 1): void {
  addTo(m, k, delta);
}
