import type { Cluster } from '../../cluster/cluster.js';
import { Annotations, LabelKeys, type CapacityType, type InstanceType, type Node, type NodeClaim, type NodePool, type Pod } from '../../model/index.js';
import type { StateNode } from '../state/state-node.js';
import { isReschedulable, rescheduleDisruptionCost, savingsRatio } from './disruption-cost.js';
import { parseGoDurationSeconds } from './duration.js';
import type { PodEvents } from './pod-events.js';
import type { EngineConfigView, InstanceTypeSource } from './ports.js';

/** Why a candidate may not be disrupted gracefully. */
export interface CandidateBlock {
  readonly rejection: 'do-not-disrupt' | 'pdb';
  readonly message: string;
  /** When a do-not-disrupt duration runs out (the block may lift then). */
  readonly until?: number;
}

/** A node disruption may act on, with what the methods need to rank and simulate it. */
export interface Candidate {
  readonly name: string;
  readonly stateNode: StateNode;
  readonly node: Node;
  readonly nodeClaim: NodeClaim;
  readonly nodePool: NodePool;
  readonly instanceType: InstanceType;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** Price of the node's own offering (type, zone, capacity type). */
  readonly pricePerHour: number;
  readonly reschedulablePods: readonly Pod[];
  readonly disruptionCost: number;
  readonly savingsRatio: number;
  /** No reschedulable pods. */
  readonly empty: boolean;
  /** consolidateAfter has passed since the last pod event (or initialization); false when consolidateAfter is Never. */
  readonly consolidatable: boolean;
  /** When it becomes consolidatable if nothing changes (undefined: already is, or never). */
  readonly consolidatableAt?: number;
  readonly drifted: boolean;
  readonly driftedAt?: number;
  /** Set when do-not-disrupt or a PodDisruptionBudget forbids a graceful disruption now. */
  readonly block?: CandidateBlock;
}

export interface CandidateInputs {
  readonly now: number;
  readonly stateNodes: readonly StateNode[];
  readonly cluster: Cluster;
  readonly config: EngineConfigView;
  readonly instanceTypes: InstanceTypeSource;
  readonly podEvents: PodEvents;
  readonly nominationWindowSeconds: number;
  /** Nodes already in a disruption command. */
  readonly inFlight: ReadonlySet<string>;
}

/** Highest savings ratio (price per unit of disruption) first, then by name. */
export function compareCandidates(a: Candidate, b: Candidate): number {
  return b.savingsRatio - a.savingsRatio || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

function doNotDisruptUntil(pod: Pod): number | undefined {
  const value = pod.annotations[Annotations.doNotDisrupt];
  if (value === undefined) return undefined;
  if (value === 'true') return Infinity;
  const seconds = parseGoDurationSeconds(value);
  if (seconds === undefined) return undefined;
  return (pod.status.startedAt ?? pod.status.boundAt ?? pod.createdAt) + seconds;
}

/** What a node's pods say about disrupting it, worked out once per StateNode (a StateNode is rebuilt when its pods change). */
interface NodePods {
  readonly reschedulable: readonly Pod[];
  readonly disruptionCost: number;
  /** Pods (not terminating) with a do-not-disrupt annotation, in pod order, with when it runs out. */
  readonly doNotDisrupt: readonly { readonly pod: Pod; readonly until: number }[];
}

const podsOfStateNode = new WeakMap<StateNode, NodePods>();

function nodePods(n: StateNode): NodePods {
  let out = podsOfStateNode.get(n);
  if (out) return out;
  // StateNode.pods are the node's non-terminal pods, in the cluster's order.
  const reschedulable = n.pods.filter(isReschedulable);
  const doNotDisrupt: { pod: Pod; until: number }[] = [];
  for (const p of n.pods) {
    if (p.status.deletionAt !== undefined) continue;
    const until = doNotDisruptUntil(p);
    if (until !== undefined) doNotDisrupt.push({ pod: p, until });
  }
  out = { reschedulable, disruptionCost: rescheduleDisruptionCost(reschedulable), doNotDisrupt };
  podsOfStateNode.set(n, out);
  return out;
}

function blockOf(node: Node, pods: NodePods, cluster: Cluster, anyPdb: boolean, now: number): CandidateBlock | undefined {
  if (node.annotations[Annotations.doNotDisrupt] === 'true') return { rejection: 'do-not-disrupt', message: `node has ${Annotations.doNotDisrupt}` };
  for (const { pod: p, until } of pods.doNotDisrupt) {
    if (now < until) {
      return { rejection: 'do-not-disrupt', message: `pod ${p.namespace}/${p.name} has ${Annotations.doNotDisrupt}`, ...(until < Infinity ? { until } : {}) };
    }
  }
  if (!anyPdb) return undefined;
  for (const p of pods.reschedulable) {
    const pdb = cluster.evictionBlockedBy(p.uid);
    if (pdb !== undefined) return { rejection: 'pdb', message: `pdb ${pdb} prevents evicting pod ${p.namespace}/${p.name}` };
  }
  return undefined;
}

function lastEventAt(c: NodeClaim, node: Node, events: PodEvents): number | undefined {
  const a = c.status.lastPodEventAt;
  const b = events.lastPodEventAt(node.name);
  if (a === undefined) return b;
  return b === undefined ? a : Math.max(a, b);
}

/**
 * The candidate for one state node, or undefined when the node is not one (unmanaged, not initialized,
 * deleting, nominated, unknown type). `anyPdb`: whether the cluster has any PodDisruptionBudget (asked once per pass).
 */
function candidateOf(n: StateNode, inp: CandidateInputs, anyPdb: boolean): Candidate | undefined {
  const { node, nodeClaim: claim } = n;
  if (!node || !claim || !n.initialized || n.markedForDeletion || inp.inFlight.has(n.name)) return undefined;
  if (n.nominatedAt !== undefined && inp.now - n.nominatedAt < inp.nominationWindowSeconds) return undefined;
  const pool = inp.config.nodePool(claim.nodePoolName);
  if (!pool) return undefined;
  const typeName = claim.status.instanceType ?? node.labels[LabelKeys.instanceType];
  const zone = claim.status.zone ?? node.labels[LabelKeys.zone];
  const capacityType = (claim.status.capacityType ?? node.labels[LabelKeys.capacityType]) as CapacityType | undefined;
  if (typeName === undefined || zone === undefined || capacityType === undefined) return undefined;
  const it = inp.instanceTypes.lookup(typeName, claim.nodeClassName);
  if (!it) return undefined;
  const offering = it.offerings.find((o) => o.zone === zone && o.capacityType === capacityType);
  const price = offering?.pricePerHour ?? claim.status.pricePerHour;
  if (price === undefined) return undefined;
  const pods = nodePods(n);
  const reschedulable = pods.reschedulable;
  const cost = pods.disruptionCost;
  const consolidateAfter = pool.disruption.consolidateAfterSeconds;
  const initializedAt = claim.status.initializedAt ?? node.readyAt ?? node.createdAt;
  const since = lastEventAt(claim, node, inp.podEvents) ?? initializedAt;
  const block = blockOf(node, pods, inp.cluster, anyPdb, inp.now);
  const consolidatable = consolidateAfter !== undefined && inp.now - since >= consolidateAfter;
  // Every field is set (optional ones to undefined): one object shape for all candidates.
  return {
    name: n.name,
    stateNode: n,
    node,
    nodeClaim: claim,
    nodePool: pool,
    instanceType: it,
    zone,
    capacityType,
    pricePerHour: price,
    reschedulablePods: reschedulable,
    disruptionCost: cost,
    savingsRatio: savingsRatio(price, cost),
    empty: reschedulable.length === 0,
    consolidatable,
    consolidatableAt: consolidateAfter !== undefined && !consolidatable ? since + consolidateAfter : undefined,
    drifted: claim.status.drifted === true,
    driftedAt: claim.status.driftedAt,
    block,
  };
}

/** Every candidate, highest savings ratio first. */
export function buildCandidates(inp: CandidateInputs): Candidate[] {
  const out: Candidate[] = [];
  // One pass is one instant: each type is looked up once (the cloud's view is refreshed on every lookup).
  const types = new Map<string, InstanceType | undefined>();
  const instanceTypes: InstanceTypeSource = {
    forPool: (pool) => inp.instanceTypes.forPool(pool),
    lookup(name, nodeClassName) {
      const key = `${nodeClassName}\u0000${name}`;
      if (types.has(key)) return types.get(key);
      const it = inp.instanceTypes.lookup(name, nodeClassName);
      types.set(key, it);
      return it;
    },
  };
  const memo: CandidateInputs = { ...inp, instanceTypes };
  const anyPdb = inp.cluster.pdbs().length > 0;
  for (const n of inp.stateNodes) {
    const c = candidateOf(n, memo, anyPdb);
    if (c) out.push(c);
  }
  return out.sort(compareCandidates);
}
