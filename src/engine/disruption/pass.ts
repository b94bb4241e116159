import { isProvisionable, type DisruptionReason, type NodePool, type Pod } from '../../model/index.js';
import { SimulationCache, type SharedSignatures } from '../provisioning/simulation/index.js';
import type { StateNode } from '../state/state-node.js';
import { buildBudgetMapping, countPoolNodes, type BudgetMapping, type PoolCounts } from './budgets.js';
import { buildCandidates, type Candidate } from './candidates.js';
import type { DisruptionDecisions } from './decisions.js';
import { isReschedulable } from './disruption-cost.js';
import type { PodEvents } from './pod-events.js';
import { ConsolidationPrefilter } from './prefilter.js';
import { poolTypesByName } from './price-ordered-types.js';
import type { DisruptionDeps } from './ports.js';
import { simulateWithout, type SimulationOutcome, type SimulationWorld } from './simulate-candidates.js';

/**
 * One look at the cluster by the disruption controller: the state nodes, every candidate (highest
 * savings ratio first), budgets per reason, and the scheduler simulation over this snapshot. Methods and
 * validation work on a pass; a pass is never reused across simulated instants.
 */
export class DisruptionPass {
  readonly now: number;
  /** Wall time for cron budgets: epoch offset + now. */
  readonly nowEpoch: number;
  readonly stateNodes: readonly StateNode[];
  readonly candidates: readonly Candidate[];
  readonly nodePools: readonly NodePool[];
  private readonly counts: ReadonlyMap<string, PoolCounts>;
  private readonly budgetCache = new Map<DisruptionReason, BudgetMapping>();
  private worldCache: SimulationWorld | undefined;
  private prefilterCache: ConsolidationPrefilter | undefined;
  private readonly byName: ReadonlyMap<string, Candidate>;

  constructor(
    readonly deps: DisruptionDeps,
    readonly podEvents: PodEvents,
    readonly decisions: DisruptionDecisions,
    readonly inFlight: ReadonlySet<string>,
    /** Pods' topology signatures kept across passes by the controller (a pass makes its own without). */
    private readonly signatures?: SharedSignatures,
  ) {
    this.now = deps.clock.now();
    this.nowEpoch = deps.options.epochOffsetSeconds + this.now;
    this.nodePools = deps.config.nodePools();
    const byTypeName = poolTypesByName(this.nodePools, (pool) => deps.instanceTypes.forPool(pool));
    const raw = deps.state.stateNodes((name) => byTypeName.get(name));
    this.stateNodes = inFlight.size === 0 ? raw : raw.map((n) => (inFlight.has(n.name) && !n.markedForDeletion ? { ...n, markedForDeletion: true } : n));
    this.counts = countPoolNodes(raw, inFlight);
    this.candidates = buildCandidates({
      now: this.now,
      stateNodes: raw,
      cluster: deps.cluster,
      config: deps.config,
      instanceTypes: deps.instanceTypes,
      podEvents,
      nominationWindowSeconds: deps.options.nominationWindowSeconds,
      inFlight,
    });
    this.byName = new Map(this.candidates.map((c) => [c.name, c]));
  }

  candidate(name: string): Candidate | undefined {
    return this.byName.get(name);
  }

  /** Disruptions still allowed per pool for a reason (a fresh copy: callers decrement it). */
  budgets(reason: DisruptionReason): BudgetMapping {
    let b = this.budgetCache.get(reason);
    if (!b) this.budgetCache.set(reason, (b = buildBudgetMapping(this.nodePools, this.counts, reason, this.nowEpoch)));
    return new Map(b);
  }

  get world(): SimulationWorld {
    if (!this.worldCache) {
      const { cluster, instanceTypes, isOfferingAvailable, simulation } = this.deps;
      const pending: Pod[] = [];
      for (const p of cluster.pendingPods()) if (isProvisionable(p)) pending.push(p);
      const deleting: Pod[] = [];
      for (const n of this.stateNodes) if (n.markedForDeletion) for (const p of n.pods) if (isReschedulable(p)) deleting.push(p);
      this.worldCache = {
        stateNodes: this.stateNodes,
        pendingPods: pending,
        deletingPods: deleting,
        nodePools: this.nodePools,
        instanceTypes: new Map(this.nodePools.map((p) => [p.name, instanceTypes.forPool(p)] as const)),
        daemonSets: cluster.daemonSets(),
        isOfferingAvailable,
        settings: simulation,
        cache: new SimulationCache(this.signatures),
      };
    }
    return this.worldCache;
  }

  /** The consolidation pre-check over this snapshot (built once, shared by the methods of this pass). */
  get prefilter(): ConsolidationPrefilter {
    return (this.prefilterCache ??= new ConsolidationPrefilter(this));
  }

  /**
   * The earliest time at which this pass's answer could change without any cluster or configuration
   * change: a node becoming consolidatable, a nomination or a do-not-disrupt duration running out, a
   * scheduled budget's minute boundary. Infinity when none.
   */
  nextTimedChange(): number {
    let next = Infinity;
    for (const c of this.candidates) {
      if (c.consolidatableAt !== undefined) next = Math.min(next, c.consolidatableAt);
      if (c.block?.until !== undefined) next = Math.min(next, c.block.until);
    }
    const window = this.deps.options.nominationWindowSeconds;
    for (const n of this.stateNodes) if (n.nominatedAt !== undefined && this.now - n.nominatedAt < window) next = Math.min(next, n.nominatedAt + window);
    if (this.nodePools.some((p) => p.disruption.budgets.some((b) => b.schedule !== undefined))) next = Math.min(next, (Math.floor(this.nowEpoch / 60) + 1) * 60 - this.deps.options.epochOffsetSeconds);
    return next;
  }

  /** The cluster without these candidates (see `simulateWithout`; `atMostOneReplacement` stops early once that is out of reach). */
  simulate(candidates: readonly Candidate[], atMostOneReplacement = false): SimulationOutcome {
    return simulateWithout(this.world, candidates, atMostOneReplacement);
  }
}
