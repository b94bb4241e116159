import { add, fits, LabelKeys, ZERO, type Pod, type Resources } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import { hostPortFailure, taintFailure } from './fit-checks.js';
import { filterSlots, minValuesShortfall, slotBounds, type SlotBounds } from './instance-type-filter.js';
import type { OfferingPools } from './offering-pools.js';
import { fitsSum } from './resource-math.js';
import type { SchedulingPod } from './scheduling-pod.js';
import type { NodeClaimTemplate, TypeSlot } from './template.js';
import type { Topology } from './topology/topology.js';
import { INSTANCE_TYPE_LABEL_KEYS, isWellKnown } from './well-known.js';

function touchesInstanceTypes(keys: readonly string[]): boolean {
  for (const k of keys) if (INSTANCE_TYPE_LABEL_KEYS.has(k) || k === LabelKeys.region) return true;
  return false;
}

/**
 * A NodeClaim being planned in this simulation (Karpenter's in-memory NodeClaim): requirements that
 * narrow monotonically as pods join, a placeholder hostname, and the instance types that still fit.
 */
export class PlannedClaim {
  requirements: Requirements;
  mask: number;
  slots: readonly TypeSlot[];
  readonly pods: Pod[] = [];
  requests: Resources = ZERO;
  readonly hostPorts = new Set<number>();
  private maxAvailable: Resources | undefined;
  /** Component-wise minimum of what the options leave for pods: requests within it fit every option. */
  private minAvailable: Resources | undefined;

  constructor(
    readonly template: NodeClaimTemplate,
    readonly hostname: string,
    /** Creation order (ties in the fewest-pods-first order). */
    readonly seq: number,
    slots: readonly TypeSlot[],
    private readonly pools: OfferingPools,
  ) {
    this.requirements = template.requirements.intersect(
      Requirements.from([{ key: LabelKeys.hostname, operator: 'In', values: [hostname] }]),
    );
    this.mask = template.mask;
    this.slots = slots;
    const bounds = slots === template.slots ? template.availableBounds() : slotBounds(slots);
    this.maxAvailable = bounds.max;
    this.minAvailable = bounds.min;
  }

  /** Add the pod if the claim can take it; returns why not otherwise. */
  tryAdd(spod: SchedulingPod, topology: Topology): string | undefined {
    const taint = taintFailure(spod, this.template.taints);
    if (taint) return taint;
    const port = hostPortFailure(spod, this.hostPorts);
    if (port) return port;
    if (!this.maxAvailable || !fitsSum(this.requests, spod.requests, this.maxAvailable)) return 'no instance type has room';
    const podReqs = spod.requirements();
    let reqs = this.requirements;
    let checkTypes = false;
    if (podReqs.size > 0) {
      const key = this.requirements.incompatibility(podReqs, isWellKnown);
      if (key !== undefined) return `incompatible requirement on ${key}`;
      reqs = reqs.intersect(podReqs);
      checkTypes = touchesInstanceTypes(podReqs.keys());
    }
    const topo = topology.addRequirements(spod.terms(), spod.strictRequirements(), { hostname: this.hostname, requirements: reqs });
    if (!topo.ok) return topo.reason;
    if (topo.requirements !== reqs) {
      if (!checkTypes) {
        const terms = spod.terms();
        checkTypes = touchesInstanceTypes([...terms.spread, ...terms.affinity, ...terms.antiAffinity].map((t) => t.group.key));
      }
      reqs = topo.requirements;
    }
    const mask = reqs === this.requirements ? this.mask : this.pools.allowedMask(reqs);
    const requests = add(this.requests, spod.requests);
    if (!checkTypes && mask === this.mask && this.minAvailable && fits(requests, this.minAvailable)) {
      // Nothing that could drop an option changed: every option still fits.
      this.commit(spod, reqs, mask, this.slots, undefined, requests);
    } else {
      const filtered = filterSlots(this.slots, reqs, checkTypes, mask, requests);
      if (!filtered.ok) return filtered.reason;
      const shortfall = minValuesShortfall(filtered.slots, this.template.minValues);
      if (shortfall) return shortfall;
      this.commit(spod, reqs, mask, filtered.slots, filtered.bounds, requests);
    }
    topology.record(spod.pod, spod.terms(), { hostname: this.hostname, requirements: reqs });
    return undefined;
  }

  private commit(spod: SchedulingPod, reqs: Requirements, mask: number, slots: readonly TypeSlot[], bounds: SlotBounds | undefined, requests: Resources): void {
    this.requirements = reqs;
    this.mask = mask;
    if (bounds) {
      this.maxAvailable = bounds.max;
      this.minAvailable = bounds.min;
    }
    this.slots = slots;
    this.requests = requests;
    this.pods.push(spod.pod);
    for (const p of spod.hostPorts) this.hostPorts.add(p);
  }
}
