import { add, fits, LabelKeys, ZERO, type Pod, type Resources } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import { hostPortFailure, taintFailure } from './fit-checks.js';
import { filterSlots, minValuesRelaxations, minValuesShortfall, noRoom } from './instance-type-filter.js';
import type { OfferingPools } from './offering-pools.js';
import { allOfferedFrom, firstAllFitting, roomFrom, slotList, type SlotList } from './slot-list.js';
import type { SchedulingPod } from './scheduling-pod.js';
import type { NodeClaimTemplate, TypeSlot } from './template.js';
import type { Topology } from './topology/topology.js';
import { INSTANCE_TYPE_LABEL_KEYS, isWellKnown } from './well-known.js';

function touchesInstanceTypes(keys: readonly string[]): boolean {
  for (const k of keys) if (INSTANCE_TYPE_LABEL_KEYS.has(k) || k === LabelKeys.region) return true;
  return false;
}

function termsTouchInstanceTypes(terms: readonly { readonly group: { readonly key: string } }[]): boolean {
  for (const t of terms) if (INSTANCE_TYPE_LABEL_KEYS.has(t.group.key) || t.group.key === LabelKeys.region) return true;
  return false;
}

/**
 * A NodeClaim being planned in this simulation (Karpenter's in-memory NodeClaim): requirements that
 * narrow monotonically as pods join, a placeholder hostname, and the instance types that still fit.
 */
export class PlannedClaim {
  requirements: Requirements;
  mask: number;
  readonly pods: Pod[] = [];
  requests: Resources = ZERO;
  readonly hostPorts = new Set<number>();
  /** The options, sorted by CPU left for pods; those before `start` no longer fit. */
  private list: SlotList;
  private start = 0;
  /** minValues lowered under MIN_VALUES_POLICY=BestEffort, per key (the claim's own values). */
  relaxedMinValues: Map<string, number> | undefined;

  constructor(
    readonly template: NodeClaimTemplate,
    readonly hostname: string,
    /** Creation order (ties in the fewest-pods-first order). */
    readonly seq: number,
    slots: readonly TypeSlot[],
    private readonly pools: OfferingPools,
    /** MIN_VALUES_POLICY=BestEffort: relax minValues instead of refusing a pod. */
    private readonly bestEffortMinValues = false,
  ) {
    this.requirements = template.requirements.intersect(
      Requirements.from([{ key: LabelKeys.hostname, operator: 'In', values: [hostname] }]),
    );
    this.mask = template.mask;
    this.list = slots === template.openSlots() ? template.slotList() : slotList(slots);
  }

  /** The instance-type options still open (in the template's CPU order). */
  get slots(): readonly TypeSlot[] {
    return this.start === 0 ? this.list.slots : this.list.slots.slice(this.start);
  }

  /**
   * When the options are the template's open slots from some position on (the usual case: adding pods
   * only drops a CPU prefix), that position; undefined otherwise. Lets finalization share its work.
   */
  get templateSuffix(): number | undefined {
    return this.list === this.template.slotList() ? this.start : undefined;
  }

  get optionCount(): number {
    return this.list.slots.length - this.start;
  }

  /** Add the pod if the claim can take it; returns why not otherwise. */
  tryAdd(spod: SchedulingPod, topology: Topology): string | undefined {
    const taint = taintFailure(spod, this.template.taints);
    if (taint) return taint;
    const port = hostPortFailure(spod, this.hostPorts);
    if (port) return port;
    const list = this.list;
    if (!roomFrom(list, this.start, this.requests, spod.requests)) return 'no instance type has room';
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
    if (!(topo instanceof Requirements)) return topo.reason;
    if (topo !== reqs) {
      if (!checkTypes) {
        const terms = spod.terms();
        checkTypes = termsTouchInstanceTypes(terms.spread) || termsTouchInstanceTypes(terms.affinity) || termsTouchInstanceTypes(terms.antiAffinity);
      }
      reqs = topo;
    }
    const mask = reqs === this.requirements ? this.mask : this.pools.allowedMask(reqs);
    const requests = add(this.requests, spod.requests);
    const outcome = this.narrowOptions(reqs, checkTypes, mask, requests);
    if (outcome !== undefined) return outcome;
    this.requirements = reqs;
    this.mask = mask;
    this.requests = requests;
    this.pods.push(spod.pod);
    for (const p of spod.hostPorts) this.hostPorts.add(p);
    topology.record(spod.terms(), { hostname: this.hostname, requirements: reqs, taints: this.template.taints });
    return undefined;
  }

  /**
   * Drop the options the new requests (or narrowed requirements) rule out; undefined when some remain
   * (then they are in place), else the reason. Usually only a CPU prefix drops: binary search, no scan.
   */
  private narrowOptions(reqs: Requirements, checkTypes: boolean, mask: number, requests: Resources): string | undefined {
    const list = this.list;
    // A narrower mask drops nothing when every option has an offering inside it (minValues: the full
    // filter, which re-checks them, keeps deciding).
    const sameOptions = mask === this.mask || (this.template.minValues.length === 0 && allOfferedFrom(list, this.start, mask));
    if (!checkTypes && sameOptions) {
      const k = firstAllFitting(list, this.start, requests);
      if (k !== undefined) {
        // Options before k that still fit are kept too (the order is by CPU only).
        const keep: TypeSlot[] = [];
        for (let i = this.start; i < k; i++) if (fits(requests, list.slots[i].availableForPods)) keep.push(list.slots[i]);
        if (keep.length === 0) {
          if (k >= list.slots.length) return noRoom(requests).reason;
          if (k !== this.start && this.template.minValues.length > 0) {
            const shortfall = this.minValuesCheck(list.slots.slice(k));
            if (shortfall) return shortfall;
          }
          this.start = k;
          return undefined;
        }
        return this.replaceOptions([...keep, ...list.slots.slice(k)]);
      }
    }
    const filtered = filterSlots(list.slots, this.start, reqs, checkTypes, mask, requests);
    if (!filtered.ok) return filtered.reason;
    return this.replaceOptions(filtered.slots);
  }

  /**
   * The minValues shortfall of the options `slots` would leave (Strict), or undefined. Under BestEffort
   * nothing fails: the unmet minValues are lowered to what `slots` meet (called only on the path that
   * commits the pod, so the relaxation belongs to the claim from here on).
   */
  private minValuesCheck(slots: readonly TypeSlot[]): string | undefined {
    const minValues = this.template.minValues;
    if (minValues.length === 0) return undefined;
    if (!this.bestEffortMinValues) return minValuesShortfall(slots, minValues);
    for (const r of minValuesRelaxations(slots, minValues, this.relaxedMinValues)) (this.relaxedMinValues ??= new Map()).set(r.key, r.to);
    return undefined;
  }

  /** Make `slots` (a subsequence of the current options, same order) the options. */
  private replaceOptions(slots: readonly TypeSlot[]): string | undefined {
    const shortfall = this.minValuesCheck(slots);
    if (shortfall) return shortfall;
    const all = this.list.slots;
    const suffixAt = all.length - slots.length;
    if (slots.length > 0 && all[suffixAt] === slots[0]) {
      // A subsequence as long as the suffix that starts where the suffix starts is that suffix.
      this.start = suffixAt;
      return undefined;
    }
    this.list = slotList(slots);
    this.start = 0;
    return undefined;
  }
}
