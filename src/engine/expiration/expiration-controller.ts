import type { Cluster } from '../../cluster/cluster.js';
import type { NodeClaim } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import { ControllerLoop, type Controller } from '../../sim/controller-loop.js';
import { DISRUPTION_ACTORS, type DisruptionDecisions } from '../disruption/decisions.js';
import type { EngineConfigView, NodeClaimTerminator } from '../disruption/ports.js';
import type { ClusterState } from '../state/cluster-state.js';

export interface ExpirationDeps {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly state: ClusterState;
  readonly config: EngineConfigView;
  readonly terminator: NodeClaimTerminator;
  readonly decisions: DisruptionDecisions;
}

/**
 * Karpenter's expiration: a NodeClaim is deleted once it is `expireAfter` old (its NodePool's setting; Never
 * when unset) — forcefully, without budgets and without launching a replacement first (the provisioner
 * replaces the pods of the deleting node). Sleeps until the next NodeClaim expires.
 */
export class ExpirationController implements Controller {
  readonly name = 'expiration';
  private readonly loop: ControllerLoop;
  private unwatch: (() => void) | undefined;

  constructor(private readonly deps: ExpirationDeps) {
    this.loop = new ControllerLoop(deps.clock, this);
  }

  start(): void {
    this.unwatch = this.deps.cluster.watch((e) => {
      if (e.kind !== 'nodeclaim-added') return;
      const at = this.expiresAt(e.nodeClaim);
      if (at !== undefined) this.loop.wakeAfter(Math.max(0, at - this.deps.clock.now()));
    });
    this.loop.start(0);
  }

  stop(): void {
    this.unwatch?.();
    this.loop.stop();
  }

  /** Call after a configuration change (expireAfter may have changed). */
  configChanged(): void {
    this.loop.trigger();
  }

  expiresAt(claim: NodeClaim): number | undefined {
    const seconds = this.deps.config.nodePool(claim.nodePoolName)?.expireAfterSeconds;
    return seconds === undefined ? undefined : claim.createdAt + seconds;
  }

  reconcile(): number | undefined {
    const { cluster, clock, state, terminator, decisions } = this.deps;
    const now = clock.now();
    let next = Infinity;
    for (const claim of [...cluster.nodeClaims()]) {
      if (claim.status.deletionAt !== undefined) continue;
      const at = this.expiresAt(claim);
      if (at === undefined) continue;
      if (now < at) {
        next = Math.min(next, at);
        continue;
      }
      const node = state.nodeOf(claim);
      terminator.delete(claim.name, 'expiration');
      decisions.disruption(DISRUPTION_ACTORS.expiration, {
        reason: 'expiration',
        decision: 'delete',
        nodes: [node?.name ?? claim.status.nodeName ?? claim.name],
        nodeClaims: [claim.name],
        nodePools: [claim.nodePoolName],
        instanceTypes: claim.status.instanceType !== undefined ? [claim.status.instanceType] : [],
        replacements: [],
        savingsPerHour: 0,
      });
    }
    return next === Infinity ? undefined : next - now;
  }
}
