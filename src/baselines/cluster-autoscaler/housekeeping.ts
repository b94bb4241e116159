import type { AutoScalingProvider } from '../../cloud/auto-scaling.js';
import type { ClusterAutoscalerOptions, DecisionSink } from '../../model/index.js';
import type { ClusterStateRegistry, CsrEvent } from './cluster-state.js';
import { CaConstants } from './constants.js';
import type { NodeGroupRegistry } from './node-groups.js';

export type Action = () => void;

const ACTOR = 'cluster-autoscaler/cluster-state';

/**
 * The cluster-state steps of `RunOnce` before any scaling: report scale-up outcomes (1.36+: a timed-out
 * scale-up also lowers the target), detect failed scaling activities at each ASG cache refresh (the AWS
 * placeholders that cannot be fulfilled: shrink the request, back off, delete the placeholders which
 * lowers the target), delete instances unregistered for longer than max-node-provision-time (above min
 * size), and fix groups whose size stayed wrong for that long. Returns the actions and whether the rest
 * of the loop is skipped.
 */
export class Housekeeping {
  private lastAsgRefresh = -Infinity;

  constructor(
    private readonly options: ClusterAutoscalerOptions,
    private readonly autoscaling: AutoScalingProvider,
    private readonly registry: NodeGroupRegistry,
    private readonly csr: ClusterStateRegistry,
    private readonly decisions: DecisionSink,
    private readonly now: () => number,
  ) {}

  run(now: number, events: readonly CsrEvent[]): { actions: Action[]; skipRest: boolean } {
    const actions: Action[] = [];
    for (const e of events) {
      this.decisions.record({ at: now, actor: ACTOR, kind: e.kind, group: e.group, increase: e.increase, ...(e.backoffUntil !== undefined ? { backoffUntil: e.backoffUntil } : {}) });
      if (e.kind === 'scale-up-timed-out' && this.options.decreaseTargetOnTimeout) {
        actions.push(() => this.lowerTarget(e.group, (t) => t - e.increase, 'timed-out scale-up'));
      }
    }
    let skipRest = false;
    if (now - this.lastAsgRefresh >= CaConstants.asgRefreshIntervalSeconds) {
      this.lastAsgRefresh = now;
      for (const g of this.registry.groups) {
        const placeholders = g.targetSize - g.instances.length;
        if (placeholders <= 0) continue;
        const since = this.registry.lastSetDesiredAt(g.name) ?? 0;
        const failed = this.autoscaling.scalingActivities(g.name, since).find((a) => a.status === 'Failed');
        if (!failed) continue;
        const code = failed.statusCode ?? 'placeholder-cannot-be-fulfilled';
        const ev = this.csr.handleCreationErrors(g.name, placeholders, code, now);
        this.decisions.record({
          at: now,
          actor: ACTOR,
          kind: 'placeholders-failed',
          group: g.name,
          placeholders,
          errorCode: code,
          description: failed.description,
          ...(ev?.backoffUntil !== undefined ? { backoffUntil: ev.backoffUntil } : {}),
        });
        const real = g.instances.length;
        actions.push(() => this.lowerTarget(g.name, () => real, 'placeholder cleanup'));
        skipRest = true;
      }
    }
    for (const g of this.registry.groups) {
      let size = g.targetSize;
      for (const id of this.csr.longUnregistered(g.name)) {
        if (size <= g.minSize) break;
        size--;
        this.decisions.record({ at: now, actor: ACTOR, kind: 'unregistered-node-removed', group: g.name, instanceId: id });
        actions.push(() => this.registry.terminateInstance(g.name, id, () => undefined));
      }
    }
    if (skipRest) return { actions, skipRest };
    for (const g of this.registry.groups) {
      const inc = this.csr.incorrectSize(g.name);
      if (!inc || inc.firstObserved + this.options.maxNodeProvisionSeconds >= now || inc.current >= inc.expected) continue;
      this.decisions.record({ at: now, actor: ACTOR, kind: 'fix-node-group-size', group: g.name, from: inc.expected, to: inc.current });
      actions.push(() => this.lowerTarget(g.name, (t) => t - (inc.expected - inc.current), 'fix node group size'));
      skipRest = true;
    }
    return { actions, skipRest };
  }

  /**
   * `DecreaseTargetSize` on AWS: only capacity without an instance (placeholders) can go; the target
   * never drops below the group's live instances.
   */
  private lowerTarget(group: string, next: (target: number) => number, why: string): void {
    const g = this.registry.group(group);
    if (!g) return;
    const live = g.instances.filter((i) => i.lifecycleState !== 'Terminating').length;
    const size = Math.max(live, Math.min(g.targetSize, next(g.targetSize)));
    if (size === g.targetSize) return;
    this.registry.setTargetSize(group, size, this.now(), (r) => {
      if (!r.ok) this.decisions.record({ at: this.now(), actor: ACTOR, kind: 'decrease-target-failed', group, reason: `${why}: ${r.error.code}` });
    });
  }
}
