import type { ClusterAutoscalerOptions, DecisionSink } from '../../../model/index.js';
import { checkFit, describeFailure } from '../../../scheduling/index.js';
import type { TopologyIndex } from '../../../scheduling/index.js';
import type { ClusterStateRegistry } from '../cluster-state.js';
import { CaConstants } from '../constants.js';
import type { ExpanderChain } from '../expanders/chain.js';
import type { ExpansionOption } from '../expanders/expander.js';
import type { NodeGroupInfo } from '../node-groups.js';
import { buildPodEquivalenceGroups } from '../pod-equivalence.js';
import type { PodEquivalenceGroup } from '../pod-equivalence.js';
import type { SnapshotPod } from '../snapshot.js';
import type { NodeTemplate } from '../template.js';
import { nodeFromTemplate } from '../template.js';
import { balanceScaleUp, templatesSimilar } from './balance.js';
import type { BalancedIncrease } from './balance.js';
import { estimate } from './estimator.js';
import { notTriggerScaleUpMessage } from './no-scale-up-log.js';
import type { NoScaleUpLog } from './no-scale-up-log.js';

export interface ScaleUpInput {
  readonly now: number;
  /** Pending pods still needing help after filtering (unschedulable, not expendable, not young). */
  readonly pods: readonly SnapshotPod[];
  readonly groups: readonly NodeGroupInfo[];
  readonly templates: ReadonlyMap<string, NodeTemplate>;
  /** Registered nodes plus upcoming nodes, cluster-wide (for `--max-nodes-total`). */
  readonly currentNodeCount: number;
  /** The snapshot's topology index, when some pod needs topology checks. */
  readonly topology?: TopologyIndex;
}

export interface ScaleUpPlan {
  readonly increases: readonly BalancedIncrease[];
  readonly option: ExpansionOption;
}

const ACTOR = 'cluster-autoscaler/scale-up';

/** CA's skip reasons (`orchestrator.go`: NotReadyReason, BackoffReason, MaxLimitReachedReason). */
export const SkipReasons = {
  notReady: 'not ready for scale-up',
  backoff: 'in backoff after failed scale-up',
  maxSize: 'max node group size reached',
} as const;

/**
 * The scale-up orchestrator (`orchestrator.ScaleUp`): group the pods into equivalence groups, drop node
 * groups that cannot be used (backoff, unhealthy, at max size, no template), test one sample pod of each
 * equivalence group against each group's template, estimate nodes per group with the binpacking
 * estimator, choose one option with the expander chain, cap it, and split it across similar groups
 * (water-filling; a single group when balancing is off). Returns the plan; does not execute it.
 *
 * Pods no node group can help are reported to the `NoScaleUpLog` (CA's NotTriggerScaleUp), one outcome
 * per equivalence group with each node group's reason: its skip reason, else the predicate its template
 * fails. As in CA (`GetRemainingPods`), a loop that scales up reports the groups that fit no usable
 * template; a loop with no expansion option reports every group.
 */
export class ScaleUpOrchestrator {
  constructor(
    private readonly options: ClusterAutoscalerOptions,
    private readonly csr: ClusterStateRegistry,
    private readonly expanders: ExpanderChain,
    private readonly decisions: DecisionSink,
    private readonly noScaleUp: NoScaleUpLog,
  ) {}

  plan(input: ScaleUpInput): ScaleUpPlan | undefined {
    const { now, templates } = input;
    const podGroups = buildPodEquivalenceGroups(input.pods, CaConstants.maxEquivalenceGroupsByController);
    const skipped: Record<string, string> = {};
    /** Node groups dropped before the predicates (no template, unsafe, at max size). */
    const groupSkipped: Record<string, string> = {};
    /** Per equivalence group: node group → the predicate its template fails. */
    const rejected = new Map<PodEquivalenceGroup, Record<string, string>>();
    /** Equivalence groups that fit the template of some usable node group (CA's `eg.Schedulable`). */
    const helpable = new Set<PodEquivalenceGroup>();
    /** Node groups in backoff → the error that started it. */
    const backoffErrorCodes: Record<string, string> = {};
    const skipGroup = (name: string, reason: string): void => {
      skipped[name] = reason;
      groupSkipped[name] = reason;
    };
    const valid: { group: NodeGroupInfo; template: NodeTemplate; schedulable: PodEquivalenceGroup[] }[] = [];
    for (const group of input.groups) {
      const template = templates.get(group.name);
      if (!template) {
        skipGroup(group.name, 'no template node (unknown instance type)');
        continue;
      }
      const safety = this.csr.isSafeToScaleUp(group.name, group.minSize, now);
      if (!safety.safe) {
        if (safety.backoffErrorCode !== undefined) backoffErrorCodes[group.name] = safety.backoffErrorCode;
        skipGroup(group.name, safety.backoffErrorCode !== undefined ? SkipReasons.backoff : SkipReasons.notReady);
        continue;
      }
      if (group.targetSize >= group.maxSize) {
        skipGroup(group.name, SkipReasons.maxSize);
        continue;
      }
      const probe = nodeFromTemplate(template, `template-node-for-${group.name}`, 'estimate');
      const topo = input.topology;
      if (topo) {
        topo.upsertNode(probe.name, probe.labels, probe.taints);
        for (const p of probe.pods.values()) topo.addPod(p.uid, p, probe.name);
      }
      const schedulable: PodEquivalenceGroup[] = [];
      for (const g of podGroups) {
        const failure = checkFit(g.sample, probe, topo);
        if (failure === undefined) {
          schedulable.push(g);
          helpable.add(g);
          continue;
        }
        let reasons = rejected.get(g);
        if (!reasons) rejected.set(g, (reasons = {}));
        reasons[group.name] = describeFailure(failure);
      }
      if (topo) {
        for (const uid of probe.pods.keys()) topo.removePod(uid);
        topo.removeNode(probe.name);
      }
      if (schedulable.length === 0) {
        skipped[group.name] = 'no pending pod fits its template';
        continue;
      }
      valid.push({ group, template, schedulable });
    }

    const similarOf = (v: (typeof valid)[number]): NodeGroupInfo[] => {
      if (!this.options.balanceSimilarNodeGroups) return [];
      const keys = new Set(v.schedulable.map((g) => g.key));
      return valid
        .filter((o) => o !== v && templatesSimilar(o.template, v.template))
        .filter((o) => {
          const theirs = new Set(o.schedulable.map((g) => g.key));
          for (const k of keys) if (!theirs.has(k)) return false;
          return true;
        })
        .map((o) => o.group);
    };

    const clusterRoom = this.options.maxNodesTotal > 0 ? this.options.maxNodesTotal - input.currentNodeCount : Infinity;
    const options: ExpansionOption[] = [];
    const similar = new Map<string, NodeGroupInfo[]>();
    for (const v of valid) {
      const sims = similarOf(v);
      similar.set(v.group.name, sims);
      const headroom = [v.group, ...sims].reduce((s, g) => s + Math.max(0, g.maxSize - g.targetSize), 0);
      const maxNodes = Math.min(this.options.maxNodesPerScaleUp, headroom, clusterRoom);
      if (maxNodes <= 0) {
        skipped[v.group.name] = 'max-nodes-total reached';
        continue;
      }
      const est = estimate(v.schedulable, v.template, maxNodes, input.topology);
      if (est.nodeCount > 0 && est.pods.length > 0) {
        options.push({ group: v.group, template: v.template, nodeCount: est.nodeCount, pods: est.pods });
      } else skipped[v.group.name] = 'estimator placed no pod';
    }

    /** Each node group's reason for not helping `g`: its skip reason, else its predicate failure, else `later`. */
    const report = (g: PodEquivalenceGroup, later: Readonly<Record<string, string>>): void => {
      const nodeGroups: Record<string, string> = {};
      for (const group of input.groups) {
        const why = groupSkipped[group.name] ?? rejected.get(g)?.[group.name] ?? later[group.name];
        if (why !== undefined) nodeGroups[group.name] = why;
      }
      this.noScaleUp.report(now, {
        key: g.key,
        pods: g.pods,
        nodeGroups,
        reason: notTriggerScaleUpMessage(nodeGroups),
        pendingPods: input.pods.length,
        backoffErrorCodes,
      });
    };

    if (options.length === 0) {
      for (const g of podGroups) report(g, skipped);
      return undefined;
    }
    const choice = this.expanders.choose(options);
    const best = choice.best!;
    let newNodes = best.nodeCount;
    if (newNodes > clusterRoom) newNodes = clusterRoom;
    const increases = newNodes > 0 ? balanceScaleUp([best.group, ...(similar.get(best.group.name) ?? [])], newNodes) : [];
    if (increases.length === 0) {
      const later: Record<string, string> = { ...skipped };
      for (const o of options) later[o.group.name] ??= 'capped to zero nodes';
      for (const g of podGroups) report(g, later);
      return undefined;
    }
    this.decisions.record({
      at: now,
      actor: ACTOR,
      kind: 'scale-up',
      reason: `${input.pods.length} unschedulable pods`,
      chosenGroup: best.group.name,
      instanceType: best.template.instanceType,
      nodeCount: increases.reduce((s, i) => s + i.newSize - i.currentSize, 0),
      estimatedNodeCount: best.nodeCount,
      podsHelped: best.pods.length,
      pendingPods: input.pods.length,
      increases: increases.map((i) => ({ group: i.group.name, from: i.currentSize, to: i.newSize })),
      options: options.map((o) => ({ group: o.group.name, instanceType: o.template.instanceType, nodeCount: o.nodeCount, pods: o.pods.length })),
      expanders: choice.steps,
      tieBroken: choice.tieBroken,
      skipped,
    });
    for (const g of podGroups) if (!helpable.has(g)) report(g, {});
    return { increases, option: best };
  }
}
