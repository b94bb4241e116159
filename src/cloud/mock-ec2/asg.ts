import type { CapacityType, Labels, NodeGroupSpec, Taint } from '../../model/index.js';
import type { TimerHandle } from '../../sim/clock.js';
import type { AutoScalingGroup, AutoScalingInstance, AutoScalingResult, ScalingActivity } from '../auto-scaling.js';
import { CloudError } from '../errors.js';
import type { InstanceRecord, TerminationReason } from './instances.js';
import type { CapacityPool } from './pools.js';

/** What the Auto Scaling groups need from the mock. */
export interface AsgHost {
  now(): number;
  schedule(delaySeconds: number, action: () => void): TimerHandle;
  cancel(handle: TimerHandle): void;
  apiLatency(): number;
  reactionDelay(): number;
  readonly retrySeconds: number;
  pool(instanceType: string, zone: string, capacityType: CapacityType): CapacityPool | undefined;
  /** Allocate one instance among the pools (lowest-price on-demand, price-capacity-optimized spot). */
  tryLaunch(capacityType: CapacityType, pools: readonly CapacityPool[], group: string, prewarmed: boolean): InstanceRecord | CloudError;
  terminate(rec: InstanceRecord, reason: TerminationReason): void;
  instance(id: string): InstanceRecord | undefined;
}

export const ASG_TAG = 'aws:autoscaling:groupName';

class Group {
  desired: number;
  readonly instances: InstanceRecord[] = [];
  readonly activities: ScalingActivity[] = [];
  timer: TimerHandle | undefined;

  constructor(
    readonly name: string,
    readonly minSize: number,
    readonly maxSize: number,
    readonly instanceTypes: readonly string[],
    readonly zones: readonly string[],
    readonly capacityType: CapacityType,
    readonly labels: Labels,
    readonly taints: readonly Taint[],
    desired: number,
  ) {
    this.desired = desired;
  }
}

/**
 * Auto Scaling groups for the Cluster Autoscaler baseline. A desired-capacity change is acted on after
 * the group's reaction delay: launches go to the zone with the fewest instances first (AZ balance), using
 * the mixed-instances strategies (lowest-price on-demand, price-capacity-optimized spot) over the group's
 * types; scale-in removes from the zone with the most instances, oldest first. A launch that finds no
 * capacity records a Failed activity with EC2's error code and is retried while below desired. An
 * instance lost to anything else (spot reclaim, a direct TerminateInstances) is replaced.
 */
export class AutoScalingGroups {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly host: AsgHost) {}

  /**
   * `instances`: running instances that are members from the start (an existing group); they count toward
   * the desired capacity, which becomes max(desiredCapacity, their number); only the rest is launched.
   */
  create(spec: NodeGroupSpec, opts: { prewarmed?: boolean; instances?: readonly InstanceRecord[] } = {}): void {
    if (this.groups.has(spec.name)) throw new CloudError('ValidationError', `AutoScalingGroup ${spec.name} already exists`);
    if (!(spec.minSize <= spec.desiredCapacity && spec.desiredCapacity <= spec.maxSize)) {
      throw new CloudError('ValidationError', `${spec.name}: need minSize <= desiredCapacity <= maxSize`);
    }
    const members = opts.instances ?? [];
    const g = new Group(spec.name, spec.minSize, spec.maxSize, spec.instanceTypes, spec.zones, spec.capacityType, spec.labels, spec.taints, spec.desiredCapacity);
    const bad = this.attachable(g, members);
    if (bad) throw bad;
    this.groups.set(g.name, g);
    for (const rec of members) this.join(g, rec);
    g.desired = Math.max(g.desired, g.instances.length);
    if (g.desired > g.instances.length) this.reconcile(g, opts.prewarmed ?? false);
  }

  /**
   * AttachInstances (immediate): running instances join the group, which raises its desired capacity by
   * their number. Fails, attaching none, when that would exceed maxSize or an instance is not running or
   * already in a group.
   */
  attach(name: string, instances: readonly InstanceRecord[]): AutoScalingResult {
    const g = this.groups.get(name);
    if (!g) return { ok: false, error: new CloudError('ValidationError', `AutoScalingGroup name not found - ${name}`) };
    const bad = this.attachable(g, instances);
    if (bad) return { ok: false, error: bad };
    for (const rec of instances) this.join(g, rec);
    g.desired += instances.length;
    return { ok: true };
  }

  private attachable(g: Group, instances: readonly InstanceRecord[]): CloudError | undefined {
    for (const rec of instances) {
      if (!rec.live) return new CloudError('ValidationError', `The instance ${rec.id} is not in correct state.`);
      if (rec.groupName !== undefined) return new CloudError('ValidationError', `The instance ${rec.id} is already part of AutoScalingGroup ${rec.groupName}.`);
    }
    if (g.instances.length + instances.length > g.maxSize) {
      return new CloudError('ValidationError', `Attaching ${instances.length} instance(s) to ${g.name} would exceed its max size ${g.maxSize}.`);
    }
    return undefined;
  }

  private join(g: Group, rec: InstanceRecord): void {
    rec.groupName = g.name;
    if (rec.tags[ASG_TAG] !== g.name) rec.tags = { ...rec.tags, [ASG_TAG]: g.name };
    g.instances.push(rec);
    this.activity(g, 'Successful', `Attaching an existing EC2 instance: ${rec.id}`);
  }

  list(): AutoScalingGroup[] {
    return [...this.groups.values()].map((g) => this.snapshot(g));
  }

  get(name: string): AutoScalingGroup | undefined {
    const g = this.groups.get(name);
    return g && this.snapshot(g);
  }

  setDesiredCapacity(name: string, desired: number, done: (r: AutoScalingResult) => void): void {
    this.host.schedule(this.host.apiLatency(), () => {
      const g = this.groups.get(name);
      if (!g) return done({ ok: false, error: new CloudError('ValidationError', `AutoScalingGroup name not found - ${name}`) });
      if (!Number.isInteger(desired) || desired < g.minSize || desired > g.maxSize) {
        const bound = desired > g.maxSize ? `above max value ${g.maxSize}` : `below min value ${g.minSize}`;
        return done({ ok: false, error: new CloudError('ValidationError', `New SetDesiredCapacity value ${desired} is ${bound} for the AutoScalingGroup.`) });
      }
      g.desired = desired;
      this.wake(g, this.host.reactionDelay());
      done({ ok: true });
    });
  }

  terminateInstanceInGroup(instanceId: string, decrementDesired: boolean, done: (r: AutoScalingResult) => void): void {
    this.host.schedule(this.host.apiLatency(), () => {
      const rec = this.host.instance(instanceId);
      const g = rec?.groupName !== undefined ? this.groups.get(rec.groupName) : undefined;
      if (!rec || !g || !rec.live) {
        return done({ ok: false, error: new CloudError('ValidationError', `Instance Id not found - No managed instance found for instance ID: ${instanceId}`) });
      }
      if (decrementDesired && g.desired - 1 < g.minSize) {
        return done({
          ok: false,
          error: new CloudError('ValidationError', `Currently, desiredSize equals minSize (${g.minSize}). Terminating instance without replacement will violate group's min size constraint. Either set shouldDecrementDesiredCapacity flag to false or lower group's min size.`),
        });
      }
      if (decrementDesired) g.desired--;
      this.activity(g, 'Successful', `Terminating EC2 instance: ${rec.id}`);
      this.host.terminate(rec, 'asg-terminate');
      if (!decrementDesired) this.wake(g, this.host.reactionDelay());
      done({ ok: true });
    });
  }

  activities(name: string, since: number): ScalingActivity[] {
    const g = this.groups.get(name);
    if (!g) return [];
    const out: ScalingActivity[] = [];
    for (let i = g.activities.length - 1; i >= 0 && g.activities[i]!.at >= since; i--) out.push(g.activities[i]!);
    return out;
  }

  /** Called by the mock when a group's instance terminates, whoever ended it. */
  onInstanceGone(rec: InstanceRecord): void {
    const g = rec.groupName !== undefined ? this.groups.get(rec.groupName) : undefined;
    if (!g) return;
    const i = g.instances.indexOf(rec);
    if (i >= 0) g.instances.splice(i, 1);
    if (rec.terminationReason !== 'asg-terminate' && rec.terminationReason !== 'asg-scale-in') {
      this.activity(g, 'Successful', `Terminating EC2 instance: ${rec.id} (${rec.terminationReason === 'spot-reclaim' ? 'Spot interruption' : 'instance was terminated outside Auto Scaling'})`);
      this.wake(g, this.host.reactionDelay());
    }
  }

  private wake(g: Group, delaySeconds: number): void {
    const at = this.host.now() + delaySeconds;
    if (g.timer && g.timer.at <= at) return;
    if (g.timer) this.host.cancel(g.timer);
    g.timer = this.host.schedule(delaySeconds, () => {
      g.timer = undefined;
      this.reconcile(g, false);
    });
  }

  private countByZone(g: Group): Map<string, number> {
    const m = new Map<string, number>(g.zones.map((z) => [z, 0]));
    for (const r of g.instances) m.set(r.zone, (m.get(r.zone) ?? 0) + 1);
    return m;
  }

  private reconcile(g: Group, prewarmed: boolean): void {
    while (g.instances.length < g.desired) {
      const counts = this.countByZone(g);
      const zones = [...g.zones].sort((a, b) => counts.get(a)! - counts.get(b)!);
      let launched: InstanceRecord | undefined;
      let error: CloudError | undefined;
      for (const zone of zones) {
        const pools = g.instanceTypes.map((t) => this.host.pool(t, zone, g.capacityType)).filter((p): p is CapacityPool => p !== undefined);
        if (pools.length === 0) continue;
        const r = this.host.tryLaunch(g.capacityType, pools, g.name, prewarmed);
        if (r instanceof CloudError) error = r;
        else {
          launched = r;
          break;
        }
      }
      if (!launched) {
        const e = error ?? new CloudError('InvalidParameterValue', `none of ${g.instanceTypes.join(', ')} is offered in ${g.zones.join(', ')}`);
        const what = g.capacityType === 'spot' ? 'Spot' : 'On-Demand';
        this.activity(g, 'Failed', `Launching a new EC2 instance. Status Reason: Could not launch ${what} Instances. ${e.code} - ${e.message} Launching EC2 instance failed.`, e.code);
        this.wake(g, this.host.retrySeconds);
        return;
      }
      g.instances.push(launched);
      this.activity(g, 'Successful', `Launching a new EC2 instance: ${launched.id}`);
    }
    while (g.instances.length > g.desired) {
      const counts = this.countByZone(g);
      let victim = g.instances[0]!;
      for (const r of g.instances) {
        const c = counts.get(r.zone)!;
        const cv = counts.get(victim.zone)!;
        if (c > cv || (c === cv && r.launchedAt < victim.launchedAt)) victim = r;
      }
      this.activity(g, 'Successful', `Terminating EC2 instance: ${victim.id}`);
      this.host.terminate(victim, 'asg-scale-in');
    }
  }

  private activity(g: Group, status: ScalingActivity['status'], description: string, statusCode?: string): void {
    g.activities.push({ groupName: g.name, at: this.host.now(), status, description, ...(statusCode ? { statusCode } : {}) });
  }

  private snapshot(g: Group): AutoScalingGroup {
    const instances: AutoScalingInstance[] = g.instances.map((r) => ({
      id: r.id,
      instanceType: r.instanceType,
      zone: r.zone,
      capacityType: r.capacityType,
      lifecycleState: r.state === 'pending' ? 'Pending' : 'InService',
    }));
    return {
      name: g.name,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredCapacity: g.desired,
      instanceTypes: g.instanceTypes,
      zones: g.zones,
      capacityType: g.capacityType,
      labels: g.labels,
      taints: g.taints,
      instances,
    };
  }
}
