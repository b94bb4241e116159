import type { DisruptionReason } from '../../model/index.js';
import type { PlannedNodeClaim } from '../provisioning/simulation/index.js';
import type { Candidate } from './candidates.js';
import type { DisruptionDecisionReason, Rejection } from './decisions.js';
import type { DisruptionPass } from './pass.js';

/** What a method wants done: delete the candidates, after launching the replacements (if any). */
export interface Command {
  readonly method: string;
  readonly reason: DisruptionDecisionReason;
  readonly candidates: readonly Candidate[];
  /** NodeClaims to create first (narrowed to the instance types worth launching). */
  readonly replacements: readonly PlannedNodeClaim[];
  /** Σ candidate prices − Σ cheapest replacement prices, USD per hour. */
  readonly savingsPerHour: number;
}

export function decisionOf(cmd: Command): 'delete' | 'replace' {
  return cmd.replacements.length === 0 ? 'delete' : 'replace';
}

export type ValidationOutcome = { readonly ok: true; readonly command: Command } | { readonly ok: false; readonly message: string };

/** A command could not be built for these candidates. */
export interface NoCommand {
  readonly rejection: Rejection;
  readonly message: string;
}

/**
 * One disruption method (Karpenter's `Method`): which candidates it looks at and how it turns them into a
 * command. The controller runs the methods in priority order and acts on the first command.
 */
export interface DisruptionMethod {
  readonly name: string;
  /** The reason recorded for its decisions. */
  readonly reason: DisruptionDecisionReason;
  /** The reason its budgets are selected by. */
  readonly budgetReason: DisruptionReason;
  /** Wait `validationSeconds` and re-validate before acting (emptiness and consolidation; drift acts at once). */
  readonly validates: boolean;
  shouldDisrupt(c: Candidate, pass: DisruptionPass): boolean;
  computeCommand(pass: DisruptionPass, candidates: readonly Candidate[]): Command | undefined;
  /** After the wait: the command to execute (possibly with fewer candidates), or why it is dropped. */
  validate?(pass: DisruptionPass, command: Command): ValidationOutcome;
}
