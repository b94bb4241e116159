import type { DaemonSet, InstanceType, NodePool, Resources, Taint } from '../../../model/index.js';
import type { Requirements } from '../../../scheduling/index.js';
import { cheapestPrice, type InstanceTypeInfo } from './instance-type-info.js';
import { slotList, type SlotList } from './slot-list.js';
import { staticTemplate, type StaticTemplate } from './template-static.js';
import type { OfferingPools } from './offering-pools.js';

/** An instance type within a template: what is left for pods once the template's DaemonSets run. */
export interface TypeSlot {
  /** Position in the template's slots (which are sorted by CPU left for pods, then memory). */
  readonly index: number;
  readonly info: InstanceTypeInfo;
  readonly daemonSetOverhead: Resources;
  /** Allocatable minus DaemonSet overhead. */
  readonly availableForPods: Resources;
}

const reuse = new WeakMap<StaticTemplate, NodeClaimTemplate>();

/**
 * What a NodePool can make (Karpenter's NodeClaimTemplate): requirements, taints (startup taints do not
 * keep pods away), the instance types compatible with its requirements, DaemonSet overhead per type.
 */
export class NodeClaimTemplate {
  readonly requirements: Requirements;
  readonly taints: readonly Taint[];
  private cachedMask: number | undefined;
  readonly slots: readonly TypeSlot[];
  /** Keys with Karpenter minValues: the surviving types must show that many distinct values. */
  readonly minValues: readonly { readonly key: string; readonly count: number }[];
  /** Number of instance types before the requirements filter (for failure reasons). */
  readonly offeredTypes: number;
  private list: SlotList | undefined;
  private open: readonly TypeSlot[] | undefined;
  private positions: Int32Array | undefined;
  private readonly withinLimits = new Map<string, readonly TypeSlot[]>();
  private readonly byPrice = new Map<number, readonly { readonly slot: TypeSlot; readonly price: number }[]>();

  /**
   * The template of a NodePool for this simulation. The previous one is reused when every instance type
   * looks the same as then (same available offerings and prices): its price orders and option lists stay valid.
   */
  static of(
    nodePool: NodePool,
    instanceTypes: readonly InstanceType[],
    daemonSets: readonly DaemonSet[],
    infoOf: (it: InstanceType) => InstanceTypeInfo,
    pools: OfferingPools,
  ): NodeClaimTemplate {
    const st = staticTemplate(nodePool, instanceTypes, daemonSets);
    const infos = st.order.map((i) => infoOf(st.types[i]));
    const last = reuse.get(st);
    if (last && last.slots.length === infos.length && last.slots.every((s, i) => s.info === infos[i])) return last;
    const t = new NodeClaimTemplate(nodePool, st, infos, instanceTypes.length, pools);
    reuse.set(st, t);
    return t;
  }

  private constructor(
    readonly nodePool: NodePool,
    st: StaticTemplate,
    infos: readonly InstanceTypeInfo[],
    offeredTypes: number,
    private readonly pools: OfferingPools,
  ) {
    this.requirements = st.requirements;
    this.taints = nodePool.taints;
    this.offeredTypes = offeredTypes;
    this.slots = st.order.map((i, index) => ({
      index,
      info: infos[index],
      daemonSetOverhead: st.daemonSetOverhead[i],
      availableForPods: st.availableForPods[i],
    }));
    this.minValues = st.minValues;
  }

  /**
   * Offering pools (zone × capacity type) the requirements allow. Computed on first use, once every
   * template's offerings have their pool numbers.
   */
  get mask(): number {
    this.cachedMask ??= this.pools.allowedMask(this.requirements);
    return this.cachedMask;
  }

  /** The slots with an available offering the template allows: what a new NodeClaim starts from. */
  openSlots(): readonly TypeSlot[] {
    if (!this.open) {
      const mask = this.mask;
      this.open = this.slots.filter((s) => (s.info.offeringMask & mask) !== 0);
    }
    return this.open;
  }

  /** The open slots whose capacity fits what the NodePool's limits leave (cached per remaining-limits key). */
  openSlotsWithin(limitsKey: string, allows: (capacity: Resources) => boolean): readonly TypeSlot[] {
    let slots = this.withinLimits.get(limitsKey);
    if (!slots) {
      slots = this.openSlots().filter((s) => allows(s.info.it.capacity));
      if (this.withinLimits.size > 64) this.withinLimits.clear();
      this.withinLimits.set(limitsKey, slots);
    }
    return slots;
  }

  /** Position of each slot (by `index`) in `openSlots()`, -1 when not open. */
  openPositions(): Int32Array {
    if (!this.positions) {
      const pos = new Int32Array(this.slots.length).fill(-1);
      this.openSlots().forEach((s, i) => (pos[s.index] = i));
      this.positions = pos;
    }
    return this.positions;
  }

  /** `openSlots()` (sorted by CPU left for pods) with their suffix bounds, built once per template. */
  slotList(): SlotList {
    this.list ??= slotList(this.openSlots());
    return this.list;
  }

  /** The slots with an available offering inside `mask`, cheapest offering first (ties by name); cached per mask. */
  slotsByPrice(mask: number): readonly { readonly slot: TypeSlot; readonly price: number }[] {
    let list = this.byPrice.get(mask);
    if (!list) {
      list = this.slots
        .map((slot) => ({ slot, price: cheapestPrice(slot.info, mask) }))
        .filter((p) => p.price !== Infinity)
        .sort((a, b) => a.price - b.price || (a.slot.info.it.name < b.slot.info.it.name ? -1 : a.slot.info.it.name > b.slot.info.it.name ? 1 : 0));
      this.byPrice.set(mask, list);
    }
    return list;
  }
}

export { templateRequirements } from './template-static.js';
