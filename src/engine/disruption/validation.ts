import type { Candidate } from './candidates.js';
import { decisionOf, type Command, type DisruptionMethod, type ValidationOutcome } from './types.js';
import type { DisruptionPass } from './pass.js';

/**
 * The command's candidates as they are now, if each one still is a candidate the method would disrupt
 * and the budgets still allow all of them; otherwise why not.
 */
export function revalidateCandidates(
  pass: DisruptionPass,
  method: DisruptionMethod,
  command: Command,
): { readonly ok: true; readonly candidates: Candidate[] } | { readonly ok: false; readonly message: string } {
  const budgets = pass.budgets(method.budgetReason);
  const fresh: Candidate[] = [];
  for (const old of command.candidates) {
    const c = pass.candidate(old.name);
    if (!c) return { ok: false, message: `${old.name} is no longer a disruption candidate` };
    if (!method.shouldDisrupt(c, pass)) return { ok: false, message: `${old.name} no longer qualifies for ${method.name}` };
    const left = budgets.get(c.nodePool.name) ?? 0;
    if (left <= 0) return { ok: false, message: `the disruption budget of nodepool ${c.nodePool.name} no longer allows ${old.name}` };
    budgets.set(c.nodePool.name, left - 1);
    fresh.push(c);
  }
  return { ok: true, candidates: fresh };
}

/**
 * Karpenter's consolidation validation after the 15 s wait: every candidate must still be valid and within
 * budget, and a new simulation must agree — a delete still needs no new node; a replace still needs
 * exactly one, able to launch every instance type the command chose.
 */
export function validateConsolidation(pass: DisruptionPass, method: DisruptionMethod, command: Command): ValidationOutcome {
  const v = revalidateCandidates(pass, method, command);
  if (!v.ok) return v;
  const sim = pass.simulate(v.candidates);
  if (!sim.ok) return { ok: false, message: sim.reason };
  if (decisionOf(command) === 'delete') {
    if (sim.newNodeClaims.length !== 0) return { ok: false, message: `deleting now needs ${sim.newNodeClaims.length} new node(s)` };
    return { ok: true, command: { ...command, candidates: v.candidates } };
  }
  if (sim.newNodeClaims.length !== 1) return { ok: false, message: `replacing now needs ${sim.newNodeClaims.length} new nodes` };
  const now = new Set(sim.newNodeClaims[0].instanceTypes.map((t) => t.name));
  const missing = command.replacements[0].instanceTypes.find((t) => !now.has(t.name));
  if (missing) return { ok: false, message: `the replacement could no longer be ${missing.name}` };
  return { ok: true, command: { ...command, candidates: v.candidates } };
}
