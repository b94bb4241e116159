import type { CapacityType, InstanceType, NodeClass, NodeGroupSpec } from '../../model/index.js';
import { Priority, type Clock } from '../../sim/clock.js';
import type { RandomSource, RandomStream } from '../../sim/random.js';
import type { AutoScalingGroup, AutoScalingProvider, AutoScalingResult, ScalingActivity } from '../auto-scaling.js';
import type { CloudEvent, CloudProvider, Instance, LaunchRequest, LaunchResult, TerminateResult } from '../cloud-provider.js';
import { CloudError, type CloudErrorCode } from '../errors.js';
import { ASG_TAG, AutoScalingGroups } from './asg.js';
import { billingEntry, costUsd, type BillingEntry } from './billing.js';
import { CatalogView } from './catalog-view.js';
import { Emitter, type InstanceEvent } from './events.js';
import { Faults } from './faults.js';
import { InstanceRecord, InstanceStore, isWellFormedInstanceId, type TerminationReason } from './instances.js';
import { Allocator, type AllocationContext } from './launches.js';
import { Lifecycle, uniform } from './lifecycle.js';
import { resolveOptions, type MockEc2Options, type ResolvedMockEc2Options } from './options.js';
import { PoolIndex, type CapacityPool } from './pools.js';
import { SpotMarket } from './spot-market.js';
import { SpotPrices } from './spot-price.js';
import { scheduleZoneOutages } from './zone-outages.js';

class AllocCtx implements AllocationContext {
  now = 0;
  /** Off while placing prewarmed instances: they already exist, no launch can fail at random for them. */
  randomIceEnabled = true;
  constructor(
    readonly pcoCheapestCount: number,
    readonly quotaError: (pool: CapacityPool) => CloudErrorCode | undefined,
    private readonly drawRandomIce: () => boolean,
  ) {}

  randomIce(): boolean {
    return this.randomIceEnabled && this.drawRandomIce();
  }
}

/**
 * A simulated EC2 (and EC2 Auto Scaling) for the simulation: catalog and prices, capacity pools, CreateFleet
 * allocation, boot timing, spot market, faults and throttling, billing, Auto Scaling groups. Everything is
 * driven by the Clock and the named random streams 'ec2/api', 'ec2/boot', 'ec2/spot', 'ec2/faults', so a
 * run is deterministic given the seed. Port calls answer through the clock after a sampled API latency;
 * `launchNow`/`terminateNow`/`getNow`/`listNow` are the same operations without the latency.
 */
export class MockEc2 implements CloudProvider, AutoScalingProvider {
  readonly name = 'mock-ec2';
  readonly options: ResolvedMockEc2Options;
  readonly pools: PoolIndex;
  private readonly store: InstanceStore;
  private readonly lifecycle: Lifecycle;
  private readonly spot: SpotMarket;
  private readonly prices: SpotPrices;
  private readonly faults: Faults;
  private readonly view: CatalogView;
  private readonly asgs: AutoScalingGroups;
  private readonly cloudEvents = new Emitter<CloudEvent>();
  private readonly instanceEvents = new Emitter<InstanceEvent>();
  private readonly api: RandomStream;
  private readonly vcpuInUse: Record<CapacityType, number> = { 'on-demand': 0, spot: 0 };
  private readonly allocCtx: AllocCtx;
  private readonly allocator = new Allocator();
  /** Scratch for launchNow (free again before any event is emitted, so re-entrant calls are safe). */
  private readonly scratchPools: CapacityPool[] = [];
  private readonly scratchPriorities: number[] = [];

  constructor(
    private readonly clock: Clock,
    random: RandomSource,
    readonly catalog: readonly InstanceType[],
    options: MockEc2Options = {},
  ) {
    this.options = resolveOptions(options);
    const o = this.options;
    this.api = random.stream('ec2/api');
    this.pools = new PoolIndex(catalog, o);
    this.store = new InstanceStore(o.terminatedRetentionSeconds);
    this.prices = new SpotPrices(random, o.spot.priceProcess);
    this.faults = new Faults(o, random.stream('ec2/faults'));
    this.lifecycle = new Lifecycle(clock, random.stream('ec2/boot'), o, this.instanceEvents);
    this.spot = new SpotMarket(clock, random.stream('ec2/spot'), o, this.cloudEvents, (rec) => this.terminateRecord(rec, 'spot-reclaim'));
    scheduleZoneOutages(clock, o.zoneOutages, () => this.store.visible(clock.now()), (rec) => this.terminateRecord(rec, 'zone-outage'));
    this.view = new CatalogView(catalog, this.pools, this.prices, o.revealAvailability);
    this.allocCtx = new AllocCtx(o.pcoCheapestCount, (p) => this.quotaError(p), () => this.faults.randomIce());
    this.asgs = new AutoScalingGroups({
      now: () => clock.now(),
      schedule: (d, a) => clock.schedule(d, a, Priority.world),
      cancel: (h) => clock.cancel(h),
      apiLatency: () => this.apiLatency(),
      reactionDelay: () => uniform(this.api, o.asg.reactionSeconds),
      retrySeconds: o.asg.retrySeconds,
      pool: (t, z, c) => this.pools.get(t, z, c),
      tryLaunch: (ct, pools, group, prewarmed) => this.tryLaunch(ct, pools, group, prewarmed),
      terminate: (rec, reason) => this.terminateRecord(rec, reason),
      instance: (id) => this.store.get(id, clock.now()),
    });
  }

  /** Zones of the catalog's offerings. */
  get zones(): readonly string[] {
    return this.pools.zones;
  }

  now(): number {
    return this.clock.now();
  }

  get liveInstanceCount(): number {
    return this.store.liveCount;
  }

  // ---- CloudProvider -------------------------------------------------------------------------------

  instanceTypes(nodeClass?: NodeClass): readonly InstanceType[] {
    return this.view.instanceTypes(this.clock.now(), nodeClass);
  }

  launch(request: LaunchRequest, done: (result: LaunchResult) => void): void {
    this.apiCall('CreateFleet', () => this.launchNow(request), (r) => done(r instanceof CloudError ? { ok: false, error: r } : r));
  }

  terminate(instanceId: string, done: (result: TerminateResult) => void): void {
    this.apiCall('TerminateInstances', () => this.terminateNow(instanceId), (r) => done(r instanceof CloudError ? { ok: false, error: r } : r));
  }

  /**
   * Any EC2 action as a call: throttled by the action's token bucket (RequestLimitExceeded), failed by an
   * injected error, else `op` runs after the API latency (mutating) or the describe latency.
   */
  apiCall<T>(action: string, op: () => T, done: (result: T | CloudError) => void, kind: 'mutating' | 'describe' = 'mutating'): void {
    const error = this.faults.throttle(action, this.clock.now()) ?? this.faults.takeInjected(action);
    const latency = uniform(this.api, kind === 'mutating' ? this.options.apiLatencySeconds : this.options.describeLatencySeconds);
    this.clock.schedule(latency, () => done(error ?? op()), Priority.world);
  }

  get(instanceId: string, done: (instance: Instance | undefined) => void): void {
    this.clock.schedule(uniform(this.api, this.options.describeLatencySeconds), () => done(this.getNow(instanceId)), Priority.world);
  }

  list(tags: Readonly<Record<string, string>>, done: (instances: readonly Instance[]) => void): void {
    this.clock.schedule(uniform(this.api, this.options.describeLatencySeconds), () => done(this.listNow(tags)), Priority.world);
  }

  onEvent(listener: (event: CloudEvent) => void): () => void {
    return this.cloudEvents.on(listener);
  }

  // ---- beyond the port: the runtime's view -----------------------------------------------------------

  /** launched, running, registered, ready, terminated — for the runtime to create and remove Nodes. */
  onInstanceEvent(listener: (event: InstanceEvent) => void): () => void {
    return this.instanceEvents.on(listener);
  }

  /**
   * CreateFleet(instant) without the API latency: allocate, create the instance and start its boot.
   * `prewarmed` instances are running, registered and ready at once (a cluster's initial nodes).
   */
  launchNow(request: LaunchRequest, opts: { prewarmed?: boolean } = {}): LaunchResult {
    const n = request.overrides.length;
    if (n === 0) return { ok: false, error: new CloudError('InvalidParameterValue', 'CreateFleet needs at least one launch template override') };
    const now = this.clock.now();
    const pools = this.scratchPools;
    const priorities = this.scratchPriorities;
    for (let i = 0; i < n; i++) {
      const o = request.overrides[i]!;
      const pool = this.pools.get(o.instanceType, o.zone, o.capacityType);
      if (!pool) {
        const what = this.pools.hasType(o.instanceType) ? `is not offered as ${o.capacityType} in ${o.zone}` : 'does not exist';
        return { ok: false, error: new CloudError('InvalidParameterValue', `The instance type '${o.instanceType}' ${what}.`) };
      }
      if (this.prices.enabled) pool.pricePerHour = this.prices.priceAt(pool, now);
      pools[i] = pool;
      priorities[i] = o.priority ?? pool.pricePerHour;
    }
    this.allocCtx.now = now;
    this.allocCtx.randomIceEnabled = opts.prewarmed !== true;
    const a = this.allocator.allocate(request.capacityType, pools, priorities, n, this.allocCtx);
    this.allocCtx.randomIceEnabled = true;
    if (!a.pool) return { ok: false, error: this.capacityError(a.errorCode!, request.capacityType, a.unavailable) };
    const rec = this.createInstance(a.pool, request.tags, request.nodeClassName, opts.prewarmed ?? false);
    return a.unavailable.length > 0 ? { ok: true, instance: rec, unavailable: a.unavailable } : { ok: true, instance: rec };
  }

  /** TerminateInstances without the API latency. Idempotent while the terminated instance is visible. */
  terminateNow(instanceId: string, reason: TerminationReason = 'terminate-api'): TerminateResult {
    const rec = this.store.get(instanceId, this.clock.now());
    if (!rec) {
      if (!isWellFormedInstanceId(instanceId)) return { ok: false, error: new CloudError('InvalidInstanceID.Malformed', `Invalid id: "${instanceId}"`) };
      return { ok: false, error: new CloudError('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`) };
    }
    if (rec.live) this.terminateRecord(rec, reason);
    return { ok: true };
  }

  getNow(instanceId: string): Instance | undefined {
    return this.store.get(instanceId, this.clock.now());
  }

  /** Visible instances carrying every given tag (an empty filter lists them all). */
  listNow(tags: Readonly<Record<string, string>> = {}): Instance[] {
    const keys = Object.keys(tags);
    const out: Instance[] = [];
    for (const rec of this.store.visible(this.clock.now())) {
      if (keys.every((k) => rec.tags[k] === tags[k])) out.push(rec);
    }
    return out;
  }

  /** CreateTags: adds or overwrites tags on a visible instance. */
  createTags(instanceId: string, tags: Readonly<Record<string, string>>): TerminateResult {
    const rec = this.store.get(instanceId, this.clock.now());
    if (!rec) return { ok: false, error: new CloudError('InvalidInstanceID.NotFound', `The instance ID '${instanceId}' does not exist`) };
    rec.tags = { ...rec.tags, ...tags };
    return { ok: true };
  }

  /** Fail the next `count` calls of an action ('CreateFleet', 'TerminateInstances', 'RunInstances', ...). */
  injectError(action: string, code: CloudErrorCode, count = 1, message?: string): void {
    this.faults.inject(action, code, count, message);
  }

  /** Current price of a pool (spot prices move with the price process). */
  priceOf(instanceType: string, zone: string, capacityType: CapacityType): number | undefined {
    const pool = this.pools.get(instanceType, zone, capacityType);
    return pool && this.prices.priceAt(pool, this.clock.now());
  }

  // ---- billing ---------------------------------------------------------------------------------------

  /** USD billed for an instance so far (per second, 60 s minimum); undefined for an unknown id. */
  costOf(instanceId: string): number | undefined {
    const rec = this.store.byLedgerId(instanceId);
    return rec && costUsd(rec.pricePerHour, rec.launchedAt, rec.terminatedAt ?? this.clock.now());
  }

  /** Every instance ever launched, with price, times and cost (running ones billed up to now). */
  ledger(): BillingEntry[] {
    const now = this.clock.now();
    return this.store.ledger.map((r) => billingEntry(r, now));
  }

  totalCostUsd(): number {
    const now = this.clock.now();
    let sum = 0;
    for (const r of this.store.ledger) sum += costUsd(r.pricePerHour, r.launchedAt, r.terminatedAt ?? now);
    return sum;
  }

  // ---- AutoScalingProvider ---------------------------------------------------------------------------

  /**
   * Create a group; its initial desired capacity launches at once (`prewarmed`: Ready at once).
   * `instanceIds`: live instances that are members from the start (they count toward desired capacity).
   */
  createAutoScalingGroup(spec: NodeGroupSpec, opts: { prewarmed?: boolean; instanceIds?: readonly string[] } = {}): void {
    const instances = (opts.instanceIds ?? []).map((id) => this.mustInstance(id));
    this.asgs.create(spec, { ...(opts.prewarmed !== undefined ? { prewarmed: opts.prewarmed } : {}), instances });
  }

  /** AttachInstances without the API latency: the instances join the group, whose desired capacity grows by their number. */
  attachInstances(groupName: string, instanceIds: readonly string[]): AutoScalingResult {
    const instances = [];
    for (const id of instanceIds) {
      const rec = this.store.get(id, this.clock.now());
      if (!rec) return { ok: false, error: new CloudError('ValidationError', `Instance Id not found - ${id}`) };
      instances.push(rec);
    }
    return this.asgs.attach(groupName, instances);
  }

  private mustInstance(id: string): InstanceRecord {
    const rec = this.store.get(id, this.clock.now());
    if (!rec) throw new CloudError('ValidationError', `Instance Id not found - ${id}`);
    return rec;
  }

  groups(): readonly AutoScalingGroup[] {
    return this.asgs.list();
  }

  group(name: string): AutoScalingGroup | undefined {
    return this.asgs.get(name);
  }

  setDesiredCapacity(groupName: string, desired: number, done: (result: AutoScalingResult) => void): void {
    this.asgs.setDesiredCapacity(groupName, desired, done);
  }

  terminateInstanceInGroup(instanceId: string, decrementDesired: boolean, done: (result: AutoScalingResult) => void): void {
    this.asgs.terminateInstanceInGroup(instanceId, decrementDesired, done);
  }

  scalingActivities(groupName: string, since: number): readonly ScalingActivity[] {
    return this.asgs.activities(groupName, since);
  }

  // ---- internals -------------------------------------------------------------------------------------

  private apiLatency(): number {
    return uniform(this.api, this.options.apiLatencySeconds);
  }

  private quotaError(pool: CapacityPool): CloudErrorCode | undefined {
    const limit = pool.capacityType === 'spot' ? this.options.vcpuLimits.spot : this.options.vcpuLimits.onDemand;
    if (limit === undefined || this.vcpuInUse[pool.capacityType] + pool.instanceType.vcpu <= limit) return undefined;
    return pool.capacityType === 'spot' ? 'MaxSpotInstanceCountExceeded' : 'VcpuLimitExceeded';
  }

  private capacityError(code: CloudErrorCode, capacityType: CapacityType, unavailable: CloudError['unavailable']): CloudError {
    const pools = unavailable.map((u) => `${u.instanceType} in ${u.zone}`).join(', ');
    const message =
      code === 'InsufficientInstanceCapacity'
        ? capacityType === 'spot'
          ? `There is no Spot capacity available that matches your request (${pools}).`
          : `We currently do not have sufficient capacity for your request (${pools}).`
        : `You have requested more vCPU capacity than your current ${capacityType} vCPU limit allows (${pools}).`;
    return new CloudError(code, message, unavailable);
  }

  private tryLaunch(capacityType: CapacityType, pools: readonly CapacityPool[], group: string, prewarmed: boolean): InstanceRecord | CloudError {
    const now = this.clock.now();
    if (this.prices.enabled) for (const p of pools) p.pricePerHour = this.prices.priceAt(p, now);
    this.allocCtx.now = now;
    const a = this.allocator.allocate(capacityType, pools, pools.map((p) => p.pricePerHour), pools.length, this.allocCtx);
    if (!a.pool) return this.capacityError(a.errorCode!, capacityType, a.unavailable);
    const rec = this.createInstance(a.pool, { [ASG_TAG]: group }, group, prewarmed, group);
    return rec;
  }

  private createInstance(pool: CapacityPool, tags: Readonly<Record<string, string>>, bootProfile: string, prewarmed: boolean, groupName?: string): InstanceRecord {
    const rec = new InstanceRecord(this.store.nextId(), pool, pool.pricePerHour, this.clock.now(), tags, bootProfile);
    if (groupName !== undefined) rec.groupName = groupName;
    pool.inUse++;
    this.vcpuInUse[pool.capacityType] += pool.instanceType.vcpu;
    this.store.add(rec);
    this.lifecycle.start(rec, prewarmed);
    if (pool.capacityType === 'spot') this.spot.onLaunch(rec);
    if (this.instanceEvents.size > 0) this.instanceEvents.emit({ kind: 'launched', instance: rec, at: rec.launchedAt });
    return rec;
  }

  private terminateRecord(rec: InstanceRecord, reason: TerminationReason): void {
    const now = this.clock.now();
    rec.terminatedAt = now;
    rec.terminationReason = reason;
    rec.state = 'terminated';
    rec.pool.inUse--;
    this.vcpuInUse[rec.capacityType] -= rec.pool.instanceType.vcpu;
    this.lifecycle.stop(rec);
    if (rec.capacityType === 'spot') this.spot.onTerminate(rec);
    this.store.markTerminated(rec, now);
    if (this.instanceEvents.size > 0) this.instanceEvents.emit({ kind: 'terminated', instance: rec, at: now, reason });
    if (this.cloudEvents.size > 0) this.cloudEvents.emit({ kind: 'instance-state-change', instanceId: rec.id, at: now, state: 'terminated' });
    if (rec.groupName !== undefined) this.asgs.onInstanceGone(rec);
  }
}
