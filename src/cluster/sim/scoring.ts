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

/**
 * NodeResourcesFit's score of a node for a pod whose scoring requests (zero replaced by the non-zero
 * defaults) are `podCpuMillis` / `podMemoryMiB`: the scheduling library's `leastAllocatedScore` /
 * `mostAllocatedScore` (cpu and memory, weight 1 each, integer division), computed without building the
 * pod's request pairs for every node the scheduler scores.
 */
export function resourceScore(
  mostAllocatedStrategy: boolean,
  podCpuMillis: number,
  podMemoryMiB: number,
  node: { readonly allocatable: { readonly cpuMillis: number; readonly memoryMiB: number }; readonly requested: { readonly cpuMillis: number; readonly memoryMiB: number } },
): number {
  const cpu = node.requested.cpuMillis + podCpuMillis;
  const memory = node.requested.memoryMiB + podMemoryMiB;
  const sum = mostAllocatedStrategy
    ? mostAllocated(cpu, node.allocatable.cpuMillis) + mostAllocated(memory, node.allocatable.memoryMiB)
    : leastAllocated(cpu, node.allocatable.cpuMillis) + leastAllocated(memory, node.allocatable.memoryMiB);
  return Math.floor(sum / 2);
}
