import { LabelKeys, resources, subtract, type InstanceType, type Offering, type Resources } from '../../model/index.js';
import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';
import { priceOrderedTypes, type TypeSources } from './price-ordered-types.js';
import type { NoCommand } from './types.js';

const NO_TYPES: readonly InstanceType[] = [];

interface Room {
  readonly name: string;
  readonly free: Resources;
}

interface Resolved {
  readonly price: number;
  readonly allocatable: Resources;
}

function holds(room: Resources, need: Resources): boolean {
  return room.cpuMillis >= need.cpuMillis && room.memoryMiB >= need.memoryMiB && room.gpus >= need.gpus && room.pods >= need.pods;
}

/** Whether some pool's view of the type could hold `need` (a loop, not a closure: it runs per type per candidate). */
function someSourceHolds(t: TypeSources, need: Resources): boolean {
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
  /** Instance types by name; `order`: those with an offering, cheapest conceivable price (`lowerBounds`) first. */
  private readonly types: readonly TypeSources[];
  private readonly lowerBounds: Float64Array;
  private readonly order: readonly number[];
  /** Per type (same index), what `resolve` found: worked out lazily, most are never needed. */
  private readonly resolved: (Resolved | null | undefined)[];
  private readonly available: (it: InstanceType, o: Offering) => boolean;

  constructor(pass: DisruptionPass) {
    this.rooms = pass.stateNodes
      .filter((n) => n.initialized && !n.markedForDeletion && !n.unschedulable)
      .map((n) => ({ name: n.name, free: subtract(n.allocatable, n.requested) }))
      .sort((a, b) => b.free.cpuMillis - a.free.cpuMillis);
    this.available = pass.deps.isOfferingAvailable;
    const types = pass.world.instanceTypes;
    const table = priceOrderedTypes(pass.nodePools, (pool) => types.get(pool.name) ?? NO_TYPES);
    this.types = table.types;
    this.lowerBounds = table.lowerBounds;
    this.order = table.order;
    this.resolved = new Array<Resolved | null | undefined>(table.types.length);
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
    for (const i of this.order) {
      if (this.lowerBounds[i] >= price) break;
      if (!someSourceHolds(this.types[i], stranded)) continue;
      const r = this.resolve(i);
      if (r !== null && r.price < price && holds(r.allocatable, stranded)) return undefined;
    }
    return { rejection: 'no-cheaper-replacement', message: `no instance type cheaper than the node(s) holds the ${count} pod(s) that fit on no other node` };
  }

  /**
   * The type's cheapest offering that a NodePool listing it allows (capacity type, zone) and that is
   * available, with the allocatable of the last such pool (pools in order); null when there is none.
   */
  private resolve(i: number): Resolved | null {
    const known = this.resolved[i];
    if (known !== undefined) return known;
    let price = Infinity;
    let allocatable: Resources | undefined;
    for (const { it, reqs } of this.types[i].sources) {
      for (const o of it.offerings) {
        if (o.pricePerHour < price && reqs.allows(LabelKeys.capacityType, o.capacityType) && reqs.allows(LabelKeys.zone, o.zone) && this.available(it, o)) price = o.pricePerHour;
      }
      if (price < Infinity) allocatable = it.allocatable;
    }
    const out = allocatable === undefined ? null : { price, allocatable };
    this.resolved[i] = out;
    return out;
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
