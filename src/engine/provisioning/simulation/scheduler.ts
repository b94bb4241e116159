import type { Resources } from '../../../model/index.js';
import { ClaimOrder } from './claim-order.js';
import type { ExistingNodes } from './existing-nodes.js';
import { finalizeClaim } from './finalize.js';
import type { RemainingLimits } from './limits.js';
import type { OfferingPools } from './offering-pools.js';
import { PlannedClaim } from './planned-claim.js';
import { PodQueue } from './pod-queue.js';
import { maxInto } from './resource-math.js';
import { SchedulingPod, type PodBase } from './scheduling-pod.js';
import type { NodeClaimTemplate, TypeSlot } from './template.js';
import type { Topology } from './topology/topology.js';
import { NOT_REACHED, type ExistingNodePlacement, type PlannedNodeClaim, type SchedulingResult, type UnschedulablePod } from './types.js';

export interface SchedulerParts {
  readonly pools: OfferingPools;
  readonly templates: readonly NodeClaimTemplate[];
  readonly existing: ExistingNodes;
  readonly topology: Topology;
  readonly limits: RemainingLimits;
  readonly maxInstanceTypes: number;
  readonly ignorePreferences: boolean;
  readonly hostnamePrefix: string;
  /** Stop trying pods once this many (pod, candidate) checks are done (Infinity: never). */
  readonly maxWork: number;
  /** MIN_VALUES_POLICY=BestEffort: relax unmet minValues instead of failing. */
  readonly bestEffortMinValues: boolean;
  /** Stop once more than `max` new claims hold one of these pods (see SimulationOptions). */
  readonly stopAfterNewClaimsHolding?: { readonly podUids: ReadonlySet<string>; readonly max: number };
}

/** One Solve(): place a batch of pods on existing nodes, on NodeClaims planned in this batch, or on new ones. */
export class Scheduler {
  private readonly order = new ClaimOrder();
  private readonly placements: ExistingNodePlacement[] = [];
  private readonly errors = new Map<string, string>();
  private readonly preferNoScheduleTaints: boolean;
  private seq = 0;
  /** The claim the last successful `add` used (undefined: an existing node). */
  private lastClaim: PlannedClaim | undefined;
  /** New claims holding a watched pod (`stopAfterNewClaimsHolding`). */
  private readonly holding = new Set<PlannedClaim>();
  private stopped = false;
  /** (pod, candidate) checks so far: existing nodes, planned NodeClaims, templates. */
  private work = 0;
  /** Per NodePool: its open slots within the remaining limits, for one limits version. */
  private readonly withinLimits = new Map<string, { readonly version: number; readonly slots: readonly TypeSlot[] }>();

  constructor(private readonly parts: SchedulerParts) {
    this.preferNoScheduleTaints = parts.templates.some((t) => t.taints.some((x) => x.effect === 'PreferNoSchedule'));
  }

  solve(pods: readonly PodBase[]): SchedulingResult {
    const queue = new PodQueue(pods);
    let notReached = 0;
    for (let base = queue.pop(); base; base = queue.pop()) {
      if (this.work >= this.parts.maxWork) {
        // Karpenter's Solve() timeout, counted in work: keep what is planned, leave the rest pending.
        queue.unpop();
        break;
      }
      const error = this.trySchedule(base);
      if (error === undefined) {
        this.errors.delete(base.pod.uid);
        const watch = this.parts.stopAfterNewClaimsHolding;
        if (watch && this.lastClaim && watch.podUids.has(base.pod.uid)) {
          this.holding.add(this.lastClaim);
          if (this.holding.size > watch.max) {
            this.stopped = true;
            break;
          }
        }
      } else {
        this.errors.set(base.pod.uid, error);
        queue.push(base);
      }
    }
    if (this.stopped) return { existingNodePlacements: this.placements, newNodeClaims: [], unschedulable: [], work: this.work, stoppedEarly: true };
    const unschedulable: UnschedulablePod[] = queue.remaining().map((b) => {
      const reason = this.errors.get(b.pod.uid);
      if (reason === undefined) notReached++;
      return { pod: b.pod, reason: reason ?? NOT_REACHED };
    });
    const newNodeClaims: PlannedNodeClaim[] = [];
    for (const claim of this.order.inCreationOrder()) {
      const outcome = finalizeClaim(claim, this.parts.pools, this.parts.maxInstanceTypes, this.parts.bestEffortMinValues);
      if (outcome.ok) newNodeClaims.push(outcome.claim);
      else for (const pod of claim.pods) unschedulable.push({ pod, reason: outcome.reason });
    }
    return {
      existingNodePlacements: this.placements,
      newNodeClaims,
      unschedulable,
      work: this.work,
      ...(notReached > 0 ? { budgetExhausted: { work: this.work, podsNotReached: notReached } } : {}),
    };
  }

  /** Try the pod, relaxing one preference after each failure until it fits or nothing is left to relax. */
  private trySchedule(base: PodBase): string | undefined {
    const spod = new SchedulingPod(base, this.parts.ignorePreferences);
    for (;;) {
      const error = this.add(spod);
      if (error === undefined) return undefined;
      if (spod.relax(this.preferNoScheduleTaints) === undefined) return error;
    }
  }

  private add(spod: SchedulingPod): string | undefined {
    this.lastClaim = undefined;
    const existing = this.parts.existing;
    const { cpuMillis, memoryMiB, pods } = spod.requests;
    // Only nodes with the CPU, memory and pod slot are asked (in order); a node without them would answer
    // "not enough room" (work still counts one check per node). Nodes left out of this simulation never pass.
    for (let i = existing.firstFit(0, cpuMillis, memoryMiB, pods); i >= 0; i = existing.firstFit(i + 1, cpuMillis, memoryMiB, pods)) {
      const node = existing.at(i);
      if (node.tryAdd(spod, this.parts.topology) === undefined) {
        this.work += existing.rank(i) + 1;
        existing.noteRemaining(i);
        this.placements.push({ pod: spod.pod, nodeName: node.name });
        return undefined;
      }
    }
    this.work += existing.count;
    const claims = this.order.size;
    if (claims > 0 && !this.parts.topology.excludesAllClaims(spod.terms(), claims)) {
      const topology = this.parts.topology;
      const terms = spod.terms();
      // Quick gates (topology counts do not change while this pod looks for a place): a claim must
      // allow a zone the pod's zonal terms can take, and its hostname must not be ruled out.
      const gate = topology.zoneGate(terms, spod.strictRequirements(), this.parts.pools);
      const hostnames = topology.hasHostnameTerms(terms);
      let claim: PlannedClaim | undefined;
      if (gate === undefined && !hostnames) claim = this.order.find((c) => (this.work++, c.tryAdd(spod, topology) === undefined));
      else if (gate === undefined) {
        claim = this.order.find((c) => (this.work++, topology.hostnameAdmits(terms, c.hostname) && c.tryAdd(spod, topology) === undefined));
      } else {
        // Every claim looked at counts as work, gated out or not (as when each was checked in turn).
        claim = this.order.findGated(gate, (c) => (!hostnames || topology.hostnameAdmits(terms, c.hostname)) && c.tryAdd(spod, topology) === undefined);
        this.work += this.order.passed;
      }
      if (claim) {
        this.order.grew(claim);
        this.lastClaim = claim;
        return undefined;
      }
    }
    return this.newClaim(spod);
  }

  private slotsWithinLimits(t: NodeClaimTemplate): readonly TypeSlot[] {
    const { limits } = this.parts;
    const pool = t.nodePool.name;
    const version = limits.version(pool);
    const cached = this.withinLimits.get(pool);
    if (cached && cached.version === version) return cached.slots;
    const slots = t.openSlotsWithin(limits.key(pool), (capacity) => limits.allows(pool, capacity));
    this.withinLimits.set(pool, { version, slots });
    return slots;
  }

  private newClaim(spod: SchedulingPod): string | undefined {
    const { templates, limits, topology, pools } = this.parts;
    if (templates.length === 0) return 'no NodePool has instance types';
    const reasons: string[] = [];
    for (const t of templates) {
      this.work++;
      const pool = t.nodePool.name;
      const open = t.openSlots();
      const slots = limits.limited(pool) ? this.slotsWithinLimits(t) : open;
      if (slots.length === 0) {
        const why =
          t.slots.length === 0
            ? 'no instance type satisfies its requirements'
            : open.length === 0
              ? 'no instance type has an available offering in the allowed zones and capacity types'
              : `all instance types exceed its limits: ${limits.describe(pool)}`;
        reasons.push(`nodepool "${pool}": ${why}`);
        continue;
      }
      const hostname = `${this.parts.hostnamePrefix}${this.seq}`;
      topology.registerHostname(hostname);
      const claim = new PlannedClaim(t, hostname, this.seq, slots, pools, this.parts.bestEffortMinValues);
      const error = claim.tryAdd(spod, topology);
      if (error !== undefined) {
        topology.unregisterHostname(hostname);
        reasons.push(`nodepool "${pool}": ${error}`);
        continue;
      }
      this.seq++;
      this.order.insert(claim);
      this.lastClaim = claim;
      if (limits.limited(pool)) limits.subtract(pool, maxCapacity(claim.slots));
      return undefined;
    }
    return `incompatible with every NodePool: ${reasons.join('; ')}`;
  }
}

function maxCapacity(slots: readonly TypeSlot[]): Resources {
  let best = slots[0].info.it.capacity;
  for (const s of slots) {
    const c = s.info.it.capacity;
    if (c.cpuMillis >= best.cpuMillis && c.memoryMiB >= best.memoryMiB && c.gpus >= best.gpus && c.pods >= best.pods && c.ephemeralMiB >= best.ephemeralMiB && !c.extended) {
      best = c;
    } else {
      best = maxInto(best, c);
    }
  }
  return best;
}
