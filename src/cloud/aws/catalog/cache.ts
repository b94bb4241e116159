import type { CapacityType, InstanceType, NodeClass } from '../../../model/index.js';
import { withKubelet } from '../../../catalog/load.js';

/** Twelve hours, Karpenter's pricing refresh. */
export const DEFAULT_CATALOG_REFRESH_SECONDS = 12 * 3600;

export interface CatalogCacheOptions {
  /** Builds a fresh catalog (API calls); rejects when the APIs fail. */
  readonly load: () => Promise<InstanceType[]>;
  /** Default 12 h. 0 disables the timer. */
  readonly refreshSeconds?: number;
  /** A refresh that failed (the previous catalog stays). */
  readonly onError?: (error: unknown) => void;
}

/**
 * The instance-type catalog behind the synchronous `instanceTypes()` of the AWS adapter: filled by
 * `start()`, refreshed on a timer in the adapter (never by the engine), kept when a refresh fails. Views
 * per NodeClass (kubelet settings change allocatable) are built lazily and dropped on each refresh.
 */
export class CatalogCache {
  private base: InstanceType[] | undefined;
  private readonly views = new Map<string, InstanceType[]>();
  private readonly prices = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private refreshing: Promise<void> | undefined;
  /** Completed loads so far. */
  loads = 0;

  constructor(private readonly o: CatalogCacheOptions) {}

  get ready(): boolean {
    return this.base !== undefined;
  }

  /** First load (rejects when it fails), then the refresh timer. */
  async start(): Promise<void> {
    await this.refresh();
    const seconds = this.o.refreshSeconds ?? DEFAULT_CATALOG_REFRESH_SECONDS;
    if (seconds > 0 && !this.timer) {
      this.timer = setInterval(() => {
        this.refresh().catch((e: unknown) => this.o.onError?.(e));
      }, seconds * 1000);
      this.timer.unref?.();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Load now; concurrent calls share one load. Rejects (keeping the old catalog) when the load fails. */
  refresh(): Promise<void> {
    this.refreshing ??= this.o
      .load()
      .then((types) => this.install(types))
      .finally(() => {
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  types(nodeClass?: NodeClass): readonly InstanceType[] {
    const base = this.base;
    if (!base) throw new Error('the AWS instance-type catalog is not loaded yet: await AwsCloudProvider.start() first');
    if (!nodeClass) return base;
    const key = `${nodeClass.name}\u0000${JSON.stringify(nodeClass.kubelet)}\u0000${nodeClass.blockDeviceGiB ?? ''}`;
    let view = this.views.get(key);
    if (!view) {
      view = base.map((t) => ({ ...withKubelet(t, nodeClass.kubelet, nodeClass.blockDeviceGiB), offerings: t.offerings.map((o) => ({ ...o })) }));
      this.views.set(key, view);
    }
    return view;
  }

  /** The catalog price of an offering (spot prices as of the last refresh). */
  priceOf(instanceType: string, zone: string, capacityType: CapacityType): number | undefined {
    return this.prices.get(`${instanceType}/${zone}/${capacityType}`);
  }

  private install(types: InstanceType[]): void {
    this.prices.clear();
    for (const t of types) for (const o of t.offerings) this.prices.set(`${t.name}/${o.zone}/${o.capacityType}`, o.pricePerHour);
    this.base = types;
    this.views.clear();
    this.loads++;
  }
}
