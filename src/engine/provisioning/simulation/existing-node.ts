import { add, fits, LabelKeys, subtract, ZERO, type Labels, type Resources } from '../../../model/index.js';
import { Requirements, untoleratedTaint } from '../../../scheduling/index.js';
import type { StateNode } from '../../state/state-node.js';
import type { DaemonSetPod } from './daemonset-overhead.js';
import type { ExistingNodeBase } from './simulation-cache.js';
import { hostPortFailure, taintFailure } from './fit-checks.js';
import type { SchedulingPod } from './scheduling-pod.js';
import type { Topology } from './topology/topology.js';
import { isWellKnown } from './well-known.js';

/** DaemonSet pods not yet on the node but due there: their requests still have to fit. */
function remainingDaemonSetOverhead(node: StateNode, labels: Labels | undefined, reqs: Requirements, daemonSets: readonly DaemonSetPod[]): Resources {
  let total: Resources = ZERO;
  for (const ds of daemonSets) {
    if (node.daemonSetNames.has(ds.daemonSet.name)) continue;
    if (untoleratedTaint(ds.spec.tolerations, node.taints) !== undefined) continue;
    const compatible = labels
      ? ds.alternatives.some((alt) => alt.matches(labels))
      : ds.alternatives.some((alt) => reqs.incompatibility(alt, isWellKnown) === undefined);
    if (compatible) total = add(total, ds.requests);
  }
  return total;
}

/**
 * An existing node (or in-flight NodeClaim) during one simulation: what is left on it, and — for an
 * unregistered claim — requirements that narrow as pods are placed (Karpenter's ExistingNode).
 */
/** An existing node's start state in a simulation: its labels or requirements, and the room left once due DaemonSet pods run. */
export function existingNodeBase(state: StateNode, daemonSets: readonly DaemonSetPod[]): ExistingNodeBase {
  let labels: Labels | undefined;
  let requirements: Requirements;
  if (state.requirements) {
    labels = undefined;
    requirements = Requirements.from(state.requirements)
      .intersect(Requirements.fromLabels(state.labels))
      .intersect(Requirements.fromLabels({ [LabelKeys.hostname]: state.hostname }));
  } else {
    labels = { ...state.labels, [LabelKeys.hostname]: state.labels[LabelKeys.hostname] ?? state.hostname };
    requirements = Requirements.fromLabels(labels);
  }
  const overhead = remainingDaemonSetOverhead(state, labels, requirements, daemonSets);
  return { labels, requirements, remaining: subtract(subtract(state.allocatable, state.requested), overhead) };
}

export class ExistingNodeSim {
  readonly labels: Labels | undefined;
  requirements: Requirements;
  remaining: Resources;
  /** Host ports in use: the StateNode's own set until a placed pod adds one (then a copy). */
  private hostPorts: ReadonlySet<number>;
  private ownHostPorts = false;

  constructor(
    readonly state: StateNode,
    private readonly base: ExistingNodeBase,
  ) {
    this.labels = base.labels;
    this.requirements = base.requirements;
    this.remaining = base.remaining;
    this.hostPorts = state.hostPortsInUse;
  }

  /** Back to the start state, for the next simulation over the same snapshot (objects are reused by a SimulationCache). */
  reset(): this {
    this.requirements = this.base.requirements;
    this.remaining = this.base.remaining;
    this.hostPorts = this.state.hostPortsInUse;
    this.ownHostPorts = false;
    return this;
  }

  get name(): string {
    return this.state.name;
  }

  /** The room it starts every simulation with. */
  get startRemaining(): Resources {
    return this.base.remaining;
  }

  /** Place the pod here if it fits; returns why not otherwise. */
  tryAdd(spod: SchedulingPod, topology: Topology): string | undefined {
    if (this.state.unschedulable) return 'node is cordoned';
    if (!fits(spod.requests, this.remaining)) return 'not enough room';
    const taint = taintFailure(spod, this.state.taints);
    if (taint) return taint;
    const port = hostPortFailure(spod, this.hostPorts);
    if (port) return port;
    const podReqs = spod.requirements();
    const labels = this.labels;
    if (labels) {
      if (!podReqs.matches(labels)) return 'node labels do not match';
    } else {
      const key = this.requirements.incompatibility(podReqs, isWellKnown);
      if (key !== undefined) return `incompatible requirement on ${key}`;
    }
    const reqs = labels || podReqs.size === 0 ? this.requirements : this.requirements.intersect(podReqs);
    const topo = topology.addRequirements(spod.terms(), spod.strictRequirements(), {
      hostname: this.state.hostname,
      requirements: reqs,
      ...(labels ? { labels } : {}),
    });
    if (!(topo instanceof Requirements)) return topo.reason;
    this.requirements = topo;
    this.remaining = subtract(this.remaining, spod.requests);
    if (spod.hostPorts.length > 0) {
      const ports = this.ownHostPorts ? (this.hostPorts as Set<number>) : new Set(this.hostPorts);
      for (const p of spod.hostPorts) ports.add(p);
      this.hostPorts = ports;
      this.ownHostPorts = true;
    }
    topology.record(spod.terms(), {
      hostname: this.state.hostname,
      requirements: this.requirements,
      taints: this.state.taints,
      ...(labels ? { labels } : {}),
    });
    return undefined;
  }
}
