import { LabelKeys, resources, subtract, type InstanceType, type Offering, type Resources } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';
import type { NoCommand } from './types.js';

interface Room {
  readonly name: string;
  readonly free: Resources;
}

interface Resolved {
  readonly price: number;
  readonly allocatable: Resources;
}

interface TypeEntry {
  /** The type as each NodePool listing it sees it (pools in order), with that pool's requirements. */
  readonly sources: { readonly it: InstanceType; readonly reqs: Requirements }[];
  /** Its cheapest offering's price, whatever the pools allow or the cloud has: no allowed offering is cheaper. */
  lowerBound: number;
  resolved: Resolved | null | undefined;
}


function holds(room: Resources, need: Resources): boolean {
  return room.cpuMillis >= need.cpuMillis && room.memoryMiB >= need.memoryMiB && room.gpus >= need.gpus && room.pods >= need.pods;
}

/** Whether some pool's view of the type could hold `need` (a loop, not a closure: it runs per type per candidate). */
function someSourceHolds(t: TypeEntry, need: Resources): boolean {
  for (const s of t.sources) if (holds(s.it.allocatable, need)) return true;
  return false;
}

/**
 * A cheap, sound pre-check for consolidation, run before the scheduler simulation: a pod
 * whose requests fit in no other (non-candidate) initialized, schedulable node's free room (taints, affinity and
 * DaemonSets ignored, which only makes room look bigger) must move to a new node; if no instance type
 * whose cheapest available offering a NodePool allows is below the candidate's price can hold all such pods, the
 * simulation could only answer "more than one replacement", "no cheaper replacement" or "does not fit",
 * so the candidate is rejected without it.
 */
export class ConsolidationPrefilter {
  private readonly rooms: Room[];
  /** Instance types by name, cheapest conceivable price first (resolved lazily: most are never needed). */
  private readonly types: TypeEntry[];
  private readonly available: (it: InstanceType, o: Offering) => boolean;

  constructor(pass: DisruptionPass) {
    this.rooms = pass.stateNodes
      .filter((n) => n.initialized && !n.markedForDeletion && !n.unschedulable)
      .map((n) => ({ name: n.name, free: subtract(n.allocatable, n.requested) }))
      .sort((a, b) => b.free.cpuMillis - a.free.cpuMillis);
    this.available = pass.deps.isOfferingAvailable;
    const byName = new Map<string, TypeEntry>();
    for (const pool of pass.nodePools) {
      const reqs = Requirements.from(pool.requirements);
      for (const it of pass.world.instanceTypes.get(pool.name) ?? []) {
        let e = byName.get(it.name);
        if (!e) byName.set(it.name, (e = { sources: [], lowerBound: Infinity, resolved: undefined }));
        e.sources.push({ it, reqs });
        for (const o of it.offerings) if (o.pricePerHour < e.lowerBound) e.lowerBound = o.pricePerHour;
      }
    }
    this.types = [...byName.values()].filter((e) => e.lowerBound < Infinity).sort((a, b) => a.lowerBound - b.lowerBound);
  }

  /** Why these candidates cannot be consolidated together, when that is certain without simulating; else undefined. */
  reject(candidates: readonly Candidate[]): NoCommand | undefined {
    const self = candidates.length === 1 ? candidates[0].name : new Set(candidates.map((c) => c.name));
    // The stranded pods' requests plus one pod slot each, summed (only what `holds` compares).
    let cpuMillis = 0;
    let memoryMiB = 0;
    let gpus = 0;
    let pods = 0;
    let count = 0;
    let price = 0;
    for (const c of candidates) {
      price += c.pricePerHour;
      for (const p of c.reschedulablePods) {
        const r = p.requests;
        const podSlots = r.pods + 1;
        if (!this.fitsElsewhere(r.cpuMillis, r.memoryMiB, r.gpus, podSlots, self)) {
          cpuMillis += r.cpuMillis;
          memoryMiB += r.memoryMiB;
          gpus += r.gpus;
          pods += podSlots;
          count++;
        }
      }
    }
    if (count === 0) return undefined;
    const stranded = resources({ cpuMillis, memoryMiB, gpus, pods });
    for (const t of this.types) {
      if (t.lowerBound >= price) break;
      if (!someSourceHolds(t, stranded)) continue;
      const r = this.resolve(t);
      if (r !== null && r.price < price && holds(r.allocatable, stranded)) return undefined;
    }
    return { rejection: 'no-cheaper-replacement', message: `no instance type cheaper than the node(s) holds the ${count} pod(s) that fit on no other node` };
  }

  /**
   * The type's cheapest offering that a NodePool listing it allows (capacity type, zone) and that is
   * available, with the allocatable of the last such pool (pools in order); null when there is none.
   */
  private resolve(t: TypeEntry): Resolved | null {
    if (t.resolved !== undefined) return t.resolved;
    let price = Infinity;
    let allocatable: Resources | undefined;
    for (const { it, reqs } of t.sources) {
      for (const o of it.offerings) {
        if (o.pricePerHour < price && reqs.allows(LabelKeys.capacityType, o.capacityType) && reqs.allows(LabelKeys.zone, o.zone) && this.available(it, o)) price = o.pricePerHour;
      }
      if (price < Infinity) allocatable = it.allocatable;
    }
    t.resolved = allocatable === undefined ? null : { price, allocatable };
    return t.resolved;
  }

  private fitsElsewhere(cpuMillis: number, memoryMiB: number, gpus: number, pods: number, self: string | ReadonlySet<string>): boolean {
    for (const r of this.rooms) {
      const f = r.free;
      if (f.cpuMillis < cpuMillis) return false;
      if (f.memoryMiB >= memoryMiB && f.gpus >= gpus && f.pods >= pods && (typeof self === 'string' ? r.name !== self : !self.has(r.name))) return true;
    }
    return false;
  }
}
