import type { ClusterAutoscalerOptions, DecisionSink } from '../../../model/index.js';
import { checkFit } from '../../../scheduling/index.js';
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

/**
 * The scale-up orchestrator (`orchestrator.ScaleUp`): group the pods into equivalence groups, drop node
 * groups that cannot be used (backoff, unhealthy, at max size, no template), test one sample pod of each
 * equivalence group against each group's template, estimate nodes per group with the binpacking
 * estimator, choose one option with the expander chain, cap it, and split it across similar groups
 * (water-filling; a single group when balancing is off). Returns the plan; does not execute it.
 */
export class ScaleUpOrchestrator {
  constructor(
    private readonly options: ClusterAutoscalerOptions,
    private readonly csr: ClusterStateRegistry,
    private readonly expanders: ExpanderChain,
    private readonly decisions: DecisionSink,
  ) {}

  plan(input: ScaleUpInput): ScaleUpPlan | undefined {
    const { now, templates } = input;
    const podGroups = buildPodEquivalenceGroups(input.pods, CaConstants.maxEquivalenceGroupsByController);
    const skipped: Record<string, string> = {};
    const valid: { group: NodeGroupInfo; template: NodeTemplate; schedulable: PodEquivalenceGroup[] }[] = [];
    for (const group of input.groups) {
      const template = templates.get(group.name);
      if (!template) {
        skipped[group.name] = 'no template node (unknown instance type)';
        continue;
      }
      const safety = this.csr.isSafeToScaleUp(group.name, group.minSize, now);
      if (!safety.safe) {
        skipped[group.name] = safety.reason ?? 'not safe to scale up';
        continue;
      }
      if (group.targetSize >= group.maxSize) {
        skipped[group.name] = 'max node group size reached';
        continue;
      }
      const probe = nodeFromTemplate(template, `template-node-for-${group.name}`, 'estimate');
      const topo = input.topology;
      if (topo) {
        topo.upsertNode(probe.name, probe.labels, probe.taints);
        for (const p of probe.pods.values()) topo.addPod(p.uid, p, probe.name);
      }
      const schedulable = podGroups.filter((g) => checkFit(g.sample, probe, topo) === undefined);
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

    if (options.length === 0) {
      this.decisions.record({ at: now, actor: ACTOR, kind: 'no-scale-up', reason: 'no node group can help', pendingPods: input.pods.length, skipped });
      return undefined;
    }
    const choice = this.expanders.choose(options);
    const best = choice.best!;
    let newNodes = best.nodeCount;
    if (newNodes > clusterRoom) newNodes = clusterRoom;
    const increases = newNodes > 0 ? balanceScaleUp([best.group, ...(similar.get(best.group.name) ?? [])], newNodes) : [];
    this.decisions.record({
      at: now,
      actor: ACTOR,
      kind: increases.length > 0 ? 'scale-up' : 'no-scale-up',
      reason: increases.length > 0 ? `${input.pods.length} unschedulable pods` : 'capped to zero nodes',
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
    return increases.length > 0 ? { increases, option: best } : undefined;
  }
}
