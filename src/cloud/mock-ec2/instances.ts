import type { CapacityType } from '../../model/index.js';
import type { TimerHandle } from '../../sim/clock.js';
import type { Instance, InstanceState } from '../cloud-provider.js';
import type { CapacityPool } from './pools.js';

export type TerminationReason = 'terminate-api' | 'spot-reclaim' | 'asg-scale-in' | 'asg-terminate';

/**
 * The mock's record of one instance. It is handed out as the port's `Instance` (a live view: `state` and
 * `tags` change as the instance moves on); the extra fields are the mock's bookkeeping.
 */
export class InstanceRecord implements Instance {
  state: InstanceState = 'pending';
  readonly providerID: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  runningAt: number | undefined;
  registeredAt: number | undefined;
  readyAt: number | undefined;
  terminatedAt: number | undefined;
  terminationReason: TerminationReason | undefined;
  /** Spot: when the interruption warning was (or will be) issued, and the reclaim time. */
  interruptionWarningAt: number | undefined;
  reclaimAt: number | undefined;
  /** The next lifecycle step (running, registered, ready). */
  lifecycleTimer: TimerHandle | undefined;
  /** The next spot-market step (rebalance, warning, reclaim). */
  spotTimer: TimerHandle | undefined;
  /** Auto Scaling group that owns the instance. */
  groupName: string | undefined;

  constructor(
    readonly id: string,
    readonly pool: CapacityPool,
    readonly pricePerHour: number,
    readonly launchedAt: number,
    readonly tags: Record<string, string>,
    /** NodeClass (or ASG) name: selects boot-time overrides. */
    readonly bootProfile: string,
  ) {
    this.instanceType = pool.instanceType.name;
    this.zone = pool.zone;
    this.capacityType = pool.capacityType;
    this.providerID = `aws:///${pool.zone}/${id}`;
  }

  get vcpu(): number {
    return this.pool.instanceType.vcpu;
  }

  get live(): boolean {
    return this.terminatedAt === undefined;
  }
}

const ID_RE = /^i-[0-9a-f]{8}([0-9a-f]{9})?$/;

export function isWellFormedInstanceId(id: string): boolean {
  return ID_RE.test(id);
}

/**
 * Every instance ever launched (the billing ledger keeps them all) and the ones still visible by id.
 * Terminated instances stay visible for the retention period, then are forgotten by id (lazily).
 */
export class InstanceStore {
  private readonly byId = new Map<string, InstanceRecord>();
  /** Terminated, in termination order, still in `byId`. */
  private readonly terminated: InstanceRecord[] = [];
  private terminatedHead = 0;
  readonly ledger: InstanceRecord[] = [];
  private counter = 0;
  liveCount = 0;

  constructor(private readonly retentionSeconds: number) {}

  nextId(): string {
    this.counter++;
    return `i-${this.counter.toString(16).padStart(17, '0')}`;
  }

  /** Any instance ever launched, by id (ids are sequential: the ledger index is the id's number − 1). */
  byLedgerId(id: string): InstanceRecord | undefined {
    if (!isWellFormedInstanceId(id)) return undefined;
    const rec = this.ledger[parseInt(id.slice(2), 16) - 1];
    return rec?.id === id ? rec : undefined;
  }

  add(rec: InstanceRecord): void {
    this.byId.set(rec.id, rec);
    this.ledger.push(rec);
    this.liveCount++;
  }

  markTerminated(rec: InstanceRecord, now: number): void {
    this.terminated.push(rec);
    this.liveCount--;
    this.purge(now);
  }

  /** Visible (live, or terminated within the retention period). */
  get(id: string, now: number): InstanceRecord | undefined {
    const rec = this.byId.get(id);
    if (!rec) return undefined;
    if (rec.terminatedAt !== undefined && now - rec.terminatedAt > this.retentionSeconds) return undefined;
    return rec;
  }

  *visible(now: number): IterableIterator<InstanceRecord> {
    this.purge(now);
    for (const rec of this.byId.values()) yield rec;
  }

  private purge(now: number): void {
    const t = this.terminated;
    while (this.terminatedHead < t.length && now - t[this.terminatedHead]!.terminatedAt! > this.retentionSeconds) {
      this.byId.delete(t[this.terminatedHead]!.id);
      this.terminatedHead++;
    }
    if (this.terminatedHead > 1024 && this.terminatedHead * 2 > t.length) {
      t.splice(0, this.terminatedHead);
      this.terminatedHead = 0;
    }
  }
}
