import type { Candidate } from './candidates.js';
import { ConsolidationMark } from './consolidation-mark.js';
import { computeConsolidation, isConsolidationCandidate } from './consolidation.js';
import type { DisruptionPass } from './pass.js';
import { validateConsolidation } from './validation.js';
import type { Command, DisruptionMethod, ValidationOutcome } from './types.js';

/** Candidates interleaved round-robin by NodePool (pools in order of their best candidate), each pool's order kept. */
export function roundRobinByPool(candidates: readonly Candidate[]): Candidate[] {
  const byPool = new Map<string, Candidate[]>();
  for (const c of candidates) {
    let list = byPool.get(c.nodePool.name);
    if (!list) byPool.set(c.nodePool.name, (list = []));
    list.push(c);
  }
  const lists = [...byPool.values()];
  const out: Candidate[] = [];
  for (let i = 0; out.length < candidates.length; i++) for (const l of lists) if (i < l.length) out.push(l[i]);
  return out;
}

/**
 * Single-node consolidation: candidates in savings order, round-robin across NodePools, skipping pools
 * whose budget is spent; the first that can be deleted or replaced by one cheaper node wins.
 */
export class SingleNodeConsolidation implements DisruptionMethod {
  readonly name = 'single-node-consolidation';
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
    const prefilter = pass.prefilter;
    for (const c of roundRobinByPool(candidates)) {
      if ((budgets.get(c.nodePool.name) ?? 0) <= 0) {
        pass.decisions.rejected(this.reason, [c.name], 'budget', `disruption budget of nodepool ${c.nodePool.name} allows no more Underutilized disruptions now`);
        continue;
      }
      const quick = prefilter.reject([c]);
      if (quick) {
        pass.decisions.rejected(this.reason, [c.name], quick.rejection, quick.message);
        continue;
      }
      const out = computeConsolidation(pass, this.name, [c], true);
      if (out.ok) return out.command;
      pass.decisions.rejected(this.reason, [c.name], out.rejection, out.message);
    }
    this.mark.mark(pass, candidates);
    return undefined;
  }

  validate(pass: DisruptionPass, command: Command): ValidationOutcome {
    return validateConsolidation(pass, this, command);
  }
}
