import type { AutoScalingGroup, AutoScalingInstance, AutoScalingProvider, AutoScalingResult, ScalingActivity } from '../../../cloud/auto-scaling.js';
import { CloudError } from '../../../cloud/errors.js';
import type { CloudErrorCode } from '../../../cloud/errors.js';
import type { InstanceType, NodeGroupSpec } from '../../../model/index.js';
import type { Clock } from '../../../sim/clock.js';

/** Called when an instance is up (register its node) or gone (delete its node). */
export interface InstanceHooks {
  onRunning?(group: AutoScalingGroup, instance: AutoScalingInstance, type: InstanceType | undefined): void;
  onTerminated?(group: AutoScalingGroup, instance: AutoScalingInstance): void;
}

export interface FakeAutoScalingOptions {
  /** Seconds from launch to InService (`onRunning`). Default 0: instant. */
  readonly bootSeconds?: number;
  /** Seconds before API calls answer. Default 0. */
  readonly apiLatencySeconds?: number;
  /** While a group is short of instances, it retries launches this often. Default 30 s. */
  readonly launchRetrySeconds?: number;
}

interface GroupState {
  name: string;
  minSize: number;
  maxSize: number;
  desiredCapacity: number;
  spec: NodeGroupSpec;
  instances: AutoScalingInstance[];
  retry: boolean;
}

/**
 * A fake Auto Scaling service for tests: groups from NodeGroupSpecs, launches that become InService
 * after `bootSeconds`, launch failures injected per group (recorded as Failed scaling activities, retried
 * while the group is short), and a log of every call.
 */
export class FakeAutoScaling implements AutoScalingProvider {
  private readonly state = new Map<string, GroupState>();
  private readonly activities: ScalingActivity[] = [];
  private readonly failures = new Map<string, CloudErrorCode>();
  private readonly types: Map<string, InstanceType>;
  private seq = 0;
  readonly calls: { at: number; op: string; group: string; value: number | string }[] = [];

  constructor(
    private readonly clock: Clock,
    specs: readonly NodeGroupSpec[],
    instanceTypes: readonly InstanceType[],
    private readonly hooks: InstanceHooks = {},
    private readonly opts: FakeAutoScalingOptions = {},
  ) {
    this.types = new Map(instanceTypes.map((t) => [t.name, t]));
    for (const spec of specs) {
      this.state.set(spec.name, { name: spec.name, minSize: spec.minSize, maxSize: spec.maxSize, desiredCapacity: spec.desiredCapacity, spec, instances: [], retry: false });
    }
    for (const g of this.state.values()) this.reconcile(g);
  }

  /** Launches in this group fail with `code` until `clearLaunchFailure`. */
  failLaunches(group: string, code: CloudErrorCode): void {
    this.failures.set(group, code);
  }

  clearLaunchFailure(group: string): void {
    this.failures.delete(group);
  }

  groups(): readonly AutoScalingGroup[] {
    return [...this.state.values()].map((g) => this.view(g));
  }

  group(name: string): AutoScalingGroup | undefined {
    const g = this.state.get(name);
    return g ? this.view(g) : undefined;
  }

  setDesiredCapacity(groupName: string, desired: number, done: (result: AutoScalingResult) => void): void {
    this.calls.push({ at: this.clock.now(), op: 'setDesiredCapacity', group: groupName, value: desired });
    const g = this.state.get(groupName);
    this.answer(() => {
      if (!g) return { ok: false, error: new CloudError('ValidationError', `no group ${groupName}`) };
      if (desired < g.minSize || desired > g.maxSize) {
        return { ok: false, error: new CloudError('ValidationError', `desired ${desired} outside [${g.minSize}, ${g.maxSize}]`) };
      }
      g.desiredCapacity = desired;
      this.reconcile(g);
      return { ok: true };
    }, done);
  }

  terminateInstanceInGroup(instanceId: string, decrementDesired: boolean, done: (result: AutoScalingResult) => void): void {
    const g = [...this.state.values()].find((s) => s.instances.some((i) => i.id === instanceId));
    this.calls.push({ at: this.clock.now(), op: 'terminateInstanceInGroup', group: g?.name ?? '?', value: instanceId });
    this.answer(() => {
      if (!g) return { ok: false, error: new CloudError('InvalidInstanceID.NotFound', `no instance ${instanceId}`) };
      if (decrementDesired) {
        if (g.desiredCapacity - 1 < g.minSize) return { ok: false, error: new CloudError('ValidationError', `would go below min size ${g.minSize}`) };
        g.desiredCapacity--;
      }
      const inst = g.instances.find((i) => i.id === instanceId)!;
      g.instances = g.instances.filter((i) => i.id !== instanceId);
      this.hooks.onTerminated?.(this.view(g), inst);
      this.reconcile(g);
      return { ok: true };
    }, done);
  }

  scalingActivities(groupName: string, since: number): readonly ScalingActivity[] {
    return this.activities.filter((a) => a.groupName === groupName && a.at >= since).reverse();
  }

  private answer(fn: () => AutoScalingResult, done: (r: AutoScalingResult) => void): void {
    const latency = this.opts.apiLatencySeconds ?? 0;
    if (latency > 0) this.clock.schedule(latency, () => done(fn()));
    else done(fn());
  }

  private view(g: GroupState): AutoScalingGroup {
    return {
      name: g.name,
      minSize: g.minSize,
      maxSize: g.maxSize,
      desiredCapacity: g.desiredCapacity,
      instanceTypes: g.spec.instanceTypes,
      zones: g.spec.zones,
      capacityType: g.spec.capacityType,
      labels: g.spec.labels,
      taints: g.spec.taints,
      instances: g.instances,
    };
  }

  private reconcile(g: GroupState): void {
    while (g.instances.length > g.desiredCapacity) {
      const inst = g.instances[g.instances.length - 1]!;
      g.instances.pop();
      this.hooks.onTerminated?.(this.view(g), inst);
    }
    const missing = g.desiredCapacity - g.instances.length;
    if (missing <= 0) return;
    const code = this.failures.get(g.name);
    if (code) {
      this.activities.push({ groupName: g.name, at: this.clock.now(), status: 'Failed', statusCode: code, description: `Launching ${missing} instances failed: ${code}` });
      if (!g.retry) {
        g.retry = true;
        this.clock.schedule(this.opts.launchRetrySeconds ?? 30, () => {
          g.retry = false;
          this.reconcile(g);
        });
      }
      return;
    }
    for (let i = 0; i < missing; i++) this.launch(g);
    this.activities.push({ groupName: g.name, at: this.clock.now(), status: 'Successful', description: `Launched ${missing} instances` });
  }

  private launch(g: GroupState): void {
    const type = g.spec.instanceTypes[0] ?? 'unknown';
    const zone = g.spec.zones[this.seq % Math.max(1, g.spec.zones.length)] ?? 'us-east-1a';
    const id = `i-${(++this.seq).toString(16).padStart(8, '0')}`;
    const pending: AutoScalingInstance = { id, instanceType: type, zone, capacityType: g.spec.capacityType, lifecycleState: 'Pending' };
    g.instances.push(pending);
    const up = (): void => {
      const idx = g.instances.findIndex((i) => i.id === id);
      if (idx < 0) return;
      const running: AutoScalingInstance = { ...pending, lifecycleState: 'InService' };
      g.instances[idx] = running;
      this.hooks.onRunning?.(this.view(g), running, this.types.get(type));
    };
    const boot = this.opts.bootSeconds ?? 0;
    if (boot > 0) this.clock.schedule(boot, up);
    else up();
  }
}
