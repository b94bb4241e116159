/**
 * kube-scheduler Score-phase helpers, kept simple: NodeResourcesFit (LeastAllocated / MostAllocated over
 * cpu and memory, weight 1 each), NodeResourcesBalancedAllocation, NodeAffinity (preferred terms) and
 * TaintToleration (PreferNoSchedule). Every score is an integer in 0–100 (MaxNodeScore), integer
 * division as in Kubernetes. What is simplified: the node's existing requests are taken as given
 * (kube-scheduler substitutes 100m / 200 MiB for each container that requests nothing; we apply that
 * substitution to the incoming pod only, as a whole).
 */
import type { PodSpec, Resources, Taint } from '../model/index.js';
import { preferredNodeAffinityScore } from './node-affinity.js';
import { intolerablePreferNoScheduleCount } from './taints.js';

export const MAX_NODE_SCORE = 100;
/** kube-scheduler's non-zero defaults for scoring a pod that requests nothing. */
export const DEFAULT_CPU_MILLIS_REQUEST = 100;
export const DEFAULT_MEMORY_MIB_REQUEST = 200;

interface NodeResources {
  readonly allocatable: Resources;
  readonly requested: Resources;
}

/** The pod's cpu and memory as scoring counts them (zero replaced by the defaults). */
export function nonZeroRequests(pod: PodSpec): { cpuMillis: number; memoryMiB: number } {
  return {
    cpuMillis: pod.requests.cpuMillis > 0 ? pod.requests.cpuMillis : DEFAULT_CPU_MILLIS_REQUEST,
    memoryMiB: pod.requests.memoryMiB > 0 ? pod.requests.memoryMiB : DEFAULT_MEMORY_MIB_REQUEST,
  };
}

function afterPlacing(pod: PodSpec, node: NodeResources): [number, number][] {
  const r = nonZeroRequests(pod);
  return [
    [node.requested.cpuMillis + r.cpuMillis, node.allocatable.cpuMillis],
    [node.requested.memoryMiB + r.memoryMiB, node.allocatable.memoryMiB],
  ];
}

/** LeastAllocated: ((allocatable − requested) × 100 / allocatable) per resource, averaged; favours empty nodes. */
export function leastAllocatedScore(pod: PodSpec, node: NodeResources): number {
  let sum = 0;
  const pairs = afterPlacing(pod, node);
  for (const [requested, capacity] of pairs) {
    sum += capacity <= 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
  }
  return Math.floor(sum / pairs.length);
}

/** MostAllocated: (requested × 100 / allocatable) per resource (requested capped at allocatable), averaged; favours full nodes. */
export function mostAllocatedScore(pod: PodSpec, node: NodeResources): number {
  let sum = 0;
  const pairs = afterPlacing(pod, node);
  for (const [requested, capacity] of pairs) {
    sum += capacity <= 0 ? 0 : Math.floor((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
  }
  return Math.floor(sum / pairs.length);
}

/**
 * NodeResourcesBalancedAllocation: (1 − standard deviation of the cpu and memory fractions) × 100, the
 * fractions capped at 1; for two resources the standard deviation is |f_cpu − f_mem| / 2.
 */
export function balancedAllocationScore(pod: PodSpec, node: NodeResources): number {
  const fractions = afterPlacing(pod, node).map(([requested, capacity]) => (capacity <= 0 ? 1 : Math.min(requested / capacity, 1)));
  const std = Math.abs(fractions[0] - fractions[1]) / 2;
  return Math.floor((1 - std) * MAX_NODE_SCORE);
}

/**
 * kube-scheduler's DefaultNormalizeScore: scale raw scores so the largest becomes 100 (integer division);
 * with `reverse`, 100 − that. All-zero raw scores give 0 (or 100 when reversed).
 */
export function normalizeScores(raw: readonly number[], reverse = false): number[] {
  const max = raw.reduce((m, x) => Math.max(m, x), 0);
  if (max === 0) return raw.map(() => (reverse ? MAX_NODE_SCORE : 0));
  return raw.map((x) => {
    const s = Math.floor((MAX_NODE_SCORE * x) / max);
    return reverse ? MAX_NODE_SCORE - s : s;
  });
}

/** NodeAffinity scores for one pod over candidate nodes: preferred-term weights, normalized to 0–100. */
export function nodeAffinityScores(pod: PodSpec, nodes: readonly { labels: Readonly<Record<string, string>> }[]): number[] {
  return normalizeScores(nodes.map((n) => preferredNodeAffinityScore(pod, n.labels)));
}

/** TaintToleration scores: fewer intolerable PreferNoSchedule taints is better (reverse-normalized to 0–100). */
export function taintTolerationScores(pod: PodSpec, nodes: readonly { taints: readonly Taint[] }[]): number[] {
  return normalizeScores(
    nodes.map((n) => intolerablePreferNoScheduleCount(pod.tolerations, n.taints)),
    true,
  );
}
