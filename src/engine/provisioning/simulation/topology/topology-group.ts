import { LabelKeys, type LabelSelector, type Labels, type PodSpec, type Taint, type Toleration } from '../../../../model/index.js';
import { selectorMatches, untoleratedTaint, type Requirements } from '../../../../scheduling/index.js';
import { isWellKnown } from '../well-known.js';

export type TopologyType = 'spread' | 'affinity' | 'anti-affinity';

/** Where a pod would land: a registered node (exact labels) or a NodeClaim (requirements and a placeholder hostname). */
export interface NodeDomains {
  readonly hostname: string;
  readonly requirements: Requirements;
  /** Exact labels when the node exists; then domains are read from them and never narrowed. */
  readonly labels?: Labels;
  /** The node's taints (a NodeClaim's: its NodePool's), for spreads with nodeTaintsPolicy Honor. */
  readonly taints?: readonly Taint[];
}

/**
 * Pods counted per domain of one topology key, for one (selector, namespaces) — one of a pod's topology
 * spread constraints, pod affinity or anti-affinity terms (Karpenter's TopologyGroup). Domains are
 * registered with zero counts so that empty domains count for skew and anti-affinity.
 */
const NONE: readonly string[] = [];

export class TopologyGroup {
  private readonly counts = new Map<string, number>();
  private readonly nonEmpty = new Set<string>();
  private readonly matchLabels: readonly (readonly [string, string])[];
  private readonly expressions: LabelSelector | undefined;
  /** Hostname groups: how many planned NodeClaims hold a counted pod (maintained by the topology). */
  occupiedClaims = 0;
  /**
   * Spread with nodeAffinityPolicy Honor (the default): the skew minimum is taken over the domains the
   * pod's node requirements allow; Ignore: over every domain.
   */
  honorNodeAffinity = true;
  /** Spread with nodeTaintsPolicy Honor: the owner's tolerations (nodes with other taints do not count). */
  tolerations: readonly Toleration[] | undefined;
  /**
   * With nodeTaintsPolicy Honor: the domains some tolerated node or NodePool provides (Karpenter's
   * domain groups); the others are no domains for this spread. Undefined: every registered domain.
   */
  eligible: ReadonlySet<string> | undefined;
  /** The failure this group reports (built once: failures are frequent during packing). */
  readonly failure: { readonly ok: false; readonly reason: string };

  constructor(
    readonly type: TopologyType,
    readonly key: string,
    readonly namespaces: ReadonlySet<string>,
    readonly selector: LabelSelector | undefined,
    readonly maxSkew: number,
    readonly minDomains: number | undefined,
    /** Spread with nodeAffinityPolicy Honor: only nodes matching one of these count (the owner's node requirements). */
    readonly nodeFilter: readonly Requirements[] | undefined,
    what: string = type === 'spread' ? 'topology spread' : type === 'affinity' ? 'pod affinity' : 'pod anti-affinity',
  ) {
    this.failure = { ok: false, reason: `${what} on ${key} cannot be satisfied` };
    this.matchLabels = Object.entries(selector?.matchLabels ?? {});
    this.expressions = selector?.matchExpressions?.length ? { matchExpressions: selector.matchExpressions } : undefined;
  }

  selects(pod: PodSpec): boolean {
    if (!this.namespaces.has(pod.namespace) || this.selector === undefined) return false;
    for (const [k, v] of this.matchLabels) if (pod.labels[k] !== v) return false;
    return this.expressions === undefined || selectorMatches(this.expressions, pod.labels);
  }

  /** For a key with one domain per node (hostname): may the pod take this domain? */
  admitsSingle(self: boolean, domain: string): boolean {
    switch (this.type) {
      case 'spread': {
        const c = this.counts.get(domain);
        return c !== undefined && c + (self ? 1 : 0) - this.minCount(undefined) <= this.maxSkew && this.isEligible(domain);
      }
      case 'affinity':
        if (this.nonEmpty.has(domain)) return true;
        return this.nonEmpty.size === 0 && self && this.counts.has(domain);
      case 'anti-affinity':
        return this.count(domain) === 0;
    }
  }

  /** Does a node with these labels / requirements pass the group's node filter? */
  filterAccepts(node: NodeDomains): boolean {
    if (this.tolerations && node.taints && untoleratedTaint(this.tolerations, node.taints) !== undefined) return false;
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
   * The domains among `nodeDomains` the pod may take (empty: none); `self`: the group selects the pod. Spread: the single least-loaded
   * domain within maxSkew of the global minimum; affinity: domains holding a selected pod (a self-selecting
   * first pod bootstraps any); anti-affinity: domains holding none.
   */
  nextDomains(self: boolean, podDomains: Requirements | undefined, nodeDomains: readonly string[]): readonly string[] {
    switch (this.type) {
      case 'spread':
        return this.nextSpreadDomain(self, podDomains, nodeDomains);
      case 'affinity':
        return this.nextAffinityDomains(self, podDomains, nodeDomains);
      case 'anti-affinity':
        for (const d of nodeDomains) if (this.count(d) !== 0) return nodeDomains.filter((x) => this.count(x) === 0);
        return nodeDomains;
    }
  }

  /**
   * Every domain among `domains` the pod could take under this group now (for spread: within maxSkew of
   * the minimum, not only the least loaded one). Used to rule out nodes quickly.
   */
  feasibleDomains(self: boolean, podDomains: Requirements | undefined, domains: readonly string[]): string[] {
    switch (this.type) {
      case 'spread': {
        const min = this.minCount(podDomains);
        const add = self ? 1 : 0;
        return domains.filter((d) => {
          const c = this.counts.get(d);
          return c !== undefined && c + add - min <= this.maxSkew && this.isEligible(d);
        });
      }
      case 'affinity': {
        const options = domains.filter((d) => this.nonEmpty.has(d) && this.allows(podDomains, d));
        if (options.length > 0 || !self) return options;
        for (const d of this.nonEmpty) if (this.allows(podDomains, d)) return options;
        return domains.filter((d) => this.counts.has(d) && this.allows(podDomains, d));
      }
      case 'anti-affinity':
        return domains.filter((d) => this.count(d) === 0);
    }
  }

  private isEligible(domain: string): boolean {
    return this.eligible === undefined || this.eligible.has(domain);
  }

  private allows(podDomains: Requirements | undefined, domain: string): boolean {
    return podDomains === undefined || podDomains.allows(this.key, domain);
  }

  private minCount(podDomains: Requirements | undefined): number {
    // A new node can always be created: hostname spreads have a global minimum of zero.
    if (this.key === LabelKeys.hostname) return 0;
    let min = Number.MAX_SAFE_INTEGER;
    let supported = 0;
    const within = this.honorNodeAffinity ? podDomains : undefined;
    // Keys then values: iterating entries would allocate a pair per domain on every call.
    for (const domain of this.counts.keys()) {
      if (!this.allows(within, domain) || !this.isEligible(domain)) continue;
      supported++;
      const count = this.counts.get(domain) as number;
      if (count < min) min = count;
    }
    if (this.minDomains !== undefined && supported < this.minDomains) return 0;
    return supported === 0 ? 0 : min;
  }

  private nextSpreadDomain(selfSelecting: boolean, podDomains: Requirements | undefined, nodeDomains: readonly string[]): readonly string[] {
    const min = this.minCount(podDomains);
    const self = selfSelecting ? 1 : 0;
    let best: string | undefined;
    let bestCount = Number.MAX_SAFE_INTEGER;
    for (const domain of nodeDomains) {
      const c = this.counts.get(domain);
      if (c === undefined || !this.isEligible(domain)) continue;
      const count = c + self;
      if (count - min <= this.maxSkew && count < bestCount) {
        best = domain;
        bestCount = count;
      }
    }
    if (best === undefined) return NONE;
    let one = this.single.get(best);
    if (!one) this.single.set(best, (one = [best]));
    return one;
  }

  /** One-domain answers, made once per domain (callers only read them). */
  private readonly single = new Map<string, readonly string[]>();

  private nextAffinityDomains(self: boolean, podDomains: Requirements | undefined, nodeDomains: readonly string[]): readonly string[] {
    let all = true;
    for (const d of nodeDomains) if (!this.nonEmpty.has(d) || !this.allows(podDomains, d)) all = false;
    if (all && nodeDomains.length > 0) return nodeDomains;
    const options: string[] = [];
    for (const d of nodeDomains) if (this.nonEmpty.has(d) && this.allows(podDomains, d)) options.push(d);
    if (options.length > 0 || !self) return options;
    for (const d of this.nonEmpty) if (this.allows(podDomains, d)) return options;
    // No selected pod anywhere the pod may go, and it selects itself: it may start the group in any domain.
    for (const d of nodeDomains) if (this.counts.has(d) && this.allows(podDomains, d)) return [d];
    return options;
  }
}
