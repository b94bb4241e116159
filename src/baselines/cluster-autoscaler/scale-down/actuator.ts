import type { Cluster } from '../../../cluster/cluster.js';
import type { ClusterAutoscalerOptions, DecisionSink, Pod } from '../../../model/index.js';
import { instanceIdFromProviderID, TaintKeys } from '../../../model/index.js';
import type { Clock } from '../../../sim/clock.js';
import { CaConstants } from '../constants.js';
import type { NodeGroupRegistry } from '../node-groups.js';

export interface DeletionTarget {
  readonly nodeName: string;
  readonly groupName: string;
  readonly podsToEvict: readonly Pod[];
  readonly daemonSetPods: readonly Pod[];
}

const ACTOR = 'cluster-autoscaler/scale-down';

/**
 * The scale-down actuator: budgets (at most `--max-scale-down-parallelism` nodes in deletion, of which
 * at most `--max-drain-parallelism` drained; empty nodes first), then per node: taint
 * `ToBeDeletedByClusterAutoscaler:NoSchedule`, wait `--node-delete-delay-after-taint`, evict (retry every
 * 10 s for up to 2 min; DaemonSet pods best-effort), wait for the pods to be gone (up to the longest
 * grace period, capped at `--max-graceful-termination-sec`, plus 30 s), then terminate the instance
 * with the desired capacity decremented. Any failure untaints the node and reports the failure time.
 */
export class ScaleDownActuator {
  private readonly inProgress = new Map<string, { group: string; drain: boolean }>();

  constructor(
    private readonly clock: Clock,
    private readonly cluster: Cluster,
    private readonly registry: NodeGroupRegistry,
    private readonly options: ClusterAutoscalerOptions,
    private readonly decisions: DecisionSink,
    private readonly onFailure: (at: number) => void,
  ) {}

  get deletionsInProgress(): ReadonlySet<string> {
    return new Set(this.inProgress.keys());
  }

  get drainsInProgress(): ReadonlySet<string> {
    return new Set([...this.inProgress].filter(([, v]) => v.drain).map(([k]) => k));
  }

  inFlightByGroup(): Map<string, number> {
    const m = new Map<string, number>();
    for (const v of this.inProgress.values()) m.set(v.group, (m.get(v.group) ?? 0) + 1);
    return m;
  }

  /** Crop candidates to the deletion budgets (empty nodes take priority). */
  crop<T>(empty: readonly T[], drain: readonly T[]): { empty: T[]; drain: T[] } {
    const total = Math.max(0, this.options.maxScaleDownParallelism - this.inProgress.size);
    const e = empty.slice(0, total);
    const draining = this.drainsInProgress.size;
    const d = drain.slice(0, Math.max(0, Math.min(total - e.length, this.options.maxDrainParallelism - draining)));
    return { empty: e, drain: d };
  }

  /** Begin deleting: taints now, the rest follows on the clock. */
  start(target: DeletionTarget): void {
    const node = this.cluster.node(target.nodeName);
    if (!node || this.inProgress.has(target.nodeName)) return;
    const drain = target.podsToEvict.length > 0;
    this.inProgress.set(target.nodeName, { group: target.groupName, drain });
    const now = this.clock.now();
    this.cluster.addNodeTaint(target.nodeName, { key: TaintKeys.caToBeDeleted, value: String(Math.floor(now)), effect: 'NoSchedule' });
    this.clock.schedule(this.options.nodeDeleteDelayAfterTaintSeconds, () => (drain ? this.evict(target, this.clock.now()) : this.terminate(target)));
  }

  private evict(target: DeletionTarget, startedAt: number): void {
    for (const ds of target.daemonSetPods) if (this.cluster.pod(ds.uid)) this.cluster.evictPod(ds.uid);
    const remaining = new Set(target.podsToEvict.map((p) => p.uid));
    const attempt = (): void => {
      if (!this.inProgress.has(target.nodeName)) return;
      let blockedBy: string | undefined;
      for (const uid of [...remaining]) {
        if (!this.onNode(uid, target.nodeName)) {
          remaining.delete(uid);
          continue;
        }
        const r = this.cluster.evictPod(uid);
        if (r.ok || r.reason === 'not-found') remaining.delete(uid);
        else blockedBy = r.pdb;
      }
      if (remaining.size === 0) return this.waitForPods(target);
      if (this.clock.now() - startedAt + CaConstants.evictionRetrySeconds > CaConstants.maxPodEvictionSeconds) {
        return this.fail(target, `failed to evict ${remaining.size} pods within ${CaConstants.maxPodEvictionSeconds}s (PodDisruptionBudget ${blockedBy ?? '?'})`);
      }
      this.clock.schedule(CaConstants.evictionRetrySeconds, attempt);
    };
    attempt();
  }

  private onNode(uid: string, nodeName: string): boolean {
    const pod = this.cluster.pod(uid);
    return pod !== undefined && pod.status.nodeName === nodeName && pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';
  }

  private waitForPods(target: DeletionTarget): void {
    let grace = 0;
    for (const p of target.podsToEvict) grace = Math.max(grace, Math.min(p.terminationGracePeriodSeconds, this.options.maxGracefulTerminationSeconds));
    const deadline = this.clock.now() + grace + CaConstants.podsGoneHeadroomSeconds;
    const poll = (): void => {
      if (!this.inProgress.has(target.nodeName)) return;
      const left = target.podsToEvict.filter((p) => this.onNode(p.uid, target.nodeName)).length;
      if (left === 0) return this.terminate(target);
      if (this.clock.now() >= deadline) return this.fail(target, `${left} pods still on the node after the drain timeout`);
      this.clock.schedule(CaConstants.podsGonePollSeconds, poll);
    };
    poll();
  }

  private terminate(target: DeletionTarget): void {
    const node = this.cluster.node(target.nodeName);
    if (!node) {
      this.inProgress.delete(target.nodeName);
      return;
    }
    const instanceId = instanceIdFromProviderID(node.providerID);
    this.registry.terminateInstance(target.groupName, instanceId, (result) => {
      if (!result.ok) return this.fail(target, `terminating instance ${instanceId}: ${result.error.code} ${result.error.message}`);
      this.inProgress.delete(target.nodeName);
      this.decisions.record({ at: this.clock.now(), actor: ACTOR, kind: 'scale-down-completed', node: target.nodeName, group: target.groupName, instanceId });
    });
  }

  private fail(target: DeletionTarget, reason: string): void {
    this.inProgress.delete(target.nodeName);
    if (this.cluster.node(target.nodeName)) this.cluster.removeNodeTaint(target.nodeName, TaintKeys.caToBeDeleted);
    const now = this.clock.now();
    this.onFailure(now);
    this.decisions.record({ at: now, actor: ACTOR, kind: 'scale-down-failed', node: target.nodeName, group: target.groupName, reason });
  }
}
