import type { Decision, DecisionSink } from '../../model/index.js';

/**
 * The disruption decision vocabulary (stable: the runtime and reports depend on it).
 *
 * Every record has `at` (simulated seconds), `actor` and `kind`; `nodes` lists Node names.
 *
 * | kind | when | fields |
 * | --- | --- | --- |
 * | `disruption` | nodes are being taken away: their NodeClaims are deleted now (after any replacement initialized) | `reason`, `decision` (`delete` / `replace`), `nodes`, `nodeClaims`, `nodePools`, `instanceTypes`, `replacements` (`[{ nodeClaim, instanceTypes (≤ 5 cheapest), pricePerHour }]`), `savingsPerHour` (0 for expiration and interruption), `event` (interruption only: the message kind) |
 * | `disruption-command` | a replace command starts: candidates tainted, replacements being launched | `reason`, `decision: 'replace'`, `nodes`, `replacements`, `savingsPerHour` |
 * | `disruption-rejected` | a candidate (or a computed command) was not disrupted | `reason`, `nodes`, `rejection` (see `Rejection`), `message` |
 * | `disruption-abandoned` | a started command was given up (a replacement failed or timed out) | `reason`, `nodes`, `rejection: 'replacement-failed'`, `message` |
 * | `interruption-event` | an interruption message that only gets logged (rebalance recommendation) | `event`, `nodes`, `instanceId` |
 *
 * `reason` is one of `DisruptionDecisionReason`. Only `kind: 'disruption'` means nodes were disrupted: the
 * runtime counts each of its `nodes` once under `reason` (summary.json `disruptions`). A rejection of the
 * same nodes for the same reason and rejection is logged at most once per `REJECTION_LOG_INTERVAL_SECONDS`
 * (Karpenter de-duplicates its Unconsolidatable events the same way), so a steady state does not flood
 * the log.
 */
export type DisruptionDecisionReason = 'emptiness' | 'drift' | 'underutilized' | 'expiration' | 'interruption';

export const DISRUPTION_DECISION_REASONS: readonly DisruptionDecisionReason[] = ['emptiness', 'drift', 'underutilized', 'expiration', 'interruption'];

export const DecisionKinds = {
  disruption: 'disruption',
  command: 'disruption-command',
  rejected: 'disruption-rejected',
  abandoned: 'disruption-abandoned',
  interruptionEvent: 'interruption-event',
} as const;

export const DISRUPTION_ACTORS = {
  disruption: 'karpenter/disruption',
  expiration: 'karpenter/expiration',
  interruption: 'karpenter/interruption',
} as const;

/** Why a candidate or command was not acted on. */
export type Rejection =
  | 'do-not-disrupt'
  | 'pdb'
  | 'budget'
  | 'would-need-2-replacements'
  | 'no-cheaper-replacement'
  | 'spot-to-spot-disabled'
  | 'spot-to-spot-too-few-types'
  | 'pods-would-not-schedule'
  | 'validation-failed'
  | 'replacement-failed';

export interface ReplacementSummary {
  readonly nodeClaim?: string;
  readonly instanceTypes: readonly string[];
  readonly pricePerHour: number;
}

export interface DisruptionRecord {
  readonly reason: DisruptionDecisionReason;
  readonly decision: 'delete' | 'replace';
  readonly nodes: readonly string[];
  readonly nodeClaims: readonly string[];
  readonly nodePools: readonly string[];
  readonly instanceTypes: readonly string[];
  readonly replacements: readonly ReplacementSummary[];
  readonly savingsPerHour: number;
  /** Interruption: the message kind that caused it. */
  readonly event?: string;
}

const round6 = (x: number): number => Math.round(x * 1e6) / 1e6;

/** A repeated rejection (same nodes, reason and rejection) is logged again only after this long. */
export const REJECTION_LOG_INTERVAL_SECONDS = 3600;

/** Writes disruption decisions in the vocabulary above, de-duplicating repeated rejections. */
export class DisruptionDecisions {
  /** reason → rejection → the nodes (names joined by commas) → when it was last logged. Nested: no key string is built per call. */
  private readonly lastRejection = new Map<string, Map<string, Map<string, number>>>();
  private rejectionEntries = 0;

  constructor(
    private readonly sink: DecisionSink,
    private readonly now: () => number,
    private readonly intervalSeconds = REJECTION_LOG_INTERVAL_SECONDS,
  ) {}

  disruption(actor: string, r: DisruptionRecord): void {
    this.emit({ at: this.now(), actor, kind: DecisionKinds.disruption, ...r, savingsPerHour: round6(r.savingsPerHour) });
  }

  command(r: Omit<DisruptionRecord, 'decision'>): void {
    this.emit({
      at: this.now(),
      actor: DISRUPTION_ACTORS.disruption,
      kind: DecisionKinds.command,
      reason: r.reason,
      decision: 'replace',
      nodes: r.nodes,
      replacements: r.replacements,
      savingsPerHour: round6(r.savingsPerHour),
    });
  }

  /** A rejection; the same rejection of the same nodes is logged at most once per interval. */
  rejected(reason: DisruptionDecisionReason, nodes: readonly string[], rejection: Rejection, message: string): void {
    const now = this.now();
    let byRejection = this.lastRejection.get(reason);
    if (!byRejection) this.lastRejection.set(reason, (byRejection = new Map()));
    let byNodes = byRejection.get(rejection);
    if (!byNodes) byRejection.set(rejection, (byNodes = new Map()));
    const key = nodes.length === 1 ? nodes[0] : nodes.join(',');
    const last = byNodes.get(key);
    if (last !== undefined && now - last < this.intervalSeconds) return;
    if (last === undefined) {
      if (this.rejectionEntries >= 10_000) this.prune(now);
      this.rejectionEntries++;
    }
    byNodes.set(key, now);
    this.emit({ at: this.now(), actor: DISRUPTION_ACTORS.disruption, kind: DecisionKinds.rejected, reason, nodes, rejection, message });
  }

  abandoned(reason: DisruptionDecisionReason, nodes: readonly string[], message: string): void {
    this.emit({ at: this.now(), actor: DISRUPTION_ACTORS.disruption, kind: DecisionKinds.abandoned, reason, nodes, rejection: 'replacement-failed', message });
  }

  interruptionEvent(event: string, nodes: readonly string[], instanceId: string): void {
    this.emit({ at: this.now(), actor: DISRUPTION_ACTORS.interruption, kind: DecisionKinds.interruptionEvent, event, nodes, instanceId });
  }

  private prune(now: number): void {
    for (const byRejection of this.lastRejection.values()) {
      for (const byNodes of byRejection.values()) {
        for (const [k, t] of byNodes) {
          if (now - t < this.intervalSeconds) continue;
          byNodes.delete(k);
          this.rejectionEntries--;
        }
      }
    }
  }

  private emit(d: Decision): void {
    this.sink.record(d);
  }
}
