import type { Node } from '../../model/index.js';
import type { NodeGroupBackoff } from './backoff.js';
import type { NodeGroupInfo } from './node-groups.js';

/** Per-group readiness (`clusterstate.Readiness`). */
export interface Readiness {
  readonly ready: string[];
  readonly unready: string[];
  /** Registered, not Ready, younger than max-node-startup-time: counted as upcoming. */
  readonly notStarted: string[];
  readonly registered: string[];
  readonly unregistered: string[];
  readonly longUnregistered: string[];
}

export interface ScaleUpRequest {
  readonly group: string;
  increase: number;
  time: number;
  expectedAddTime: number;
}

export interface CsrConfig {
  readonly maxNodeProvisionSeconds: number;
  readonly maxNodeStartupSeconds: number;
  /** 1.36+: upcoming nodes count only while a scale-up request is active and the group is not backed off. */
  readonly upcomingOnlyWhileRequested: boolean;
  readonly okTotalUnreadyCount: number;
  readonly maxTotalUnreadyPercentage: number;
}

/** The instance id and node group of each node of a list (same positions). */
export interface NodeIdentity {
  readonly instanceIds: readonly string[];
  readonly groupNames: readonly (string | undefined)[];
}

/** What the registry reports for the caller to act on after an update. */
export interface CsrEvent {
  readonly kind: 'scale-up-completed' | 'scale-up-timed-out' | 'scale-up-failed';
  readonly group: string;
  readonly increase: number;
  readonly reason?: string;
  readonly backoffUntil?: number;
}

/** The node lists of a Readiness (registered nodes only). */
type NodeLists = Pick<Readiness, 'registered' | 'ready' | 'unready' | 'notStarted'>;

interface NodeReadiness {
  readonly per: ReadonlyMap<string, NodeLists>;
  readonly total: NodeLists;
  readonly registeredIds: ReadonlySet<string>;
  /** The lists hold while `now` is below this (a NotStarted node turns unready at its startup deadline). */
  readonly validUntil: number;
}

const emptyNodeLists = (): NodeLists => ({ ready: [], unready: [], notStarted: [], registered: [] });

const emptyReadiness = (): Readiness => ({ ready: [], unready: [], notStarted: [], registered: [], unregistered: [], longUnregistered: [] });

/**
 * The cluster-state registry: which nodes belong to which group, their readiness, the instances that have
 * not registered yet, upcoming nodes, scale-up requests with their deadline, failures and backoff.
 */
export class ClusterStateRegistry {
  private readiness = new Map<string, Readiness>();
  private total: Readiness = emptyReadiness();
  /** The registered nodes' part of the last update, reused while the nodes did not change. */
  private nodePart: NodeReadiness | undefined;
  /** Positions of each group's instances that have no registered node, for one nodePart and instance membership. */
  private withoutNode: { readonly nodePart: NodeReadiness; readonly version: number; readonly byGroup: Map<string, number[]> } | undefined;
  private nodeCount = 0;
  private targets = new Map<string, number>();
  private readonly unregisteredSince = new Map<string, number>();
  readonly scaleUpRequests = new Map<string, ScaleUpRequest>();
  private readonly incorrect = new Map<string, { current: number; expected: number; firstObserved: number }>();

  constructor(
    private readonly config: CsrConfig,
    readonly backoff: NodeGroupBackoff,
  ) {}

  /** `UpdateNodes`: recompute readiness, unregistered instances, scale-up request outcomes and incorrect sizes. */
  /**
   * `UpdateNodes`. `nodesUnchanged`: the same Node objects as the last update and none changed since;
   * `membershipVersion`: changes whenever the groups' instance lists (ids, order) may have changed.
   */
  update(now: number, groups: readonly NodeGroupInfo[], nodes: readonly Node[], info: NodeIdentity, nodesUnchanged = false, membershipVersion = NaN): CsrEvent[] {
    let nodePart = this.nodePart;
    if (!nodesUnchanged || !nodePart || now >= nodePart.validUntil) nodePart = this.nodePart = this.readNodes(now, nodes, info);
    const per = new Map<string, Readiness>();
    for (const [g, lists] of nodePart.per) per.set(g, { ...lists, unregistered: [], longUnregistered: [] });
    const total: Readiness = { ...nodePart.total, unregistered: [], longUnregistered: [] };
    const registeredIds = nodePart.registeredIds;
    let cache = this.withoutNode;
    if (!cache || cache.nodePart !== nodePart || cache.version !== membershipVersion) cache = this.withoutNode = { nodePart, version: membershipVersion, byGroup: new Map() };
    const seen = new Set<string>();
    for (const g of groups) {
      const r = per.get(g.name) ?? per.set(g.name, emptyReadiness()).get(g.name)!;
      let positions = cache.byGroup.get(g.name);
      if (!positions) {
        positions = [];
        for (let i = 0; i < g.instances.length; i++) if (!registeredIds.has(g.instances[i]!.id)) positions.push(i);
        cache.byGroup.set(g.name, positions);
      }
      for (const i of positions) {
        const inst = g.instances[i]!;
        if (inst.lifecycleState === 'Terminating') continue;
        seen.add(inst.id);
        const since = this.unregisteredSince.get(inst.id) ?? now;
        this.unregisteredSince.set(inst.id, since);
        const list = since + this.config.maxNodeProvisionSeconds < now ? 'longUnregistered' : 'unregistered';
        r[list].push(inst.id);
        total[list].push(inst.id);
      }
    }
    for (const id of this.unregisteredSince.keys()) if (!seen.has(id)) this.unregisteredSince.delete(id);
    this.readiness = per;
    this.total = total;
    this.nodeCount = nodes.length;
    this.targets = new Map(groups.map((g) => [g.name, g.targetSize]));
    const events = this.updateScaleRequests(now);
    this.updateIncorrectSizes(now, groups);
    return events;
  }

  /** Registered nodes by readiness, overall and per group; valid until a NotStarted node's startup time runs out. */
  private readNodes(now: number, nodes: readonly Node[], info: NodeIdentity): NodeReadiness {
    const per = new Map<string, NodeLists>();
    const total = emptyNodeLists();
    let validUntil = Infinity;
    for (let i = 0; i < nodes.length; i++) {
      const node = nodes[i]!;
      const g = info.groupNames[i];
      let list: keyof NodeLists = 'ready';
      if (!node.ready) {
        const startupEnds = node.createdAt + this.config.maxNodeStartupSeconds;
        list = startupEnds > now ? 'notStarted' : 'unready';
        if (list === 'notStarted' && startupEnds < validUntil) validUntil = startupEnds;
      }
      total.registered.push(node.name);
      total[list].push(node.name);
      if (g === undefined) continue;
      let r = per.get(g);
      if (!r) per.set(g, (r = emptyNodeLists()));
      r.registered.push(node.name);
      r[list].push(node.name);
    }
    return { per, total, registeredIds: new Set(info.instanceIds), validUntil };
  }

  private updateScaleRequests(now: number): CsrEvent[] {
    this.backoff.removeStale(now);
    const events: CsrEvent[] = [];
    for (const [group, req] of this.scaleUpRequests) {
      if (!this.areThereUpcomingNodes(group)) {
        this.scaleUpRequests.delete(group);
        this.backoff.remove(group);
        events.push({ kind: 'scale-up-completed', group, increase: req.increase });
        continue;
      }
      if (req.expectedAddTime < now) {
        const until = this.backoff.backoff(group, 'timeout', now);
        this.scaleUpRequests.delete(group);
        events.push({ kind: 'scale-up-timed-out', group, increase: req.increase, reason: 'timeout', backoffUntil: until });
      }
    }
    return events;
  }

  private updateIncorrectSizes(now: number, groups: readonly NodeGroupInfo[]): void {
    for (const g of groups) {
      const r = this.readiness.get(g.name)!;
      const registered = r.registered.length;
      const unregistered = r.unregistered.length + r.longUnregistered.length;
      if (registered > g.targetSize || registered < g.targetSize - unregistered) {
        const prev = this.incorrect.get(g.name);
        if (!prev || prev.current !== registered || prev.expected !== g.targetSize) {
          this.incorrect.set(g.name, { current: registered, expected: g.targetSize, firstObserved: now });
        }
      } else {
        this.incorrect.delete(g.name);
      }
    }
  }

  /** `RegisterOrUpdateScaleUp`: a positive delta adds to the request and resets its deadline. */
  registerScaleUp(group: string, delta: number, now: number): void {
    const req = this.scaleUpRequests.get(group);
    if (!req) {
      if (delta > 0) this.scaleUpRequests.set(group, { group, increase: delta, time: now, expectedAddTime: now + this.config.maxNodeProvisionSeconds });
      return;
    }
    if (req.increase + delta <= 0) {
      this.scaleUpRequests.delete(group);
      return;
    }
    req.increase += delta;
    if (delta > 0) {
      req.time = now;
      req.expectedAddTime = now + this.config.maxNodeProvisionSeconds;
    }
  }

  /** `RegisterFailedScaleUp`: back the group off. Returns the backoff end. */
  registerFailedScaleUp(group: string, errorCode: string, now: number): number {
    return this.backoff.backoff(group, errorCode, now);
  }

  /** Instances that failed (placeholders that cannot be fulfilled): shrink the request and back off. */
  handleCreationErrors(group: string, failed: number, errorCode: string, now: number): CsrEvent | undefined {
    if (failed <= 0 || !this.isScalingUp(group)) return undefined;
    this.registerScaleUp(group, -failed, now);
    const until = this.registerFailedScaleUp(group, errorCode, now);
    return { kind: 'scale-up-failed', group, increase: failed, reason: errorCode, backoffUntil: until };
  }

  readinessOf(group: string): Readiness {
    return this.readiness.get(group) ?? emptyReadiness();
  }

  get totalReadiness(): Readiness {
    return this.total;
  }

  private provisioned(group: string): number {
    const r = this.readinessOf(group);
    return r.registered.length - r.notStarted.length;
  }

  areThereUpcomingNodes(group: string): boolean {
    return (this.targets.get(group) ?? 0) > this.provisioned(group);
  }

  isScalingUp(group: string): boolean {
    return this.areThereUpcomingNodes(group) && this.scaleUpRequests.has(group);
  }

  /** Upcoming nodes of a group (`GetUpcomingNodes`), and the names of those already registered (NotStarted). */
  upcoming(group: string, now: number): { count: number; registered: readonly string[] } {
    const r = this.readinessOf(group);
    const count = (this.targets.get(group) ?? 0) - (r.ready.length + r.unready.length + r.longUnregistered.length);
    if (count <= 0) return { count: 0, registered: [] };
    if (this.config.upcomingOnlyWhileRequested && (!this.scaleUpRequests.has(group) || this.backoff.isBackedOff(group, now))) {
      return { count: 0, registered: [] };
    }
    return { count, registered: r.notStarted };
  }

  isClusterHealthy(): boolean {
    const unready = this.total.unready.length;
    return !(unready > this.config.okTotalUnreadyCount && unready > (this.config.maxTotalUnreadyPercentage / 100) * this.nodeCount);
  }

  /** `IsNodeGroupHealthy`: too few ready nodes below the group's acceptable minimum makes it unhealthy. */
  isGroupHealthy(group: string, minSize: number): boolean {
    const r = this.readinessOf(group);
    const target = this.targets.get(group) ?? 0;
    const acceptableMin = target - r.longUnregistered.length - (this.scaleUpRequests.get(group)?.increase ?? 0);
    if (r.registered.length === 0 && r.unregistered.length === 0) return target === 0 || minSize === 0;
    const unjustified = Math.max(0, acceptableMin - r.ready.length);
    const all = r.ready.length + r.unready.length + r.notStarted.length;
    return !(unjustified > this.config.okTotalUnreadyCount && unjustified > (this.config.maxTotalUnreadyPercentage / 100) * all);
  }

  isSafeToScaleUp(group: string, minSize: number, now: number): { safe: boolean; reason?: string; backoffErrorCode?: string } {
    if (!this.isGroupHealthy(group, minSize)) return { safe: false, reason: 'unhealthy' };
    if (this.backoff.isBackedOff(group, now)) {
      const code = this.backoff.status(group)?.errorCode ?? '';
      return { safe: false, reason: `backoff (${code})`, backoffErrorCode: code };
    }
    return { safe: true };
  }

  /** A group whose registered count has differed from its target since this time, with the sizes. */
  incorrectSize(group: string): { current: number; expected: number; firstObserved: number } | undefined {
    return this.incorrect.get(group);
  }

  /** Instances unregistered for longer than max-node-provision-time, by group. */
  longUnregistered(group: string): readonly string[] {
    return this.readinessOf(group).longUnregistered;
  }
}
