import { add, LabelKeys, resources, subtract, type Resources } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';
import type { NoCommand } from './types.js';

interface Room {
  readonly name: string;
  readonly free: Resources;
}

const ONE_POD = resources({ pods: 1 });

function holds(room: Resources, need: Resources): boolean {
  return room.cpuMillis >= need.cpuMillis && room.memoryMiB >= need.memoryMiB && room.gpus >= need.gpus && room.pods >= need.pods;
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
  private readonly types: { readonly allocatable: Resources; readonly price: number }[];

  constructor(pass: DisruptionPass) {
    this.rooms = pass.stateNodes
      .filter((n) => n.initialized && !n.markedForDeletion && !n.unschedulable)
      .map((n) => ({ name: n.name, free: subtract(n.allocatable, n.requested) }))
      .sort((a, b) => b.free.cpuMillis - a.free.cpuMillis);
    const cheapest = new Map<string, { allocatable: Resources; price: number }>();
    const available = pass.deps.isOfferingAvailable;
    for (const pool of pass.nodePools) {
      const reqs = Requirements.from(pool.requirements);
      for (const it of pass.world.instanceTypes.get(pool.name) ?? []) {
        let price = cheapest.get(it.name)?.price ?? Infinity;
        for (const o of it.offerings) {
          if (o.pricePerHour < price && reqs.allows(LabelKeys.capacityType, o.capacityType) && reqs.allows(LabelKeys.zone, o.zone) && available(it, o)) price = o.pricePerHour;
        }
        if (price < Infinity) cheapest.set(it.name, { allocatable: it.allocatable, price });
      }
    }
    this.types = [...cheapest.values()].sort((a, b) => a.price - b.price);
  }

  /** Why these candidates cannot be consolidated together, when that is certain without simulating; else undefined. */
  reject(candidates: readonly Candidate[]): NoCommand | undefined {
    const self = new Set(candidates.map((c) => c.name));
    let stranded = resources();
    let count = 0;
    let price = 0;
    for (const c of candidates) {
      price += c.pricePerHour;
      for (const p of c.reschedulablePods) {
        const need = add(p.requests, ONE_POD);
        if (!this.fitsElsewhere(need, self)) {
          stranded = add(stranded, need);
          count++;
        }
      }
    }
    if (count === 0) return undefined;
    for (const t of this.types) {
      if (t.price >= price) break;
      if (holds(t.allocatable, stranded)) return undefined;
    }
    return { rejection: 'no-cheaper-replacement', message: `no instance type cheaper than the node(s) holds the ${count} pod(s) that fit on no other node` };
  }

  private fitsElsewhere(need: Resources, self: ReadonlySet<string>): boolean {
    for (const r of this.rooms) {
      if (r.free.cpuMillis < need.cpuMillis) return false;
      if (!self.has(r.name) && holds(r.free, need)) return true;
    }
    return false;
  }
}
