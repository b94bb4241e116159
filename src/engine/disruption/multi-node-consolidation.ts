import type { Candidate } from './candidates.js';
import { ConsolidationMark } from './consolidation-mark.js';
import { computeConsolidation, filterOutSameInstanceType, isConsolidationCandidate } from './consolidation.js';
import type { DisruptionPass } from './pass.js';
import { validateConsolidation } from './validation.js';
import type { Command, DisruptionMethod, ValidationOutcome } from './types.js';

/**
 * Multi-node consolidation: take candidates in savings order while their pools' budgets last (at most
 * `multiNodeMaxCandidates`), then binary-search the longest prefix (≥ 2 nodes) that can be deleted, or
 * replaced by one cheaper node that is not just one of the candidates' own instance types.
 */
export class MultiNodeConsolidation implements DisruptionMethod {
  readonly name = 'multi-node-consolidation';
  readonly reason = 'underutilized' as const;
  readonly budgetReason = 'Underutilized' as const;
  readonly validates = true;
  private readonly mark = new ConsolidationMark();

  shouldDisrupt(c: Candidate): boolean {
    return isConsolidationCandidate(c);
  }

  computeCommand(pass: DisruptionPass, candidates: readonly Candidate[]): Command | undefined {
    if (this.mark.isConsolidated(pass, candidates)) return undefined;
    const budgets = pass.budgets(this.budgetReason);
    const max = pass.deps.options.multiNodeMaxCandidates;
    const chosen: Candidate[] = [];
    for (const c of candidates) {
      if (chosen.length >= max) break;
      const left = budgets.get(c.nodePool.name) ?? 0;
      if (left <= 0) {
        pass.decisions.rejected(this.reason, [c.name], 'budget', `disruption budget of nodepool ${c.nodePool.name} allows no more Underutilized disruptions now`);
        continue;
      }
      budgets.set(c.nodePool.name, left - 1);
      chosen.push(c);
    }
    const command = this.firstN(pass, chosen);
    if (!command) this.mark.mark(pass, candidates);
    return command;
  }

  /**
   * Karpenter's firstNConsolidationOption: binary search over prefixes [0..mid] for mid in [1, n−1]. One
   * shortcut: the whole list is tried first, and when it consolidates it is the answer (the search would
   * converge to it whenever every prefix consolidates, the common case in a loose cluster); prefixes the
   * prefilter rules out are not simulated.
   */
  private firstN(pass: DisruptionPass, candidates: readonly Candidate[]): Command | undefined {
    if (candidates.length < 2) return undefined;
    const prefilter = pass.prefilter;
    const attempt = (prefix: readonly Candidate[]): Command | undefined => {
      if (prefilter.reject(prefix)) return undefined;
      // Only ok / not ok matters here (a failed prefix is not logged): the simulation may stop at a second replacement.
      const out = computeConsolidation(pass, this.name, prefix, false, true);
      if (!out.ok) return undefined;
      return out.command.replacements.length === 0 ? out.command : filterOutSameInstanceType(pass, out.command);
    };
    const all = attempt(candidates);
    if (all) return all;
    let lo = 1;
    let hi = candidates.length - 2;
    let best: Command | undefined;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const cmd = attempt(candidates.slice(0, mid + 1));
      if (cmd) {
        best = cmd;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  validate(pass: DisruptionPass, command: Command): ValidationOutcome {
    return validateConsolidation(pass, this, command);
  }
}
