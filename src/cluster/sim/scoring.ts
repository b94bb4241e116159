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
