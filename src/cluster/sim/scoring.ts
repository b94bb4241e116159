import type { ScoringStrategy } from './options.js';

/**
 * kube-scheduler's NodeResourcesFit scoring (cpu and memory, weight 1 each, integer arithmetic, 0–100)
 * and its "how many feasible nodes to look for" rule.
 */
export const MAX_NODE_SCORE = 100;

/** Requests kube-scheduler assumes for scoring when a pod requests none (NonZeroRequested): 100m, 200 MiB. */
export const DEFAULT_SCORING_CPU_MILLIS = 100;
export const DEFAULT_SCORING_MEMORY_MIB = 200;

export function nonZeroCpu(cpuMillis: number): number {
  return cpuMillis === 0 ? DEFAULT_SCORING_CPU_MILLIS : cpuMillis;
}

export function nonZeroMemory(memoryMiB: number): number {
  return memoryMiB === 0 ? DEFAULT_SCORING_MEMORY_MIB : memoryMiB;
}

function leastRequested(requested: number, capacity: number): number {
  if (capacity <= 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostRequested(requested: number, capacity: number): number {
  if (capacity <= 0) return 0;
  return Math.floor((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/**
 * Score of a node for a pod: `requested*` are the node's non-zero requests including the pod being placed.
 */
export function resourceScore(
  strategy: ScoringStrategy,
  requestedCpuMillis: number,
  allocatableCpuMillis: number,
  requestedMemoryMiB: number,
  allocatableMemoryMiB: number,
): number {
  const f = strategy === 'MostAllocated' ? mostRequested : leastRequested;
  return Math.floor((f(requestedCpuMillis, allocatableCpuMillis) + f(requestedMemoryMiB, allocatableMemoryMiB)) / 2);
}

const MIN_FEASIBLE_NODES = 100;
const MIN_FEASIBLE_PERCENTAGE = 5;
const BASE_PERCENTAGE = 50;

/** kube-scheduler's numFeasibleNodesToFind: the scheduler stops filtering once it found this many feasible nodes. */
export function numFeasibleNodesToFind(nodeCount: number, percentageOfNodesToScore: number): number {
  if (nodeCount < MIN_FEASIBLE_NODES || percentageOfNodesToScore >= 100) return nodeCount;
  let pct = percentageOfNodesToScore;
  if (pct <= 0) {
    pct = BASE_PERCENTAGE - Math.floor(nodeCount / 125);
    if (pct < MIN_FEASIBLE_PERCENTAGE) pct = MIN_FEASIBLE_PERCENTAGE;
  }
  const n = Math.floor((nodeCount * pct) / 100);
  return n < MIN_FEASIBLE_NODES ? MIN_FEASIBLE_NODES : n;
}
