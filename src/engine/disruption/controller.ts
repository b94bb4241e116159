import { TaintKeys } from '../../model/index.js';
import type { Controller } from '../../sim/controller-loop.js';
import { SharedSignatures } from '../provisioning/simulation/index.js';
import type { Candidate } from './candidates.js';
import type { CommandQueue } from './command-queue.js';
import type { DisruptionDecisions } from './decisions.js';
import { DisruptionPass } from './pass.js';
import type { PodEvents } from './pod-events.js';
import type { DisruptionDeps } from './ports.js';
import type { Command, DisruptionMethod } from './types.js';

/** How many distinct pod contents the kept signatures may number before they are started afresh. */
const MAX_KEPT_SIGNATURES = 20_000;

interface PendingValidation {
  readonly method: DisruptionMethod;
  readonly command: Command;
  readonly validateAt: number;
}

/**
 * Karpenter's disruption controller: each pass removes stale `disrupted` taints, then asks the methods in
 * priority order for a command; the first command wins. Drift acts at once; emptiness and consolidation
 * wait `validationSeconds`, re-validate, then act. After an action it runs again at once; with nothing to
 * do it polls every `pollSeconds`.
 */
export class DisruptionController implements Controller {
  readonly name = 'disruption';
  private pending: PendingValidation | undefined;
  /** After a pass without a command: the state it saw and until when its answer cannot change by itself. */
  private quiet: { readonly key: string; readonly until: number } | undefined;
  /** Passes run and passes skipped as unchanged (for tests and benchmarks). */
  passes = 0;
  skipped = 0;
  /** Pods' topology signatures, kept from pass to pass (most pods are the same objects as last time). */
  private signatures = new SharedSignatures();

  constructor(
    private readonly deps: DisruptionDeps,
    private readonly methods: readonly DisruptionMethod[],
    private readonly queue: CommandQueue,
    private readonly podEvents: PodEvents,
    private readonly decisions: DisruptionDecisions,
  ) {}

  /** The command waiting for validation, if any (for tests and introspection). */
  get waiting(): Command | undefined {
    return this.pending?.command;
  }

  reconcile(): number | undefined {
    const now = this.deps.clock.now();
    if (this.pending) {
      if (now < this.pending.validateAt) return this.pending.validateAt - now;
      const { method, command } = this.pending;
      this.pending = undefined;
      const out = method.validate ? method.validate(this.newPass(), command) : { ok: true as const, command };
      if (!out.ok) {
        this.decisions.rejected(command.reason, command.candidates.map((c) => c.name), 'validation-failed', out.message);
        return 0;
      }
      this.queue.execute(out.command);
      return 0;
    }
    const key = this.stateKey();
    if (this.quiet && this.quiet.key === key && now < this.quiet.until) {
      this.skipped++;
      return this.deps.options.pollSeconds;
    }
    this.quiet = undefined;
    this.passes++;
    const pass = this.newPass();
    this.removeStaleTaints(pass);
    this.logBlocked(pass);
    for (const method of this.methods) {
      const candidates = pass.candidates.filter((c) => method.shouldDisrupt(c, pass));
      if (candidates.length === 0) continue;
      const command = method.computeCommand(pass, candidates);
      if (!command) continue;
      if (method.validates) {
        this.pending = { method, command, validateAt: now + this.deps.options.validationSeconds };
        return this.deps.options.validationSeconds;
      }
      this.queue.execute(command);
      return 0;
    }
    this.quiet = { key, until: Math.min(pass.nextTimedChange(), now + this.deps.options.consolidationRecheckSeconds) };
    return this.deps.options.pollSeconds;
  }

  /**
   * What a pass depends on besides time: pods moving, nodes and NodeClaims changing (drift flags,
   * initialization, deletion), the configuration, commands in flight. While it stays the same, a pass
   * that found nothing would find nothing again until its `nextTimedChange` (or the consolidation
   * re-check interval: offering availability and prices move on their own).
   */
  private stateKey(): string {
    return `${this.podEvents.revision}/${this.deps.config.revision}/${this.queue.activeCommands}/${this.queue.inFlight().size}`;
  }

  private newPass(): DisruptionPass {
    // Distinct pod contents only accumulate (Jobs' names, changed templates): start afresh past a bound.
    if (this.signatures.count > MAX_KEPT_SIGNATURES) this.signatures = new SharedSignatures();
    return new DisruptionPass(this.deps, this.podEvents, this.decisions, this.queue.inFlight(), this.signatures);
  }

  /** A `disrupted` taint on a node that no command holds and that is not being deleted is left over: remove it. */
  private removeStaleTaints(pass: DisruptionPass): void {
    for (const n of pass.stateNodes) {
      if (!n.node || n.markedForDeletion || pass.inFlight.has(n.name)) continue;
      if (n.node.taints.some((t) => t.key === TaintKeys.disrupted)) this.deps.cluster.removeNodeTaint(n.name, TaintKeys.disrupted);
    }
  }

  /** Candidates a method would take if do-not-disrupt or a PDB did not hold them back. */
  private logBlocked(pass: DisruptionPass): void {
    for (const c of pass.candidates) {
      if (!c.block) continue;
      const reason = blockedReason(c);
      if (reason) pass.decisions.rejected(reason, [c.name], c.block.rejection, c.block.message);
    }
  }
}

function blockedReason(c: Candidate): 'drift' | 'emptiness' | 'underutilized' | undefined {
  if (c.drifted) return c.nodePool.terminationGracePeriodSeconds === undefined ? 'drift' : undefined;
  if (!c.consolidatable) return undefined;
  if (c.empty) return 'emptiness';
  return c.nodePool.disruption.consolidationPolicy === 'WhenEmptyOrUnderutilized' ? 'underutilized' : undefined;
}
