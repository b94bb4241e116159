import { LabelKeys, subtract, type NodePool, type Requirement, type Resources, type Taint } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import { templateDaemonSetOverhead, type DaemonSetPod } from './daemonset-overhead.js';
import { cheapestPrice, type InstanceTypeInfo } from './instance-type-info.js';
import { slotBounds } from './instance-type-filter.js';
import type { OfferingPools } from './offering-pools.js';

/** An instance type within a template: what is left for pods once the template's DaemonSets run. */
export interface TypeSlot {
  /** Position in the template's slots. */
  readonly index: number;
  readonly info: InstanceTypeInfo;
  readonly daemonSetOverhead: Resources;
  /** Allocatable minus DaemonSet overhead. */
  readonly availableForPods: Resources;
}

/** Requirements of a NodePool's template: its requirements, its labels and the nodepool label. */
export function templateRequirements(np: NodePool): Requirements {
  const labels: Requirement[] = Object.entries(np.labels).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  return Requirements.from([...np.requirements, ...labels, { key: LabelKeys.nodePool, operator: 'In', values: [np.name] }]);
}

/**
 * What a NodePool can make (Karpenter's NodeClaimTemplate): requirements, taints (startup taints do not
 * keep pods away), the instance types compatible with its requirements, DaemonSet overhead per type.
 */
export class NodeClaimTemplate {
  readonly requirements: Requirements;
  readonly taints: readonly Taint[];
  /** Offering pools (zone × capacity type) the requirements allow. */
  readonly mask: number;
  readonly slots: readonly TypeSlot[];
  /** Keys with Karpenter minValues: the surviving types must show that many distinct values. */
  readonly minValues: readonly { readonly key: string; readonly count: number }[];
  /** Number of instance types before the requirements filter (for failure reasons). */
  readonly offeredTypes: number;
  private bounds: { readonly max: Resources | undefined; readonly min: Resources | undefined } | undefined;
  private readonly byPrice = new Map<number, readonly { readonly slot: TypeSlot; readonly price: number }[]>();

  constructor(
    readonly nodePool: NodePool,
    readonly index: number,
    instanceTypes: readonly InstanceTypeInfo[],
    daemonSets: readonly DaemonSetPod[],
    pools: OfferingPools,
  ) {
    this.requirements = templateRequirements(nodePool);
    this.taints = nodePool.taints;
    this.mask = pools.allowedMask(this.requirements);
    this.offeredTypes = instanceTypes.length;
    const compatible = instanceTypes.filter((info) => this.requirements.conflict(info.requirements) === undefined);
    const overhead = templateDaemonSetOverhead(daemonSets, this.requirements, this.taints, compatible);
    this.slots = compatible.map((info, index) => {
      const ds = overhead.get(info)!;
      return { index, info, daemonSetOverhead: ds, availableForPods: subtract(info.it.allocatable, ds) };
    });
    this.minValues = this.requirements
      .keys()
      .map((key) => ({ key, count: this.requirements.minValues(key) ?? 0 }))
      .filter((m) => m.count > 0);
  }

  /** Component-wise max and min of what the slots leave for pods (cached). */
  availableBounds(): { readonly max: Resources | undefined; readonly min: Resources | undefined } {
    this.bounds ??= slotBounds(this.slots);
    return this.bounds;
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
