import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';
import type { Command, DisruptionMethod, ValidationOutcome } from './types.js';

/**
 * Emptiness: delete consolidatable nodes without reschedulable pods, as many as each pool's budget
 * allows, in one command (no replacements); validated after the wait (survivors only).
 */
export class Emptiness implements DisruptionMethod {
  readonly name = 'emptiness';
  readonly reason = 'emptiness' as const;
  readonly budgetReason = 'Empty' as const;
  readonly validates = true;

  shouldDisrupt(c: Candidate): boolean {
    return c.block === undefined && c.empty && c.consolidatable;
  }

  computeCommand(pass: DisruptionPass, candidates: readonly Candidate[]): Command | undefined {
    const budgets = pass.budgets(this.budgetReason);
    const chosen: Candidate[] = [];
    for (const c of candidates) {
      const left = budgets.get(c.nodePool.name) ?? 0;
      if (left <= 0) {
        pass.decisions.rejected(this.reason, [c.name], 'budget', `disruption budget of nodepool ${c.nodePool.name} allows no more ${this.budgetReason} disruptions now`);
        continue;
      }
      budgets.set(c.nodePool.name, left - 1);
      chosen.push(c);
    }
    if (chosen.length === 0) return undefined;
    return { method: this.name, reason: this.reason, candidates: chosen, replacements: [], savingsPerHour: chosen.reduce((s, c) => s + c.pricePerHour, 0) };
  }

  validate(pass: DisruptionPass, command: Command): ValidationOutcome {
    const budgets = pass.budgets(this.budgetReason);
    const survivors: Candidate[] = [];
    for (const old of command.candidates) {
      const c = pass.candidate(old.name);
      if (!c || !this.shouldDisrupt(c)) continue;
      const left = budgets.get(c.nodePool.name) ?? 0;
      if (left <= 0) continue;
      budgets.set(c.nodePool.name, left - 1);
      survivors.push(c);
    }
    if (survivors.length === 0) return { ok: false, message: 'no candidate is still empty and within budget' };
    return { ok: true, command: { ...command, candidates: survivors, savingsPerHour: survivors.reduce((s, c) => s + c.pricePerHour, 0) } };
  }
}
