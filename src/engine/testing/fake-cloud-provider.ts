import type {
  CloudEvent,
  CloudProvider,
  Instance,
  LaunchRequest,
  LaunchResult,
  TerminateResult,
} from '../../cloud/cloud-provider.js';
import { CloudError, type UnavailableOffering } from '../../cloud/errors.js';
import type { CapacityType, InstanceType } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';

export interface FakeCloudProviderOptions {
  readonly instanceTypes: readonly InstanceType[];
  /** With a clock, answers arrive after `latencySeconds`; without, synchronously. */
  readonly clock?: Clock;
  readonly latencySeconds?: number;
}

function offeringKey(instanceType: string, zone: string, capacityType: CapacityType): string {
  return `${instanceType}/${zone}/${capacityType}`;
}

/**
 * A CloudProvider for engine tests (Karpenter's fake.CloudProvider habit): records every call, takes
 * injected errors (`nextLaunchErrors`, `nextTerminateErrors`), can declare offerings out of capacity,
 * and launches the cheapest allowed override like CreateFleet's lowest-price strategy.
 */
export class FakeCloudProvider implements CloudProvider {
  readonly name = 'fake';
  readonly launchRequests: LaunchRequest[] = [];
  readonly terminateCalls: string[] = [];
  /** Errors returned by the next launches, in order. */
  nextLaunchErrors: CloudError[] = [];
  nextTerminateErrors: CloudError[] = [];
  private readonly insufficient = new Set<string>();
  private readonly instances = new Map<string, Instance>();
  private readonly listeners: ((e: CloudEvent) => void)[] = [];
  private seq = 0;

  constructor(private readonly opts: FakeCloudProviderOptions) {}

  instanceTypes(): readonly InstanceType[] {
    return this.opts.instanceTypes;
  }

  /** Every launch on this offering fails with InsufficientInstanceCapacity. */
  insufficientCapacity(instanceType: string, zone: string, capacityType: CapacityType): void {
    this.insufficient.add(offeringKey(instanceType, zone, capacityType));
  }

  launch(request: LaunchRequest, done: (result: LaunchResult) => void): void {
    this.launchRequests.push(request);
    const result = this.launchNow(request);
    this.answer(() => done(result));
  }

  terminate(instanceId: string, done: (result: TerminateResult) => void): void {
    this.terminateCalls.push(instanceId);
    const injected = this.nextTerminateErrors.shift();
    let result: TerminateResult;
    const inst = this.instances.get(instanceId);
    if (injected) result = { ok: false, error: injected };
    else if (!inst || inst.state === 'terminated') {
      result = { ok: false, error: new CloudError('InvalidInstanceID.NotFound', `instance ${instanceId} not found`) };
    } else {
      this.instances.set(instanceId, { ...inst, state: 'terminated' });
      result = { ok: true };
    }
    this.answer(() => done(result));
  }

  get(instanceId: string, done: (instance: Instance | undefined) => void): void {
    const inst = this.instances.get(instanceId);
    this.answer(() => done(inst));
  }

  list(tags: Readonly<Record<string, string>>, done: (instances: readonly Instance[]) => void): void {
    const out = [...this.instances.values()].filter((i) => Object.entries(tags).every(([k, v]) => i.tags[k] === v));
    this.answer(() => done(out));
  }

  onEvent(listener: (event: CloudEvent) => void): () => void {
    this.listeners.push(listener);
    return () => {
      const i = this.listeners.indexOf(listener);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  emit(event: CloudEvent): void {
    for (const l of [...this.listeners]) l(event);
  }

  /** Instances not yet terminated. */
  running(): Instance[] {
    return [...this.instances.values()].filter((i) => i.state !== 'terminated');
  }

  instance(id: string): Instance | undefined {
    return this.instances.get(id);
  }

  private launchNow(request: LaunchRequest): LaunchResult {
    const injected = this.nextLaunchErrors.shift();
    if (injected) return { ok: false, error: injected };
    const tried: UnavailableOffering[] = [];
    const ordered = [...request.overrides].sort((a, b) => (a.priority ?? 0) - (b.priority ?? 0));
    for (const o of ordered) {
      const it = this.opts.instanceTypes.find((t) => t.name === o.instanceType);
      const offering = it?.offerings.find((x) => x.zone === o.zone && x.capacityType === o.capacityType);
      if (!it || !offering) continue;
      if (this.insufficient.has(offeringKey(o.instanceType, o.zone, o.capacityType))) {
        tried.push({ instanceType: o.instanceType, zone: o.zone, capacityType: o.capacityType });
        continue;
      }
      const id = `i-${(++this.seq).toString(16).padStart(17, '0')}`;
      const now = this.opts.clock?.now() ?? 0;
      const instance: Instance = {
        id,
        providerID: `aws:///${o.zone}/${id}`,
        instanceType: o.instanceType,
        zone: o.zone,
        capacityType: o.capacityType,
        pricePerHour: offering.pricePerHour,
        launchedAt: now,
        state: 'running',
        tags: { ...request.tags },
      };
      this.instances.set(id, instance);
      return tried.length > 0 ? { ok: true, instance, unavailable: tried } : { ok: true, instance };
    }
    return { ok: false, error: new CloudError('InsufficientInstanceCapacity', 'no capacity for any override', tried) };
  }

  private answer(fn: () => void): void {
    if (this.opts.clock) this.opts.clock.schedule(this.opts.latencySeconds ?? 0, fn);
    else fn();
  }
}
