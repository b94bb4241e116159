import { LabelKeys, type LabelSelector, type Labels, type PodSpec } from '../../../../model/index.js';
import { selectorMatches, type Requirements } from '../../../../scheduling/index.js';
import { isWellKnown } from '../well-known.js';

export type TopologyType = 'spread' | 'affinity' | 'anti-affinity';

/** Where a pod would land: a registered node (exact labels) or a NodeClaim (requirements and a placeholder hostname). */
export interface NodeDomains {
  readonly hostname: string;
  readonly requirements: Requirements;
  /** Exact labels when the node exists; then domains are read from them and never narrowed. */
  readonly labels?: Labels;
}

/**
 * Pods counted per domain of one topology key, for one (selector, namespaces) — one of a pod's topology
 * spread constraints, pod affinity or anti-affinity terms (Karpenter's TopologyGroup). Domains are
 * registered with zero counts so that empty domains count for skew and anti-affinity.
 */
export class TopologyGroup {
  private readonly counts = new Map<string, number>();
  private readonly nonEmpty = new Set<string>();

  constructor(
    readonly type: TopologyType,
    readonly key: string,
    readonly namespaces: ReadonlySet<string>,
    readonly selector: LabelSelector | undefined,
    readonly maxSkew: number,
    readonly minDomains: number | undefined,
    /** Spread with nodeAffinityPolicy Honor: only nodes matching one of these count (the owner's node requirements). */
    readonly nodeFilter: readonly Requirements[] | undefined,
  ) {}

  selects(pod: PodSpec): boolean {
    return this.namespaces.has(pod.namespace) && selectorMatches(this.selector, pod.labels);
  }

  /** Does a node with these labels / requirements pass the group's node filter? */
  filterAccepts(node: NodeDomains): boolean {
    if (!this.nodeFilter) return true;
    const labels = node.labels;
    if (labels) return this.nodeFilter.some((alt) => alt.matches(labels));
    return this.nodeFilter.some((alt) => node.requirements.incompatibility(alt, isWellKnown) === undefined);
  }

  register(domain: string): void {
    if (!this.counts.has(domain)) this.counts.set(domain, 0);
  }

  unregister(domain: string): void {
    if (this.counts.get(domain) === 0) this.counts.delete(domain);
  }

  record(domain: string, n = 1): void {
    this.counts.set(domain, (this.counts.get(domain) ?? 0) + n);
    this.nonEmpty.add(domain);
  }

  count(domain: string): number {
    return this.counts.get(domain) ?? 0;
  }

  /**
   * The domains among `nodeDomains` the pod may take (empty: none). Spread: the single least-loaded
   * domain within maxSkew of the global minimum; affinity: domains holding a selected pod (a self-selecting
   * first pod bootstraps any); anti-affinity: domains holding none.
   */
  nextDomains(pod: PodSpec, podAllows: (domain: string) => boolean, nodeDomains: readonly string[]): string[] {
    switch (this.type) {
      case 'spread':
        return this.nextSpreadDomain(pod, podAllows, nodeDomains);
      case 'affinity':
        return this.nextAffinityDomains(pod, podAllows, nodeDomains);
      case 'anti-affinity':
        return nodeDomains.filter((d) => this.count(d) === 0);
    }
  }

  private minCount(podAllows: (domain: string) => boolean): number {
    // A new node can always be created: hostname spreads have a global minimum of zero.
    if (this.key === LabelKeys.hostname) return 0;
    let min = Number.MAX_SAFE_INTEGER;
    let supported = 0;
    for (const [domain, count] of this.counts) {
      if (!podAllows(domain)) continue;
      supported++;
      if (count < min) min = count;
    }
    if (this.minDomains !== undefined && supported < this.minDomains) return 0;
    return supported === 0 ? 0 : min;
  }

  private nextSpreadDomain(pod: PodSpec, podAllows: (domain: string) => boolean, nodeDomains: readonly string[]): string[] {
    const min = this.minCount(podAllows);
    const self = this.selects(pod) ? 1 : 0;
    let best: string | undefined;
    let bestCount = Number.MAX_SAFE_INTEGER;
    for (const domain of nodeDomains) {
      const c = this.counts.get(domain);
      if (c === undefined) continue;
      const count = c + self;
      if (count - min <= this.maxSkew && count < bestCount) {
        best = domain;
        bestCount = count;
      }
    }
    return best === undefined ? [] : [best];
  }

  private nextAffinityDomains(pod: PodSpec, podAllows: (domain: string) => boolean, nodeDomains: readonly string[]): string[] {
    const options = nodeDomains.filter((d) => podAllows(d) && this.nonEmpty.has(d));
    if (options.length > 0 || !this.selects(pod)) return options;
    for (const d of this.nonEmpty) if (podAllows(d)) return [];
    // No selected pod anywhere the pod may go, and it selects itself: it may start the group in any domain.
    for (const d of nodeDomains) if (podAllows(d) && this.counts.has(d)) return [d];
    return [];
  }
}
