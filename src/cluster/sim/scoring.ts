/**
 * kube-scheduler's "how many feasible nodes to look for" rule (numFeasibleNodesToFind): the scheduler
 * stops filtering once it has found this many feasible nodes, then scores only those.
 */
const MIN_FEASIBLE_NODES = 100;
const MIN_FEASIBLE_PERCENTAGE = 5;
const BASE_PERCENTAGE = 50;

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

const MAX_NODE_SCORE = 100;

function leastAllocated(requested: number, capacity: number): number {
  return capacity <= 0 || requested > capacity ? 0 : Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

function mostAllocated(requested: number, capacity: number): number {
  return capacity <= 0 ? 0 : Math.floor((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/** A node's scoring numbers: requests as scoring counts them (non-zero defaults applied) and allocatable. */
export interface ScoringNumbers {
  readonly scoringCpuMillis: number;
  readonly scoringMemoryMiB: number;
  readonly allocatableCpuMillis: number;
  readonly allocatableMemoryMiB: number;
}

/**
 * NodeResourcesFit's score of a node for a pod whose scoring requests (zero replaced by the non-zero
 * defaults) are `podCpuMillis` / `podMemoryMiB`: the scheduling library's `leastAllocatedScore` /
 * `mostAllocatedScore` (cpu and memory, weight 1 each, integer division), computed without building the
 * pod's request pairs for every node the scheduler scores.
 */
export function resourceScore(mostAllocatedStrategy: boolean, podCpuMillis: number, podMemoryMiB: number, node: ScoringNumbers): number {
  const cpu = node.scoringCpuMillis + podCpuMillis;
  const memory = node.scoringMemoryMiB + podMemoryMiB;
  const sum = mostAllocatedStrategy
    ? mostAllocated(cpu, node.allocatableCpuMillis) + mostAllocated(memory, node.allocatableMemoryMiB)
    : leastAllocated(cpu, node.allocatableCpuMillis) + leastAllocated(memory, node.allocatableMemoryMiB);
  return Math.floor(sum / 2);
}
