import type { AutoScalingProvider } from '../../cloud/auto-scaling.js';
import type { Cluster } from '../../cluster/cluster.js';
import type { ClusterAutoscalerOptions, DecisionSink, InstanceType, Node, NodeGroupSpec, Pod } from '../../model/index.js';
import { instanceIdFromProviderID, isDaemonSetPod } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import { NodeGroupBackoff } from './backoff.js';
import { ClusterStateRegistry } from './cluster-state.js';
import type { NodeIdentity } from './cluster-state.js';
import { CaConstants } from './constants.js';
import { ExpanderChain } from './expanders/chain.js';
import type { RandomChoice } from './expanders/expander.js';
import { Housekeeping } from './housekeeping.js';
import type { Action } from './housekeeping.js';
import { NodeGroupRegistry } from './node-groups.js';
import type { NodeGroupInfo } from './node-groups.js';
import { allPodsAreNew, byPriorityDescending, filterOutYoungPods, isExpendable, isUnschedulable } from './pending-pods.js';
import { ScaleDownActuator } from './scale-down/actuator.js';
import { PdbIndex } from './scale-down/pdb-index.js';
import { PdbTracker } from './scale-down/pdb-tracker.js';
import { ScaleDownPlanner } from './scale-down/planner.js';
import { CandidateTaintIndex, updateSoftTaints } from './scale-down/soft-taint.js';
import { NoScaleUpLog } from './scale-up/no-scale-up-log.js';
import { ScaleUpOrchestrator } from './scale-up/orchestrator.js';
import type { ScaleUpPlan } from './scale-up/orchestrator.js';
import { SchedulingSimulator, scheduleAnywhere } from './scheduling-simulator.js';
import { SnapshotCache } from './snapshot-cache.js';
import { TemplateProvider } from './snapshot-builder.js';
import type { ClusterSnapshot } from './snapshot.js';
import { nodeFromTemplate } from './template.js';
import { versionAtLeast } from './version.js';

export interface StaticAutoscalerDeps {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly autoscaling: AutoScalingProvider;
  readonly instanceTypes: readonly InstanceType[];
  readonly nodeGroups: readonly NodeGroupSpec[];
  readonly options: ClusterAutoscalerOptions;
  readonly decisions: DecisionSink;
  readonly random: RandomChoice;
}

/** What one loop decided: actions to apply once its decision time has passed, and what kind of loop it was. */
export interface LoopResult {
  readonly actions: readonly Action[];
  readonly scaledUp: boolean;
  readonly deletionStarted: boolean;
  readonly nodeCount: number;
}

/**
 * One `RunOnce` of the Cluster Autoscaler (`core/static_autoscaler.go`), reading the cluster and the
 * ASGs at `now` and returning the actions it decided.
 */
export class StaticAutoscaler {
  readonly registry: NodeGroupRegistry;
  readonly csr: ClusterStateRegistry;
  readonly actuator: ScaleDownActuator;
  readonly planner: ScaleDownPlanner;
  private readonly housekeeping: Housekeeping;
  private readonly templates: TemplateProvider;
  private readonly simulator = new SchedulingSimulator();
  private readonly scaleUp: ScaleUpOrchestrator;
  private readonly noScaleUp: NoScaleUpLog;
  /** The loop's ClusterSnapshot, kept up to date between loops. */
  readonly snapshots: SnapshotCache;
  /** Instance id and node group by providerID (the group as of registry version `version`). */
  private readonly providers = new Map<string, { readonly instanceId: string; group: string | undefined; version: number }>();
  private readonly pdbIndex: PdbIndex;
  private readonly candidateTaints: CandidateTaintIndex;
  /** The last `identify` answer, for the same Node objects and registry version. */
  private lastIdentity: { readonly nodes: readonly Node[]; readonly version: number; readonly identity: NodeIdentity } | undefined;
  private lastNodes: { readonly nodes: readonly Node[]; readonly revision: number | undefined; readonly version: number } = { nodes: [], revision: undefined, version: -1 };
  /** `--blocking-system-pod-distruption-timeout` (1.33+); undefined before. */
  private readonly blockingSystemPodSeconds: number | undefined;
  private lastScaleUpTime: number;
  private lastScaleDownDeleteTime: number;
  private lastScaleDownFailTime: number;

  constructor(private readonly deps: StaticAutoscalerDeps) {
    const { options, clock, decisions } = deps;
    this.registry = new NodeGroupRegistry(deps.autoscaling, deps.nodeGroups);
    const backoff = new NodeGroupBackoff(options.initialNodeGroupBackoffSeconds, options.maxNodeGroupBackoffSeconds, options.nodeGroupBackoffResetSeconds);
    this.csr = new ClusterStateRegistry(
      {
        maxNodeProvisionSeconds: options.maxNodeProvisionSeconds,
        maxNodeStartupSeconds: options.maxNodeStartupSeconds,
        upcomingOnlyWhileRequested: options.decreaseTargetOnTimeout,
        okTotalUnreadyCount: CaConstants.okTotalUnreadyCount,
        maxTotalUnreadyPercentage: CaConstants.maxTotalUnreadyPercentage,
      },
      backoff,
    );
    this.housekeeping = new Housekeeping(options, deps.autoscaling, this.registry, this.csr, decisions, () => clock.now());
    this.templates = new TemplateProvider(deps.instanceTypes);
    this.snapshots = new SnapshotCache(deps.cluster);
    this.pdbIndex = new PdbIndex(deps.cluster);
    this.candidateTaints = new CandidateTaintIndex(deps.cluster);
    this.blockingSystemPodSeconds = versionAtLeast(options.version, '1.33') ? CaConstants.blockingSystemPodDisruptionSeconds : undefined;
    this.noScaleUp = new NoScaleUpLog(decisions, 'cluster-autoscaler/scale-up');
    this.scaleUp = new ScaleUpOrchestrator(options, this.csr, new ExpanderChain(options.expanders, deps.random, options.priorities), decisions, this.noScaleUp);
    this.planner = new ScaleDownPlanner(options, this.simulator, decisions);
    this.actuator = new ScaleDownActuator(clock, deps.cluster, this.registry, options, decisions, (at) => {
      this.lastScaleDownFailTime = at;
    });
    const start = clock.now();
    this.lastScaleUpTime = start;
    this.lastScaleDownDeleteTime = start;
    this.lastScaleDownFailTime = start;
  }

  runOnce(now: number): LoopResult {
    const { cluster } = this.deps;
    this.registry.refresh();
    const nodes = [...cluster.nodes()];
    const identity = this.identify(nodes);
    const events = this.csr.update(now, this.registry.groups, nodes, identity, this.nodesUnchanged(nodes), this.registry.version);
    const house = this.housekeeping.run(now, events);
    const actions: Action[] = [...house.actions];
    const result = (scaledUp = false, deletionStarted = false): LoopResult => ({ actions, scaledUp, deletionStarted, nodeCount: nodes.length });
    if (house.skipRest) return result();
    if (!this.csr.isClusterHealthy()) {
      this.planner.clear(now);
      this.deps.decisions.record({ at: now, actor: 'cluster-autoscaler/cluster-state', kind: 'cluster-unhealthy', unready: this.csr.totalReadiness.unready.length });
      return result();
    }

    const groups = this.registry.groups;
    const notStarted = new Set<string>();
    const upcoming = new Map<string, number>();
    for (const g of groups) {
      const up = this.csr.upcoming(g.name, now);
      if (up.count > 0) upcoming.set(g.name, up.count);
      for (const n of up.registered) notStarted.add(n);
    }
    const { snapshot, needsTopology } = this.snapshots.acquire(nodes, identity.groupNames, notStarted);
    try {
      return this.plan(now, snapshot, needsTopology, upcoming, notStarted.size, nodes.length, actions);
    } finally {
      this.snapshots.release();
    }
  }

  /** Stop watching the cluster (the loop stopped). */
  stop(): void {
    this.snapshots.stop();
    this.pdbIndex.stop();
    this.candidateTaints.stop();
  }

  /** Same Node objects as the last loop, none changed since (per the watch), same instance → group mapping? */
  private nodesUnchanged(nodes: readonly Node[]): boolean {
    const last = this.lastNodes;
    const revision = this.snapshots.nodeRevision;
    const key = { revision, version: this.registry.version };
    const same =
      revision !== undefined &&
      revision === last.revision &&
      key.version === last.version &&
      nodes.length === last.nodes.length &&
      nodes.every((n, i) => n === last.nodes[i]);
    this.lastNodes = { nodes, ...key };
    return same;
  }

  /** Each node's instance id and node group (`GetNodeGroupForNode`), looked up once per providerID and registry change. */
  private identify(nodes: readonly Node[]): NodeIdentity {
    const version = this.registry.version;
    // Same Node objects (providerIDs never change) and registry version as last time: same answer.
    const last = this.lastIdentity;
    if (last && last.version === version && sameObjects(last.nodes, nodes)) return last.identity;
    const instanceIds: string[] = new Array<string>(nodes.length);
    const groupNames: (string | undefined)[] = new Array<string | undefined>(nodes.length);
    if (this.providers.size > 4 * nodes.length + 10_000) this.providers.clear();
    for (let i = 0; i < nodes.length; i++) {
      const providerID = nodes[i]!.providerID;
      let p = this.providers.get(providerID);
      if (!p) {
        const instanceId = instanceIdFromProviderID(providerID);
        p = { instanceId, group: this.registry.groupForInstance(instanceId), version };
        this.providers.set(providerID, p);
      } else if (p.version !== version) {
        p.group = this.registry.groupForInstance(p.instanceId);
        p.version = version;
      }
      instanceIds[i] = p.instanceId;
      groupNames[i] = p.group;
    }
    const identity = { instanceIds, groupNames };
    this.lastIdentity = { nodes, version, identity };
    return identity;
  }

  /** The rest of `RunOnce` on the snapshot: filter out schedulable pods, scale up, scale down. */
  private plan(
    now: number,
    snapshot: ClusterSnapshot,
    needsTopology: boolean,
    upcoming: ReadonlyMap<string, number>,
    notStartedCount: number,
    nodeCount: number,
    actions: Action[],
  ): LoopResult {
    const { cluster, options } = this.deps;
    const groups = this.registry.groups;
    const result = (scaledUp = false, deletionStarted = false): LoopResult => ({ actions, scaledUp, deletionStarted, nodeCount });
    const templates = this.templates.compute(now, groups, snapshot, cluster.daemonSets());
    let upcomingTotal = 0;
    for (const [name, count] of upcoming) {
      const t = templates.get(name);
      if (!t) continue;
      upcomingTotal += count;
      for (let i = 0; i < count; i++) snapshot.addNode(nodeFromTemplate(t, `template-node-for-${name}-upcoming-${i}`, 'upcoming'));
    }
    if (needsTopology) snapshot.enableTopology();

    const pending = this.podsToHelp(snapshot, now);
    let scaledUp = false;
    let scaleDownForbidden = false;
    if (pending.length > 0) {
      const ready = this.csr.totalReadiness.ready.length;
      if (options.maxNodesTotal > 0 && ready >= options.maxNodesTotal) {
        this.noScaleUp.report(now, {
          key: 'max-nodes-total',
          pods: pending,
          nodeGroups: {},
          reason: `max total nodes in cluster reached: ${options.maxNodesTotal}`,
          pendingPods: pending.length,
        });
      } else if (allPodsAreNew(pending, now)) {
        scaleDownForbidden = true;
      } else {
        const plan = this.scaleUp.plan({
          now,
          pods: pending,
          groups,
          templates,
          currentNodeCount: nodeCount - notStartedCount + upcomingTotal,
          ...(snapshot.topology ? { topology: snapshot.topology } : {}),
        });
        if (plan) {
          scaledUp = true;
          this.lastScaleUpTime = now;
          actions.push(() => this.execute(plan));
        }
      }
    }
    this.noScaleUp.endScan();
    this.simulator.dropOldHints();

    let deletionStarted = false;
    if (options.scaleDownEnabled) deletionStarted = this.scaleDown(now, snapshot, groups, scaledUp || scaleDownForbidden, actions);
    this.planner.forgetGoneNodes((name) => cluster.node(name) !== undefined, nodeCount);
    return result(scaledUp, deletionStarted);
  }

  /** Unschedulable pods that still need a new node: not expendable, not fitting existing or upcoming nodes, not young. */
  private podsToHelp(snapshot: ClusterSnapshot, now: number): Pod[] {
    const { cluster, options } = this.deps;
    const pods: Pod[] = [];
    for (const pod of cluster.pendingPods()) if (isUnschedulable(pod) && !isExpendable(pod, options.expendablePodsPriorityCutoff)) pods.push(pod);
    for (const name of this.actuator.drainsInProgress) {
      const node = snapshot.node(name);
      if (!node) continue;
      for (const p of [...node.pods.values()]) {
        if (isDaemonSetPod(p) || p.owner?.kind === 'Node' || !('status' in p)) continue;
        snapshot.removePod(p.uid, name);
        pods.push(p as Pod);
      }
    }
    const { unschedulable } = this.simulator.trySchedulePods(snapshot, byPriorityDescending(pods), scheduleAnywhere, false);
    const left = (unschedulable as Pod[]).filter((p) => !isDaemonSetPod(p));
    return filterOutYoungPods(left, options.newPodScaleUpDelaySeconds, now);
  }

  private execute(plan: ScaleUpPlan): void {
    const now = this.deps.clock.now();
    for (const inc of plan.increases) {
      const name = inc.group.name;
      const g = this.registry.group(name);
      if (!g) continue;
      const delta = inc.newSize - inc.currentSize;
      const size = Math.min(g.maxSize, g.targetSize + delta);
      if (size <= g.targetSize) continue;
      const added = size - g.targetSize;
      this.csr.registerScaleUp(name, added, now);
      this.registry.setTargetSize(name, size, now, (r) => {
        if (r.ok) return;
        const at = this.deps.clock.now();
        this.csr.registerScaleUp(name, -added, at);
        const until = this.csr.registerFailedScaleUp(name, r.error.code, at);
        this.deps.decisions.record({ at, actor: 'cluster-autoscaler/scale-up', kind: 'scale-up-failed', group: name, reason: r.error.code, backoffUntil: until });
      });
    }
  }

  private scaleDown(now: number, snapshot: ClusterSnapshot, groups: readonly NodeGroupInfo[], forbidden: boolean, actions: Action[]): boolean {
    const { cluster, options } = this.deps;
    const byName = new Map(groups.map((g) => [g.name, g]));
    const groupOf = (nodeName: string): NodeGroupInfo | undefined => {
      const n = snapshot.node(nodeName);
      return n?.groupName !== undefined ? byName.get(n.groupName) : undefined;
    };
    this.planner.update({
      now,
      snapshot,
      groupOf,
      groupsByName: byName,
      deletionsInProgress: this.actuator.deletionsInProgress,
      drainsInProgress: this.actuator.drainsInProgress,
      drain: {
        now,
        pdbs: new PdbTracker(cluster, this.pdbIndex),
        skipNodesWithSystemPods: options.skipNodesWithSystemPods,
        skipNodesWithLocalStorage: options.skipNodesWithLocalStorage,
        skipNodesWithCustomControllerPods: options.skipNodesWithCustomControllerPods,
        blockingSystemPodSeconds: this.blockingSystemPodSeconds,
      },
      // `runOnce` restores the snapshot's checkpoint right after this scale-down, which reads no pod of it.
      discardSimulation: true,
    });
    const unneededNames = new Set(this.planner.unneeded.list().map((u) => u.nodeName));
    const deleting = this.actuator.deletionsInProgress;
    actions.push(() => updateSoftTaints(cluster, unneededNames, deleting, now, this.candidateTaints.names()));
    const inCooldown =
      forbidden ||
      this.planner.unneeded.size === 0 ||
      now < this.lastScaleUpTime + options.scaleDownDelayAfterAddSeconds ||
      now < this.lastScaleDownFailTime + options.scaleDownDelayAfterFailureSeconds ||
      now < this.lastScaleDownDeleteTime + options.scaleDownDelayAfterDeleteSeconds;
    if (inCooldown) return false;
    const readyOf = (name: string): boolean => cluster.node(name)?.ready ?? false;
    const { empty, drain } = this.planner.nodesToDelete(now, groupOf, readyOf, this.actuator.inFlightByGroup());
    const chosen = this.actuator.crop(empty, drain);
    const all = [...chosen.empty, ...chosen.drain];
    if (all.length === 0) return false;
    this.lastScaleDownDeleteTime = now;
    for (const u of all) {
      const group = groupOf(u.nodeName)!;
      this.deps.decisions.record({
        at: now,
        actor: 'cluster-autoscaler/scale-down',
        kind: 'scale-down',
        node: u.nodeName,
        group: group.name,
        empty: u.removal.podsToReschedule.length === 0,
        unneededSeconds: now - u.since,
        podsToReschedule: u.removal.podsToReschedule.map((p) => p.uid),
      });
      actions.push(() =>
        this.actuator.start({ nodeName: u.nodeName, groupName: group.name, podsToEvict: u.removal.podsToReschedule, daemonSetPods: u.removal.daemonSetPods }),
      );
    }
    return true;
  }
}

function sameObjects<T>(a: readonly T[], b: readonly T[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
