import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import { isDaemonSetPod, isProvisionable, isTerminal, type DecisionSink, type InstanceType, type Pod } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import { ControllerLoop, type Controller } from '../../sim/controller-loop.js';
import type { EngineConfig } from '../config.js';
import type { InstanceTypes } from '../instance-types.js';
import { ACTORS, type KarpenterEngineOptions } from '../options.js';
import type { ClusterState } from '../state/cluster-state.js';
import type { UnavailableOfferings } from '../state/unavailable-offerings.js';
import { Batcher } from './batcher.js';
import type { Launcher } from './launcher.js';
import { NOT_REACHED, simulateScheduling, type SchedulingResult } from './simulation/index.js';

export interface ProvisionerDeps {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly state: ClusterState;
  readonly unavailable: UnavailableOfferings;
  readonly instanceTypes: InstanceTypes;
  readonly config: EngineConfig;
  readonly launcher: Launcher;
  readonly decisions: DecisionSink;
  readonly options: KarpenterEngineOptions;
}

/** Pods on a node being deleted that need a new home (not DaemonSet, not finished, not already going). */
function reschedulable(pod: Pod): boolean {
  return !isDaemonSetPod(pod) && !isTerminal(pod) && pod.status.deletionAt === undefined;
}

/**
 * Karpenter's provisioning controller: batches provisionable pods, runs the scheduler simulation over the
 * cluster state (pending pods plus the pods of nodes being deleted), creates NodeClaims for what does not
 * fit, and re-batches every 10 s while pods stay provisionable.
 */
export class Provisioner implements Controller {
  readonly name = ACTORS.provisioner;
  private readonly batcher: Batcher;
  private readonly loop: ControllerLoop;
  private readonly known = new Set<string>();
  private readonly lastReason = new Map<string, string>();
  private requeueAt: number | undefined;
  private unwatch: (() => void) | undefined;
  /** Batches run so far (for tests and run statistics). */
  batches = 0;

  constructor(private readonly deps: ProvisionerDeps) {
    this.batcher = new Batcher(deps.clock, { idleSeconds: deps.options.batchIdleSeconds, maxSeconds: deps.options.batchMaxSeconds });
    this.loop = new ControllerLoop(deps.clock, this);
  }

  start(): void {
    this.unwatch = this.deps.cluster.watch((e) => this.onEvent(e));
    for (const p of this.deps.cluster.pendingPods()) {
      if (!isProvisionable(p)) continue;
      this.known.add(p.uid);
      this.trigger(p.uid);
    }
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.loop.stop();
  }

  private onEvent(e: ClusterEvent): void {
    if (e.kind === 'pod-added' || e.kind === 'pod-updated') {
      if (isProvisionable(e.pod)) {
        if (!this.known.has(e.pod.uid)) {
          this.known.add(e.pod.uid);
          this.trigger(e.pod.uid);
        }
      } else {
        this.known.delete(e.pod.uid);
        this.lastReason.delete(e.pod.uid);
      }
    } else if (e.kind === 'pod-deleted') {
      this.known.delete(e.pod.uid);
      this.lastReason.delete(e.pod.uid);
    } else if (e.kind === 'nodeclaim-updated' && e.nodeClaim.status.deletionAt !== undefined) {
      // A node going away: plan replacement capacity for its pods now, while it drains.
      this.trigger(`nodeclaim/${e.nodeClaim.name}/deleting`);
    }
  }

  private trigger(key: string): void {
    if (!this.batcher.trigger(key)) return;
    const at = this.batcher.closesAt();
    if (at !== undefined) this.loop.wakeAfter(Math.max(0, at - this.deps.clock.now()));
  }

  reconcile(): number | undefined {
    const now = this.deps.clock.now();
    if (this.requeueAt !== undefined && now >= this.requeueAt) {
      this.requeueAt = undefined;
      for (const p of this.deps.cluster.pendingPods()) if (isProvisionable(p)) this.batcher.trigger(p.uid);
    }
    if (this.batcher.takeIfDue()) {
      this.schedule();
      if (this.anyProvisionable()) this.requeueAt = now + this.deps.options.pendingPodRequeueSeconds;
    }
    const waits = [this.batcher.closesAt(), this.requeueAt].filter((t): t is number => t !== undefined);
    return waits.length > 0 ? Math.max(0, Math.min(...waits) - now) : undefined;
  }

  private anyProvisionable(): boolean {
    for (const p of this.deps.cluster.pendingPods()) if (isProvisionable(p)) return true;
    return false;
  }

  /** One Schedule(): snapshot nodes first, then pods; plan; create NodeClaims; nominate. */
  schedule(): SchedulingResult {
    const { cluster, state, instanceTypes, unavailable, options } = this.deps;
    this.batches++;
    const pools = instanceTypes.ready(this.deps.config.nodePools());
    const typesByPool = new Map<string, readonly InstanceType[]>(pools.map((np) => [np.name, instanceTypes.forPool(np)]));
    const byClass = new Map<string, readonly InstanceType[]>();
    const stateNodes = state.stateNodes((name, claim) => {
      let list = byClass.get(claim.nodeClassName);
      if (!list) byClass.set(claim.nodeClassName, (list = instanceTypes.forNodeClass(claim.nodeClassName)));
      return instanceTypes.find(list, name);
    });
    const pods: Pod[] = [];
    for (const p of cluster.pendingPods()) if (isProvisionable(p)) pods.push(p);
    for (const n of stateNodes) if (n.markedForDeletion) for (const p of n.pods) if (reschedulable(p)) pods.push(p);
    const result = simulateScheduling(pods, stateNodes, pools, typesByPool, {
      daemonSets: cluster.daemonSets(),
      isOfferingAvailable: unavailable.isAvailable,
      maxInstanceTypes: options.maxInstanceTypes,
      preferencePolicy: options.preferencePolicy,
      maxSchedulingWork: options.solveWorkBudget,
      minValuesPolicy: options.minValuesPolicy,
    });
    this.deps.launcher.create(result.newNodeClaims);
    for (const placement of result.existingNodePlacements) {
      if (placement.pod.status.nodeName === undefined) cluster.nominatePod(placement.pod.uid, placement.nodeName);
      state.nominate(placement.nodeName, [placement.pod.uid]);
    }
    this.recordUnschedulable(result);
    return result;
  }

  private recordUnschedulable(result: SchedulingResult): void {
    const exhausted = result.budgetExhausted;
    if (exhausted) {
      // Karpenter logs its Solve() timeout once; the pods not reached stay pending and the next batch
      // (the 10 s requeue) takes them.
      this.deps.decisions.record({
        at: this.deps.clock.now(),
        actor: ACTORS.provisioner,
        kind: 'scheduling-budget-exhausted',
        reason: `scheduling simulation stopped after ${exhausted.work} checks (budget ${this.deps.options.solveWorkBudget}); ${exhausted.podsNotReached} pods left for the next batch`,
        work: exhausted.work,
        podsNotReached: exhausted.podsNotReached,
      });
    }
    for (const u of result.unschedulable) {
      if (u.reason === NOT_REACHED) continue;
      if (this.lastReason.get(u.pod.uid) === u.reason) continue;
      this.lastReason.set(u.pod.uid, u.reason);
      this.deps.decisions.record({ at: this.deps.clock.now(), actor: ACTORS.provisioner, kind: 'pod-unschedulable', reason: u.reason, pod: u.pod.name });
    }
  }
}
