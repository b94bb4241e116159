import type { InstanceType, NodeClass, Offering } from '../../model/index.js';
import { withKubelet } from '../../catalog/load.js';
import type { CapacityPool, PoolIndex } from './pools.js';
import type { SpotPrices } from './spot-price.js';

type MutableOffering = { -readonly [K in keyof Offering]: Offering[K] };

interface View {
  readonly types: InstanceType[];
  readonly offerings: MutableOffering[];
  readonly pools: (CapacityPool | undefined)[];
  step: number;
  /** Pool revision the availability was computed at (-1: never refreshed). */
  revision: number;
  /** Availability holds until this time unless a pool's state changes (scripted windows, crunch ends). */
  validUntil: number;
}

/**
 * The catalog as the CloudProvider port shows it, per NodeClass (kubelet settings change allocatable).
 * Views are built once per NodeClass and refreshed in place on each call: offering prices follow the
 * spot price process; `available` is the pool's state when revealed, else true (EC2 does not tell —
 * Karpenter learns from launch errors). Treat the returned objects as read-only. A refresh is skipped
 * while nothing it depends on changed: the price step, the pools' revision (instances in use, reclaim
 * crunches) and the next scripted window boundary or crunch end.
 */
export class CatalogView {
  private readonly views = new Map<string, View>();

  constructor(
    private readonly base: readonly InstanceType[],
    private readonly pools: PoolIndex,
    private readonly prices: SpotPrices,
    private readonly revealAvailability: boolean,
  ) {}

  instanceTypes(now: number, nodeClass?: NodeClass): readonly InstanceType[] {
    const key = nodeClass ? `${nodeClass.name}\u0000${JSON.stringify(nodeClass.kubelet)}\u0000${nodeClass.blockDeviceGiB ?? ''}` : '';
    let view = this.views.get(key);
    if (!view) {
      view = this.build(nodeClass);
      this.views.set(key, view);
    }
    this.refresh(view, now);
    return view.types;
  }

  private build(nodeClass: NodeClass | undefined): View {
    const offerings: MutableOffering[] = [];
    const pools: (CapacityPool | undefined)[] = [];
    const types = this.base.map((it) => {
      const t = nodeClass ? withKubelet(it, nodeClass.kubelet, nodeClass.blockDeviceGiB) : it;
      const own = t.offerings.map((o) => {
        const copy: MutableOffering = { ...o };
        offerings.push(copy);
        pools.push(this.pools.get(it.name, o.zone, o.capacityType));
        return copy;
      });
      return { ...t, offerings: own };
    });
    return { types, offerings, pools, step: -1, revision: -1, validUntil: -Infinity };
  }

  private refresh(view: View, now: number): void {
    const step = this.prices.stepAt(now);
    const reprice = this.prices.enabled && step !== view.step;
    const revision = this.pools.revision.value;
    const first = view.revision === -1;
    const availabilityStale = first || (this.revealAvailability && (revision !== view.revision || now >= view.validUntil));
    view.step = step;
    if (!reprice && !availabilityStale) return;
    view.revision = revision;
    let validUntil = Infinity;
    for (let i = 0; i < view.offerings.length; i++) {
      const o = view.offerings[i]!;
      const pool = view.pools[i];
      if (!pool) continue;
      if (this.revealAvailability) {
        o.available = pool.available(now);
        const next = pool.nextCrunchChangeAfter(now);
        if (next < validUntil) validUntil = next;
      } else {
        o.available = true;
      }
      if (reprice) o.pricePerHour = this.prices.priceAt(pool, now);
    }
    view.validUntil = validUntil;
  }
}
