import type { NodeClaim } from '../../model/index.js';
import { ACTORS } from '../options.js';
import { requestDeletion } from '../termination/request-deletion.js';
import type { LifecycleContext, LifecycleStep } from './step.js';

/**
 * Liveness: a claim not launched within the launch timeout (5 min from creation), or launched but not
 * registered within the registration timeout (15 min from launch), is deleted; its pods are planned again.
 */
export class LivenessStep implements LifecycleStep {
  readonly name = 'liveness';

  constructor(private readonly ctx: LifecycleContext) {}

  reconcile(claim: NodeClaim): number | undefined {
    const s = claim.status;
    if (s.deletionAt !== undefined || s.registeredAt !== undefined) return undefined;
    const now = this.ctx.clock.now();
    const { launchTimeoutSeconds, registrationTimeoutSeconds } = this.ctx.options;
    const [deadline, reason] =
      s.launchedAt === undefined
        ? [claim.createdAt + launchTimeoutSeconds, 'launch-timeout' as const]
        : [s.launchedAt + registrationTimeoutSeconds, 'registration-timeout' as const];
    if (now < deadline) return deadline - now;
    this.ctx.decisions.record({
      at: now,
      actor: ACTORS.lifecycle,
      kind: reason,
      reason: s.launchedAt === undefined ? `not launched within ${launchTimeoutSeconds} s` : `no node registered within ${registrationTimeoutSeconds} s of launch`,
      nodeClaim: claim.name,
      nodePool: claim.nodePoolName,
      ...(s.instanceId ? { instanceId: s.instanceId } : {}),
    });
    requestDeletion(this.ctx.clock, this.ctx.cluster, claim, reason);
    return undefined;
  }
}
