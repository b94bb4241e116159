import type { RandomStream } from '../../sim/random.js';
import { Priority, type Clock } from '../../sim/clock.js';
import type { Emitter, InstanceEvent } from './events.js';
import type { InstanceRecord } from './instances.js';
import type { BootTimings, Range, ResolvedMockEc2Options } from './options.js';

export function uniform(rng: RandomStream, r: Range): number {
  return r.max > r.min ? r.min + (r.max - r.min) * rng.next() : r.min;
}

/**
 * Boot timing: pending → running → registered → ready, one timer at a time per instance (the next step),
 * durations drawn from the 'ec2/boot' stream when each step starts. Overrides: NodeClass beats family.
 */
export class Lifecycle {
  private readonly resolved = new Map<string, BootTimings>();

  constructor(
    private readonly clock: Clock,
    private readonly rng: RandomStream,
    private readonly opts: ResolvedMockEc2Options,
    private readonly events: Emitter<InstanceEvent>,
  ) {}

  timingsFor(family: string, bootProfile: string): BootTimings {
    const key = `${family}\u0000${bootProfile}`;
    let t = this.resolved.get(key);
    if (!t) {
      t = { ...this.opts.boot, ...this.opts.familyBoot[family], ...this.opts.nodeClassBoot[bootProfile] };
      this.resolved.set(key, t);
    }
    return t;
  }

  /** Start booting a freshly launched instance. `prewarmed`: running, registered and ready right away. */
  start(rec: InstanceRecord, prewarmed = false): void {
    if (prewarmed) {
      rec.lifecycleTimer = this.clock.schedule(0, () => this.prewarm(rec), Priority.world);
      return;
    }
    const t = this.timingsFor(rec.pool.instanceType.family, rec.bootProfile);
    // one bound function per instance drives all three steps
    rec.lifecycleStep = this.advance.bind(this, rec, t);
    rec.lifecycleTimer = this.clock.schedule(uniform(this.rng, t.pendingToRunningSeconds), rec.lifecycleStep, Priority.world);
  }

  private prewarm(rec: InstanceRecord): void {
    rec.lifecycleTimer = undefined;
    const now = this.clock.now();
    rec.state = 'running';
    rec.runningAt = rec.registeredAt = rec.readyAt = now;
    this.emit('running', rec);
    this.emit('registered', rec);
    this.emit('ready', rec);
  }

  private advance(rec: InstanceRecord, t: BootTimings): void {
    const step = rec.lifecycleStep!;
    rec.lifecycleTimer = undefined;
    const now = this.clock.now();
    if (rec.runningAt === undefined) {
      rec.state = 'running';
      rec.runningAt = now;
      this.emit('running', rec);
      if (t.neverRegistersProbability > 0 && this.rng.bernoulli(t.neverRegistersProbability)) return;
      const d = this.rng.lognormal(t.runningToRegisteredSeconds.median, t.runningToRegisteredSeconds.p95);
      rec.lifecycleTimer = this.clock.schedule(d, step, Priority.world);
    } else if (rec.registeredAt === undefined) {
      rec.registeredAt = now;
      this.emit('registered', rec);
      const d = this.rng.lognormal(t.registeredToReadySeconds.median, t.registeredToReadySeconds.p95);
      rec.lifecycleTimer = this.clock.schedule(d, step, Priority.world);
    } else {
      rec.readyAt = now;
      this.emit('ready', rec);
    }
  }

  /** Stop booting (the instance is terminating). */
  stop(rec: InstanceRecord): void {
    if (rec.lifecycleTimer) {
      this.clock.cancel(rec.lifecycleTimer);
      rec.lifecycleTimer = undefined;
    }
  }

  private emit(kind: InstanceEvent['kind'], rec: InstanceRecord): void {
    if (this.events.size > 0) this.events.emit({ kind, instance: rec, at: this.clock.now() });
  }
}
