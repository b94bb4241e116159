import type { ClusterEvent } from '../../cluster/cluster.js';
import { ControllerLoop, type Controller } from '../../sim/controller-loop.js';
import { ACTORS } from '../options.js';
import { InitializationStep } from './initialization.js';
import { LaunchStep } from './launch.js';
import { LivenessStep } from './liveness.js';
import { RegistrationStep } from './registration.js';
import type { LifecycleContext, LifecycleStep } from './step.js';

/**
 * The NodeClaim lifecycle controller: for every NodeClaim that changed (or whose timer is due) run the
 * ordered steps launch → registration → initialization → liveness, each reading the claim afresh.
 */
export class NodeClaimLifecycle implements Controller {
  readonly name = ACTORS.lifecycle;
  private readonly steps: readonly LifecycleStep[];
  private readonly loop: ControllerLoop;
  private readonly dirty = new Set<string>();
  private readonly wakeAt = new Map<string, number>();
  private unwatch: (() => void) | undefined;

  constructor(private readonly ctx: Omit<LifecycleContext, 'wake'>) {
    const full: LifecycleContext = { ...ctx, wake: (name) => this.markDirty(name) };
    this.steps = [new LaunchStep(full), new RegistrationStep(full), new InitializationStep(full), new LivenessStep(full)];
    this.loop = new ControllerLoop(ctx.clock, this);
  }

  start(): void {
    this.unwatch = this.ctx.cluster.watch((e) => this.onEvent(e));
    for (const c of this.ctx.cluster.nodeClaims()) this.markDirty(c.name);
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.loop.stop();
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'nodeclaim-added':
      case 'nodeclaim-updated':
        this.markDirty(e.nodeClaim.name);
        break;
      case 'nodeclaim-deleted':
        this.dirty.delete(e.nodeClaim.name);
        this.wakeAt.delete(e.nodeClaim.name);
        break;
      case 'node-added':
      case 'node-updated': {
        const claim = this.ctx.state.claimOf(e.node);
        if (claim && claim.status.initializedAt === undefined) this.markDirty(claim.name);
        break;
      }
      default:
        break;
    }
  }

  private markDirty(name: string): void {
    this.dirty.add(name);
    this.loop.trigger();
  }

  reconcile(): number | undefined {
    const now = this.ctx.clock.now();
    const names = new Set(this.dirty);
    this.dirty.clear();
    for (const [name, at] of this.wakeAt) if (at <= now) names.add(name);
    for (const name of names) {
      this.wakeAt.delete(name);
      let next: number | undefined;
      for (const step of this.steps) {
        const claim = this.ctx.cluster.nodeClaim(name);
        if (!claim) break;
        const after = step.reconcile(claim);
        if (after !== undefined) next = next === undefined ? after : Math.min(next, after);
      }
      if (next !== undefined) this.wakeAt.set(name, now + next);
    }
    let earliest: number | undefined;
    for (const at of this.wakeAt.values()) if (earliest === undefined || at < earliest) earliest = at;
    return earliest === undefined ? undefined : Math.max(0, earliest - now);
  }
}
