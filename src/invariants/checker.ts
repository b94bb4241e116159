import type { AutoScalingGroup } from '../cloud/auto-scaling.js';
import type { Cluster, ClusterEvent, ClusterWorkloads, EvictionResult } from '../cluster/cluster.js';
import { Annotations, isTerminal, type Decision, type Pod } from '../model/index.js';
import type { Clock } from '../sim/clock.js';
import { checkGroups } from './asg-bounds.js';
import { ControllerReplicas } from './controller-replicas.js';
import { DisruptionBudgetGuard } from './disruption-budgets.js';
import { interceptMethods } from './intercept.js';
import { InstanceTracker } from './instances.js';
import { NodePoolLimits } from './nodepool-limits.js';
import { PdbGuard } from './pdb-guard.js';
import { PendingReasons } from './pending-reasons.js';
import { PlacementTracker } from './placement.js';
import { checkPodTotals, PodFates, type PodFateTally } from './pod-fates.js';
import { Reporter } from './reporter.js';
import { DEFAULT_REGISTRATION_GRACE_SECONDS, DEFAULT_REGISTRATION_TIMEOUT_SECONDS, type FinishInput, type InstanceEventLike, type InvariantOptions } from './types.js';
import { InvariantCodes } from './violation.js';

/** What `finish` found, for the run's records. */
export interface InvariantSummary {
  readonly pods: PodFateTally;
  readonly instancesLaunched: number;
  /** Σ price × billed seconds / 3600 over the instances launched (billed to the horizon if running). */
  readonly expectedCostUsd: number;
}

/**
 * Always-on invariant checks for a run, fed by state changes: the cluster's watch stream (`attach`),
 * instance lifecycle events (`instanceEvent`), evictions (`guardEvictions`, or `beforeEviction` +
 * `afterEviction`), voluntary disruptions (`voluntaryDisruption`), Auto Scaling group changes
 * (`groupsChanged`), Deployment scales and Job creations (`watchWorkloads`) and the end of the run
 * (`finish`). A broken invariant throws an `InvariantViolation` (or goes to `options.onViolation`). Each
 * event costs O(1), or O(pods on the node / selected by the PDB) for bindings, evictions and
 * disruptions, plus O(controllers out of step) while a ReplicaSet or Job is short of its pods.
 *
 * Create it, attach it and hook the instance events up before anything launches or any pod is created.
 */
export class InvariantChecker {
  private readonly report: Reporter;
  private readonly placement: PlacementTracker;
  private readonly pdbs: PdbGuard;
  private readonly fates = new PodFates();
  private readonly limits: NodePoolLimits;
  private readonly instances: InstanceTracker;
  private readonly budgets: DisruptionBudgetGuard;
  private readonly controllers: ControllerReplicas;
  private readonly pendingReasons: PendingReasons;
  private cluster: Cluster | undefined;

  constructor(
    clock: Pick<Clock, 'now'>,
    private readonly options: InvariantOptions = {},
  ) {
    this.report = new Reporter(clock, options.onViolation);
    this.placement = new PlacementTracker(this.report, options.startupTaintsOf);
    this.pdbs = new PdbGuard(this.report, () => this.cluster);
    this.limits = new NodePoolLimits(this.report, options.nodePools ?? [], options.capacityOf);
    this.instances = new InstanceTracker(
      this.report,
      options.registrationTimeoutSeconds ?? DEFAULT_REGISTRATION_TIMEOUT_SECONDS,
      options.registrationGraceSeconds ?? DEFAULT_REGISTRATION_GRACE_SECONDS,
    );
    this.budgets = new DisruptionBudgetGuard(this.report, options.nodePools ?? [], options.nodePoolChanges ?? [], () => this.cluster, options.isScheduledBudgetActive);
    this.controllers = new ControllerReplicas(this.report, options.controllerGraceSeconds);
    this.pendingReasons = new PendingReasons(this.report, options.pendingReasonGraceSeconds);
  }

  /** Watch the cluster (objects already there are taken as they are, without checks). Returns the unwatch. */
  attach(cluster: Cluster): () => void {
    if (this.cluster) throw new Error('InvariantChecker is already attached to a cluster');
    this.cluster = cluster;
    const now = this.report.now();
    for (const node of cluster.nodes()) {
      this.placement.onEvent({ kind: 'node-added', node });
      this.limits.onEvent({ kind: 'node-added', node });
      this.instances.node(node.providerID, 1, now);
    }
    for (const nodeClaim of cluster.nodeClaims()) {
      this.placement.onEvent({ kind: 'nodeclaim-added', nodeClaim });
      this.limits.onEvent({ kind: 'nodeclaim-added', nodeClaim });
    }
    for (const pod of cluster.pods()) {
      this.placement.seedBound(pod);
      this.fates.onPod(pod, false);
      this.controllers.seed(pod);
    }
    return cluster.watch((e) => this.onClusterEvent(e));
  }

  /** The cluster with `evictPod` checked against PodDisruptionBudgets; hand this to the policy. */
  guardEvictions<T extends Cluster>(cluster: T): T {
    return this.pdbs.guard(cluster);
  }

  /**
   * The workload API with Deployment scales and Job creations noted, so that their controllers are held
   * to their desired pods (`CONTROLLER_REPLICAS_NOT_RESTORED`); hand this to whatever creates workloads.
   * Controllers created around it are not checked.
   */
  watchWorkloads<T extends ClusterWorkloads>(cluster: T): T {
    const scaleDeployment: ClusterWorkloads['scaleDeployment'] = (namespace, name, replicas, template) => {
      cluster.scaleDeployment(namespace, name, replicas, template);
      this.controllers.scaled(namespace, name, replicas);
    };
    const createJob: ClusterWorkloads['createJob'] = (namespace, name, template, completions, parallelism) => {
      cluster.createJob(namespace, name, template, completions, parallelism);
      this.controllers.jobCreated(namespace, name, completions, parallelism);
    };
    return interceptMethods(cluster, { scaleDeployment, createJob });
  }

  /** Without the guard: call right before the Eviction API decides on `pod`... */
  beforeEviction(pod: Pod): void {
    this.pdbs.beforeEviction(pod);
  }

  /** ...and with its answer right after. */
  afterEviction(podUid: string, result: EvictionResult): void {
    this.pdbs.afterEviction(podUid, result);
  }

  /** Every mock EC2 instance event (`MockEc2.onInstanceEvent`). */
  instanceEvent(e: InstanceEventLike): void {
    this.instances.event(e);
  }

  /**
   * The policy decided to disrupt this node voluntarily (consolidation, emptiness, drift; not expiration
   * or interruption): it must not hold a pod annotated `karpenter.sh/do-not-disrupt: "true"` that is
   * neither finished nor terminating, nor carry that annotation itself. O(pods on the node).
   */
  voluntaryDisruption(nodeName: string, reason: string): void {
    const tracked = this.placement.nodes.get(nodeName);
    if (!tracked) return;
    const fail = (what: string, objects: Record<string, string>): void =>
      this.report.violation({
        code: InvariantCodes.doNotDisrupt,
        invariant: `nodes with a ${Annotations.doNotDisrupt} pod are not disrupted voluntarily`,
        objects: { node: nodeName, ...objects },
        detail: `node ${nodeName} was disrupted (${reason}) although ${what}`,
      });
    if (tracked.node.annotations[Annotations.doNotDisrupt] === 'true') return fail(`the node is annotated ${Annotations.doNotDisrupt}`, {});
    for (const pod of tracked.pods.values()) {
      if (pod.annotations[Annotations.doNotDisrupt] !== 'true' || isTerminal(pod) || pod.status.deletionAt !== undefined) continue;
      return fail(`pod ${pod.uid} on it is annotated ${Annotations.doNotDisrupt}`, { pod: pod.uid });
    }
  }

  /**
   * Every decision the policy logs (`DecisionSink.record`), when it is made: Karpenter's disruption
   * commands, disruptions and abandoned commands are checked against the NodePools' disruption budgets.
   * O(1) for other decisions, O(nodes) for one that disrupts.
   */
  decision(d: Decision): void {
    if (this.budgets.enabled) this.budgets.decision(d);
    this.pendingReasons.decision(d);
  }

  /** The Auto Scaling groups after a change (`AutoScalingProvider.groups()`). */
  groupsChanged(groups: readonly AutoScalingGroup[]): void {
    checkGroups(this.report, groups);
  }

  /**
   * End-of-run checks: instances, controllers at their desired pods, reasons for pods still pending, pod
   * fates and totals, the ledger and the cost.
   */
  finish(horizon: number, input: FinishInput = {}): InvariantSummary {
    this.instances.finish(horizon, this.cluster !== undefined, input.ledger);
    this.controllers.finish(horizon);
    if (this.cluster) this.pendingReasons.finish(horizon, this.cluster.pendingPods());
    const pods = this.fates.tally((uid) => this.cluster?.pod(uid));
    checkPodTotals(this.report, horizon, pods, input.podTotals);
    const expectedCostUsd = this.instances.expectedCostUsd(horizon);
    const tolerance = this.options.costToleranceUsd ?? 1e-5;
    const costProblems: string[] = [];
    if (input.totalCostUsd !== undefined && Math.abs(input.totalCostUsd - expectedCostUsd) > tolerance) {
      costProblems.push(`reported total ${input.totalCostUsd} USD`);
    }
    if (input.ledger) {
      const ledgerUsd = input.ledger.reduce((s, e) => s + e.costUsd, 0);
      if (Math.abs(ledgerUsd - expectedCostUsd) > tolerance) costProblems.push(`billing ledger total ${ledgerUsd} USD`);
    }
    if (costProblems.length > 0) {
      this.report.violation({
        code: InvariantCodes.costMismatch,
        invariant: 'cost equals Σ price × billed time (per second, 60 s minimum)',
        at: horizon,
        objects: {},
        detail: `${costProblems.join(' and ')} != ${expectedCostUsd} USD from ${this.instances.size} instances launched`,
      });
    }
    return { pods, instancesLaunched: this.instances.size, expectedCostUsd };
  }

  private onClusterEvent(e: ClusterEvent): void {
    this.placement.onEvent(e);
    if (this.limits.enabled) this.limits.onEvent(e);
    this.controllers.onEvent(e);
    this.pendingReasons.onEvent(e);
    switch (e.kind) {
      case 'pod-added':
        this.fates.onPod(e.pod, false);
        this.pdbs.onPodAdded(e.pod);
        return;
      case 'pod-updated':
        this.fates.onPod(e.pod, false);
        this.pdbs.onPodUpdated(e.pod);
        return;
      case 'pod-deleted':
        this.fates.onPod(e.pod, true);
        this.pdbs.onPodDeleted(e.pod);
        return;
      case 'node-added':
        this.instances.node(e.node.providerID, 1, this.report.now());
        return;
      case 'node-deleted':
        this.instances.node(e.node.providerID, -1, this.report.now());
        this.budgets.onEvent(e);
        return;
      default:
        return;
    }
  }
}
