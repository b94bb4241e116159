import type { Candidate } from './candidates.js';
import type { DisruptionPass } from './pass.js';
import type { Command, DisruptionMethod } from './types.js';

/** Drifted first by when they drifted, empty ones before the rest, then by name. */
function compareDrifted(a: Candidate, b: Candidate): number {
  if (a.empty !== b.empty) return a.empty ? -1 : 1;
  const ta = a.driftedAt ?? 0;
  const tb = b.driftedAt ?? 0;
  return ta - tb || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/**
 * Drift: replace NodeClaims whose NodePool/NodeClass changed under them, one node per command, empty
 * ones first; the pods must reschedule (on existing nodes or on any number of replacements, launched
 * before the node goes). An eventual method: with a NodePool terminationGracePeriod, PDBs and
 * do-not-disrupt do not hold it back. Acts without the validation wait.
 */
export class Drift implements DisruptionMethod {
  readonly name = 'drift';
  readonly reason = 'drift' as const;
  readonly budgetReason = 'Drifted' as const;
  readonly validates = false;

  shouldDisrupt(c: Candidate): boolean {
    return c.drifted && (c.block === undefined || c.nodePool.terminationGracePeriodSeconds !== undefined);
  }

  computeCommand(pass: DisruptionPass, candidates: readonly Candidate[]): Command | undefined {
    const budgets = pass.budgets(this.budgetReason);
    for (const c of [...candidates].sort(compareDrifted)) {
      if ((budgets.get(c.nodePool.name) ?? 0) <= 0) {
        pass.decisions.rejected(this.reason, [c.name], 'budget', `disruption budget of nodepool ${c.nodePool.name} allows no more Drifted disruptions now`);
        continue;
      }
      if (c.empty) return { method: this.name, reason: this.reason, candidates: [c], replacements: [], savingsPerHour: c.pricePerHour };
      const sim = pass.simulate([c]);
      if (!sim.ok) {
        pass.decisions.rejected(this.reason, [c.name], 'pods-would-not-schedule', sim.reason);
        continue;
      }
      const newCost = sim.newNodeClaims.reduce((s, r) => s + r.cheapestPricePerHour, 0);
      return { method: this.name, reason: this.reason, candidates: [c], replacements: sim.newNodeClaims, savingsPerHour: c.pricePerHour - newCost };
    }
    return undefined;
  }
}
