import type { NodeGroupInfo } from '../node-groups.js';
import type { SnapshotPod } from '../snapshot.js';
import type { NodeTemplate } from '../template.js';

/** One way to scale up: a node group, how many nodes, and the pods they would hold. */
export interface ExpansionOption {
  readonly group: NodeGroupInfo;
  readonly template: NodeTemplate;
  readonly nodeCount: number;
  readonly pods: readonly SnapshotPod[];
}

/** What one expander did: the options it kept and, where it scores, each option's score by group name. */
export interface FilterResult {
  readonly options: readonly ExpansionOption[];
  readonly scores?: Readonly<Record<string, number | null>>;
}

/** An expander used as a filter (`expander.Filter`): keeps the best options by its rule. */
export interface ExpanderFilter {
  readonly name: string;
  bestOptions(options: readonly ExpansionOption[]): FilterResult;
}

/** The randomness the baseline needs: uniform integers (a `RandomStream` fits). */
export interface RandomChoice {
  int(n: number): number;
}

/** Keep the options whose score equals the best (lowest when `lowerIsBetter`). */
export function keepBest(
  options: readonly ExpansionOption[],
  score: (o: ExpansionOption) => number,
  lowerIsBetter: boolean,
): FilterResult {
  const scores: Record<string, number> = {};
  let best: ExpansionOption[] = [];
  let bestScore = lowerIsBetter ? Infinity : -Infinity;
  for (const o of options) {
    const s = score(o);
    scores[o.group.name] = s;
    if (s === bestScore) best.push(o);
    else if (lowerIsBetter ? s < bestScore : s > bestScore) {
      bestScore = s;
      best = [o];
    }
  }
  return { options: best, scores };
}
