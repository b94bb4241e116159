import type { CapacityType } from '../../model/index.js';
import type { TimerHandle } from '../../sim/clock.js';
import type { Instance, InstanceState } from '../cloud-provider.js';
import type { CapacityPool } from './pools.js';

export type TerminationReason = 'terminate-api' | 'spot-reclaim' | 'asg-scale-in' | 'asg-terminate' | 'zone-outage';

/**
 * The mock's record of one instance. It is handed out as the port's `Instance` (a live view: `state` and
 * `tags` change as the instance moves on); the other fields are the mock's bookkeeping.
 */
export class InstanceRecord implements Instance {
  state: InstanceState = 'pending';
  runningAt: number | undefined = undefined;
  registeredAt: number | undefined = undefined;
  readyAt: number | undefined = undefined;
  terminatedAt: number | undefined = undefined;
  terminationReason: TerminationReason | undefined = undefined;
  /** Spot: when the interruption warning was (or will be) issued, and the reclaim time. */
  interruptionWarningAt: number | undefined = undefined;
  reclaimAt: number | undefined = undefined;
  /** The next lifecycle step (running, registered, ready). */
  lifecycleTimer: TimerHandle | undefined = undefined;
  lifecycleStep: (() => void) | undefined = undefined;
  /** The next spot-market step (rebalance, warning, reclaim). */
  spotTimer: TimerHandle | undefined = undefined;
  /** Auto Scaling group that owns the instance. */
  groupName: string | undefined = undefined;

  constructor(
    readonly id: string,
    readonly pool: CapacityPool,
    readonly pricePerHour: number,
    readonly launchedAt: number,
    /** Shared with the request until CreateTags copies it. */
    public tags: Readonly<Record<string, string>>,
    /** NodeClass (or ASG) name: selects boot-time overrides. */
    readonly bootProfile: string,
  ) {}

  get instanceType(): string {
    return this.pool.instanceType.name;
  }

  get zone(): string {
    return this.pool.zone;
  }

  get capacityType(): CapacityType {
    return this.pool.capacityType;
  }

  /** `aws:///<zone>/<id>` */
  get providerID(): string {
    return `aws:///${this.pool.zone}/${this.id}`;
  }

  get live(): boolean {
    return this.terminatedAt === undefined;
  }

  /** A plain snapshot (for JSON and logs). */
  toJSON(): Instance {
    const { id, providerID, instanceType, zone, capacityType, pricePerHour, launchedAt, state, tags } = this;
    return { id, providerID, instanceType, zone, capacityType, pricePerHour, launchedAt, state, tags };
  }
}

const ID_RE = /^i-([0-9a-f]{8}|[0-9a-f]{17})$/;

export function isWellFormedInstanceId(id: string): boolean {
  return ID_RE.test(id);
}

/**
 * Every instance ever launched, in launch order (the billing ledger): ids are sequential, so an id's number
 * is its ledger index + 1 and no map is needed. Terminated instances stay visible to get/list for the
 * retention period.
 */
export class InstanceStore {
  readonly ledger: InstanceRecord[] = [];
  private readonly live = new Set<InstanceRecord>();
  /** Terminated, in termination order; those before `head` are past retention. */
  private readonly terminated: InstanceRecord[] = [];
  private head = 0;

  constructor(private readonly retentionSeconds: number) {}

  get liveCount(): number {
    return this.live.size;
  }

  nextId(): string {
    const hex = (this.ledger.length + 1).toString(16);
    return 'i-' + '00000000000000000'.slice(hex.length) + hex;
  }

  add(rec: InstanceRecord): void {
    this.ledger.push(rec);
    this.live.add(rec);
  }

  markTerminated(rec: InstanceRecord, now: number): void {
    this.live.delete(rec);
    this.terminated.push(rec);
    this.purge(now);
  }

  /** Any instance ever launched, by id. */
  byLedgerId(id: string): InstanceRecord | undefined {
    if (id.length !== 19 || id.charCodeAt(0) !== 105 /* i */ || id.charCodeAt(1) !== 45 /* - */) return undefined;
    const rec = this.ledger[parseInt(id.slice(2), 16) - 1];
    return rec !== undefined && rec.id === id ? rec : undefined;
  }

  /** Visible: live, or terminated within the retention period. */
  get(id: string, now: number): InstanceRecord | undefined {
    const rec = this.byLedgerId(id);
    if (rec === undefined) return undefined;
    if (rec.terminatedAt !== undefined && now - rec.terminatedAt > this.retentionSeconds) return undefined;
    return rec;
  }

  *visible(now: number): IterableIterator<InstanceRecord> {
    this.purge(now);
    yield* this.live;
    for (let i = this.head; i < this.terminated.length; i++) yield this.terminated[i]!;
  }

  private purge(now: number): void {
    const t = this.terminated;
    while (this.head < t.length && now - t[this.head]!.terminatedAt! > this.retentionSeconds) this.head++;
    if (this.head > 4096 && this.head * 2 > t.length) {
      t.splice(0, this.head);
      this.head = 0;
    }
  }
}
