import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';

/**
 * Karpenter's "consolidated" mark: after a consolidation method found nothing, it is not recomputed until
 * the cluster changes (pods move, nodes or NodeClaims change, the configuration changes, another node
 * becomes consolidatable) or `consolidationRecheckSeconds` have passed.
 */
export class ConsolidationMark {
  private state: string | undefined;
  private markedAt = -Infinity;

  isConsolidated(pass: DisruptionPass, candidates: readonly Candidate[]): boolean {
    if (this.state === undefined) return false;
    if (pass.now - this.markedAt >= pass.deps.options.consolidationRecheckSeconds) return false;
    return this.state === stateOf(pass, candidates);
  }

  mark(pass: DisruptionPass, candidates: readonly Candidate[]): void {
    this.state = stateOf(pass, candidates);
    this.markedAt = pass.now;
  }
}

function stateOf(pass: DisruptionPass, candidates: readonly Candidate[]): string {
  return `${pass.podEvents.revision}/${pass.deps.config.revision}/${candidates.map((c) => c.name).join(',')}`;
}
