import { TaintKeys, type Taint } from '../../model/index.js';
import { ControllerLoop, type Controller } from '../../sim/controller-loop.js';
import type { PlannedNodeClaim } from '../provisioning/simulation/index.js';
import { DISRUPTION_ACTORS, type DisruptionDecisions, type ReplacementSummary } from './decisions.js';
import { commandTimeoutSeconds } from './options.js';
import type { DisruptionDeps } from './ports.js';
import { decisionOf, type Command } from './types.js';

export const DISRUPTED_TAINT: Taint = Object.freeze({ key: TaintKeys.disrupted, effect: 'NoSchedule' });

interface ActiveCommand {
  readonly command: Command;
  readonly replacementClaims: readonly string[];
  readonly startedAt: number;
}

function summarize(planned: PlannedNodeClaim, nodeClaim?: string): ReplacementSummary {
  return { ...(nodeClaim !== undefined ? { nodeClaim } : {}), instanceTypes: planned.instanceTypes.slice(0, 5).map((t) => t.name), pricePerHour: planned.cheapestPricePerHour };
}

/**
 * Karpenter's orchestration queue: executes commands. Taints the candidates `karpenter.sh/disrupted:
 * NoSchedule`, creates the replacement NodeClaims, waits until every replacement is initialized, then
 * deletes the candidates' NodeClaims (termination drains them). A replacement that fails (its NodeClaim
 * is deleted: capacity error, launch or registration timeout) or a command older than
 * clamp(80 ms × #commands, 10 min, 1 h) abandons the command and untaints the candidates.
 */
export class CommandQueue implements Controller {
  readonly name = 'disruption-queue';
  private readonly active: ActiveCommand[] = [];
  /** Node name → NodeClaim name of every candidate of a command not yet handed to termination. */
  private readonly queued = new Map<string, string>();
  private readonly loop: ControllerLoop;

  constructor(
    private readonly deps: DisruptionDeps,
    private readonly decisions: DisruptionDecisions,
  ) {
    this.loop = new ControllerLoop(deps.clock, this);
  }

  stop(): void {
    this.loop.stop();
  }

  /** Nodes of commands in progress: not candidates again, and they count against budgets. */
  inFlight(): ReadonlySet<string> {
    return new Set(this.queued.keys());
  }

  get activeCommands(): number {
    return this.active.length;
  }

  execute(command: Command): void {
    const { cluster } = this.deps;
    for (const c of command.candidates) {
      if (cluster.node(c.name)) cluster.addNodeTaint(c.name, DISRUPTED_TAINT);
      this.queued.set(c.name, c.nodeClaim.name);
    }
    if (command.replacements.length === 0) {
      this.finish(command, []);
      return;
    }
    const names: string[] = [];
    for (const planned of command.replacements) {
      const out = this.deps.launcher.launch(planned, command.reason);
      if (!out.ok) {
        this.abandon(command, `creating a replacement failed: ${out.message}`);
        return;
      }
      names.push(out.nodeClaimName);
    }
    this.decisions.command({
      reason: command.reason,
      nodes: command.candidates.map((c) => c.name),
      nodeClaims: command.candidates.map((c) => c.nodeClaim.name),
      nodePools: [...new Set(command.candidates.map((c) => c.nodePool.name))],
      instanceTypes: command.candidates.map((c) => c.instanceType.name),
      replacements: command.replacements.map((p, i) => summarize(p, names[i])),
      savingsPerHour: command.savingsPerHour,
    });
    this.active.push({ command, replacementClaims: names, startedAt: this.deps.clock.now() });
    this.loop.wakeAfter(this.deps.options.commandPollSeconds);
  }

  reconcile(): number | undefined {
    const { cluster, clock, options } = this.deps;
    const now = clock.now();
    const timeout = commandTimeoutSeconds(options, this.active.length);
    for (let i = this.active.length - 1; i >= 0; i--) {
      const a = this.active[i];
      let ready = true;
      let failed: string | undefined;
      for (const name of a.replacementClaims) {
        const claim = cluster.nodeClaim(name);
        if (!claim || claim.status.deletionAt !== undefined) {
          failed = `replacement ${name} was deleted before it initialized`;
          break;
        }
        if (claim.status.initializedAt === undefined) ready = false;
      }
      if (failed === undefined && !ready && now - a.startedAt >= timeout) failed = `replacements not initialized within ${timeout} s`;
      if (failed !== undefined) {
        this.active.splice(i, 1);
        this.abandon(a.command, failed);
      } else if (ready) {
        this.active.splice(i, 1);
        this.finish(a.command, a.replacementClaims);
      }
    }
    return this.active.length > 0 ? options.commandPollSeconds : undefined;
  }

  private finish(command: Command, replacementClaims: readonly string[]): void {
    for (const c of command.candidates) {
      this.deps.terminator.delete(c.nodeClaim.name, command.reason);
      this.queued.delete(c.name);
    }
    this.decisions.disruption(DISRUPTION_ACTORS.disruption, {
      reason: command.reason,
      decision: decisionOf(command),
      nodes: command.candidates.map((c) => c.name),
      nodeClaims: command.candidates.map((c) => c.nodeClaim.name),
      nodePools: [...new Set(command.candidates.map((c) => c.nodePool.name))],
      instanceTypes: command.candidates.map((c) => c.instanceType.name),
      replacements: command.replacements.map((p, i) => summarize(p, replacementClaims[i])),
      savingsPerHour: command.savingsPerHour,
    });
  }

  private abandon(command: Command, message: string): void {
    const { cluster } = this.deps;
    for (const c of command.candidates) {
      this.queued.delete(c.name);
      const claim = cluster.nodeClaim(c.nodeClaim.name);
      if (cluster.node(c.name) && claim?.status.deletionAt === undefined) cluster.removeNodeTaint(c.name, TaintKeys.disrupted);
    }
    this.decisions.abandoned(
      command.reason,
      command.candidates.map((c) => c.name),
      message,
    );
  }
}
