import type { ClusterAutoscalerOptions, DecisionSink } from '../../../model/index.js';
import { isDaemonSetPod, TaintKeys } from '../../../model/index.js';
import { CaConstants } from '../constants.js';
import type { NodeGroupInfo } from '../node-groups.js';
import type { SchedulingSimulator } from '../scheduling-simulator.js';
import { scheduleAnywhere } from '../scheduling-simulator.js';
import type { ClusterSnapshot, SnapshotNode, SnapshotPod } from '../snapshot.js';
import type { DrainContext } from './drainability.js';
import { simulateNodeRemoval } from './removal-simulator.js';
import type { NodeToRemove } from './removal-simulator.js';
import { UnneededNodes } from './unneeded.js';
import type { UnneededNode } from './unneeded.js';
import { nodeUtilization } from './utilization.js';
import type { UtilizationInfo } from './utilization.js';

export interface PlannerInput {
  readonly now: number;
  readonly snapshot: ClusterSnapshot;
  readonly groupOf: (nodeName: string) => NodeGroupInfo | undefined;
  /** Node groups by name (a snapshot node's `groupName`). */
  readonly groupsByName: ReadonlyMap<string, NodeGroupInfo>;
  /** Nodes being deleted now (tainted, draining or terminating), and the subset being drained. */
  readonly deletionsInProgress: ReadonlySet<string>;
  readonly drainsInProgress: ReadonlySet<string>;
  readonly drain: DrainContext;
  /**
   * The snapshot is inside a checkpoint that is restored once the planner is done and nothing reads its
   * pods before that: the simulated moves are left for the restore to undo (`ClusterSnapshot.discard`)
   * instead of being reverted one by one.
   */
  readonly discardSimulation?: boolean;
}

const ACTOR = 'cluster-autoscaler/scale-down';

/** `ineligibility`'s answer for a node above the utilization threshold (details in `lastUtilization`). */
const NOT_UNDERUTILIZED = Symbol('NotUnderutilized');
const NOT_UNDERUTILIZED_SUFFIX = '(NotUnderutilized)';

function hasTaint(node: SnapshotNode, key: string): boolean {
  const taints = node.taints;
  for (let i = 0; i < taints.length; i++) if (taints[i]!.key === key) return true;
  return false;
}

function movablePods(node: SnapshotNode): boolean {
  for (const p of node.pods.values()) if (!isDaemonSetPod(p) && p.owner?.kind !== 'Node') return true;
  return false;
}

/**
 * The scale-down planner (`planner.UpdateClusterState` / `NodesToDelete`): finds unneeded nodes among
 * the candidates (groups above min size, utilization at or under the threshold, not recently found
 * unremovable), simulates their removal greedily (empty nodes first, then previously unneeded ones),
 * keeps unneeded timers, and says which nodes may go now.
 */
export class ScaleDownPlanner {
  readonly unneeded = new UnneededNodes();
  private readonly unremovableUntil = new Map<string, number>();
  private readonly lastReason = new Map<string, string>();
  /** Nodes whose last reason ends with NOT_UNDERUTILIZED_SUFFIX. */
  private readonly notUnderutilized = new Set<string>();
  /** The utilization and threshold behind the last NOT_UNDERUTILIZED answer. */
  private lastUtilization: UtilizationInfo | undefined;
  private readonly utilizationScratch = { cpu: 0, memory: 0, gpu: 0, utilization: 0, resource: 'cpu' as UtilizationInfo['resource'] };
  private lastThreshold = 0;

  constructor(
    private readonly options: ClusterAutoscalerOptions,
    private readonly simulator: SchedulingSimulator,
    private readonly decisions: DecisionSink,
  ) {}

  update(input: PlannerInput): void {
    const { now, snapshot } = input;
    snapshot.fork();
    try {
      this.injectDrainedPods(input);
      // Destinations for moved pods: registered nodes not being deleted, less those found removable so far.
      const deleting = input.deletionsInProgress;
      const removed = new Set<string>();
      const isDestination = (n: SnapshotNode): boolean => n.kind === 'registered' && !removed.has(n.name) && !deleting.has(n.name);
      const candidates: SnapshotNode[] = [];
      const candidateGroups: NodeGroupInfo[] = [];
      const nodes = snapshot.nodes;
      for (let i = 0; i < nodes.length; i++) {
        const node = nodes[i]!;
        if (node.kind !== 'registered' || input.deletionsInProgress.has(node.name)) continue;
        const group = node.groupName !== undefined ? input.groupsByName.get(node.groupName) : undefined;
        if (!group || group.targetSize <= group.minSize) continue;
        if (hasTaint(node, TaintKeys.caToBeDeleted)) continue;
        candidates.push(node);
        candidateGroups.push(group);
      }
      for (const [name, until] of this.unremovableUntil) if (until <= now) this.unremovableUntil.delete(name);
      const eligible: SnapshotNode[] = [];
      for (let i = 0; i < candidates.length; i++) {
        const node = candidates[i]!;
        const reason = this.ineligibility(node, candidateGroups[i]!, now);
        if (reason === undefined) eligible.push(node);
        else if (reason === NOT_UNDERUTILIZED) this.noteNotUnderutilized(node.name, now);
        else this.noteUnremovable(node.name, reason, now);
      }
      const rank = (n: SnapshotNode): number => (!movablePods(n) ? 0 : this.unneeded.has(n.name) ? 1 : 2);
      const ordered = eligible.map((n, i) => ({ n, i, r: rank(n) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.n);
      const removable: NodeToRemove[] = [];
      const limit = this.unneededLimit();
      for (const node of ordered) {
        if (removable.length >= limit) break;
        const result = simulateNodeRemoval(snapshot, this.simulator, node.name, isDestination, input.drain);
        if (result.removable) {
          removed.add(node.name);
          removable.push(result.removable);
          this.forgetReason(node.name);
        } else {
          this.unremovableUntil.set(node.name, now + CaConstants.unremovableNodeRecheckSeconds);
          this.noteUnremovable(node.name, result.unremovable.reason, now);
        }
      }
      const { entered, left } = this.unneeded.update(removable, now);
      for (const name of entered) {
        const r = removable.find((x) => x.nodeName === name)!;
        this.decisions.record({ at: now, actor: ACTOR, kind: 'node-unneeded', node: name, group: input.groupOf(name)?.name, podsToReschedule: r.podsToReschedule.length });
      }
      for (const name of left) this.decisions.record({ at: now, actor: ACTOR, kind: 'node-needed-again', node: name });
    } finally {
      if (input.discardSimulation === true) snapshot.discard();
      else snapshot.revert();
    }
  }

  /** Nodes whose last unremovable reason is remembered (for tests and inspection). */
  get rememberedReasons(): number {
    return this.lastReason.size;
  }

  /**
   * Drop the remembered reasons of nodes that left the cluster (`exists` says which are in it; a node that
   * is only left out of the snapshot, e.g. registered but not started, keeps its reason). Does nothing
   * until the reasons outnumber twice `nodeCount`, the cluster's size, so a call costs O(1) amortized per
   * reason recorded and the map stays within a few times the cluster's size however long the run.
   */
  forgetGoneNodes(exists: (nodeName: string) => boolean, nodeCount: number): void {
    if (this.lastReason.size <= 2 * nodeCount) return;
    for (const name of this.lastReason.keys()) {
      if (exists(name)) continue;
      this.lastReason.delete(name);
      this.notUnderutilized.delete(name);
    }
  }

  /** Forget all unneeded nodes (cluster unhealthy). */
  clear(now: number): void {
    for (const name of this.unneeded.clear()) this.decisions.record({ at: now, actor: ACTOR, kind: 'node-needed-again', node: name, reason: 'unneeded nodes cleared' });
  }

  /** Why a candidate is not eligible (NOT_UNDERUTILIZED: its reason string is built only when the reason changes). */
  private ineligibility(node: SnapshotNode, group: NodeGroupInfo, now: number): string | typeof NOT_UNDERUTILIZED | undefined {
    if (node.scaleDownDisabled) return 'annotated scale-down-disabled (ScaleDownDisabledAnnotation)';
    if (this.unremovableUntil.has(node.name)) return this.lastReason.get(node.name) ?? 'recently unremovable';
    const u = nodeUtilization(node, this.options.ignoreDaemonSetsUtilization, now, this.utilizationScratch);
    const threshold = u.resource === 'gpu' ? this.options.scaleDownGpuUtilizationThreshold : (group.spec?.scaleDownUtilizationThreshold ?? this.options.scaleDownUtilizationThreshold);
    if (u.utilization <= threshold) return undefined;
    this.lastUtilization = u;
    this.lastThreshold = threshold;
    return NOT_UNDERUTILIZED;
  }

  /** Record NotUnderutilized when the node first became so. */
  private noteNotUnderutilized(node: string, now: number): void {
    if (this.notUnderutilized.has(node)) return;
    const u = this.lastUtilization!;
    this.noteUnremovable(node, `utilization ${u.resource} ${u.utilization.toFixed(3)} above threshold ${this.lastThreshold} ${NOT_UNDERUTILIZED_SUFFIX}`, now);
  }

  private forgetReason(node: string): void {
    this.lastReason.delete(node);
    this.notUnderutilized.delete(node);
  }

  /** Record an unremovable node when its reason changed. */
  private noteUnremovable(node: string, reason: string, now: number): void {
    const last = this.lastReason.get(node);
    if (last === reason) return;
    this.lastReason.set(node, reason);
    if (reason.endsWith(NOT_UNDERUTILIZED_SUFFIX)) this.notUnderutilized.add(node);
    else this.notUnderutilized.delete(node);
    this.decisions.record({ at: now, actor: ACTOR, kind: 'node-unremovable', node, reason });
  }

  /** `unneededNodesLimit`: min(unneeded + 2n, n·(unneededTime / scanInterval) + n), n = max parallelism. */
  private unneededLimit(): number {
    const n = this.options.maxScaleDownParallelism;
    const loop = Math.max(this.options.scanIntervalSeconds, 1e-9);
    const u = Math.max(this.options.scaleDownUnneededSeconds, loop);
    return Math.min(this.unneeded.size + 2 * n, n * Math.floor(u / loop) + n);
  }

  /** Pods of nodes being drained are placed elsewhere first: they will need room. */
  private injectDrainedPods(input: PlannerInput): void {
    const pods: SnapshotPod[] = [];
    for (const name of input.drainsInProgress) {
      const node = input.snapshot.node(name);
      if (!node) continue;
      for (const p of [...node.pods.values()]) {
        if (isDaemonSetPod(p) || p.owner?.kind === 'Node') continue;
        input.snapshot.removePod(p.uid, name);
        pods.push(p);
      }
    }
    if (pods.length > 0) this.simulator.trySchedulePods(input.snapshot, pods, scheduleAnywhere, false);
  }

  /**
   * `NodesToDelete`: unneeded nodes whose timer ran out (unneeded time, or unready time for unready
   * nodes, per-group overrides honoured), keeping each group above its min size counting deletions in
   * flight. Empty nodes (nothing to reschedule) and nodes needing a drain are returned apart.
   */
  nodesToDelete(now: number, groupOf: (nodeName: string) => NodeGroupInfo | undefined, readyOf: (nodeName: string) => boolean, inFlightByGroup: ReadonlyMap<string, number>): { empty: UnneededNode[]; drain: UnneededNode[] } {
    const empty: UnneededNode[] = [];
    const drain: UnneededNode[] = [];
    const chosen = new Map<string, number>();
    for (const u of this.unneeded.list()) {
      const group = groupOf(u.nodeName);
      if (!group) continue;
      const wait = readyOf(u.nodeName) ? (group.spec?.scaleDownUnneededSeconds ?? this.options.scaleDownUnneededSeconds) : this.options.scaleDownUnreadySeconds;
      if (u.since + wait > now) continue;
      const after = group.targetSize - (inFlightByGroup.get(group.name) ?? 0) - (chosen.get(group.name) ?? 0);
      if (after <= group.minSize) {
        this.noteUnremovable(u.nodeName, 'node group min size reached (NodeGroupMinSizeReached)', now);
        continue;
      }
      chosen.set(group.name, (chosen.get(group.name) ?? 0) + 1);
      (u.removal.podsToReschedule.length === 0 ? empty : drain).push(u);
    }
    return { empty, drain };
  }
}
