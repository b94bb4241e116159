/**
 * Disruption knobs with Karpenter's defaults (core `pkg/controllers/disruption/*`, `state/statenode.go`,
 * `nodeclaim/disruption/*`; see the reference constants). Times in seconds.
 */
export interface DisruptionOptions {
  /** Poll interval of the disruption controller when no method produced a command. */
  readonly pollSeconds: number;
  /** Wait between computing a consolidation/emptiness command and re-validating it (`commandValidationDelay`). */
  readonly validationSeconds: number;
  /** A node the provisioner nominated pods onto within this window is not a candidate (max(2×batchMax, 10 s)). */
  readonly nominationWindowSeconds: number;
  /** Multi-node consolidation considers at most this many candidates. */
  readonly multiNodeMaxCandidates: number;
  /** Consolidation is recomputed at least this often even when the cluster did not change. */
  readonly consolidationRecheckSeconds: number;
  /** SpotToSpotConsolidation feature gate (off by default, as in Karpenter). */
  readonly spotToSpotConsolidation: boolean;
  /** Single-node spot→spot consolidation needs at least this many cheaper spot types, then keeps this many. */
  readonly spotToSpotMinTypes: number;
  /** Drifted conditions are re-evaluated this often (and at once after a configuration change). */
  readonly driftRecheckSeconds: number;
  /** lastPodEventTime is not moved again within this long of its last update (core podevents dedupe). */
  readonly podEventDedupeSeconds: number;
  /** How often a command waiting for its replacements looks at them again. */
  readonly commandPollSeconds: number;
  /** Command timeout: clamp(perCommand × #commands, min, max). */
  readonly commandTimeoutPerCommandSeconds: number;
  readonly commandTimeoutMinSeconds: number;
  readonly commandTimeoutMaxSeconds: number;
  /**
   * Seconds since 1970-01-01T00:00Z at simulated time 0: budget cron schedules are evaluated against
   * epochOffsetSeconds + clock.now(). Default 0 (t = 0 is the Unix epoch); live runs whose clock
   * already counts from the epoch keep 0 too.
   */
  readonly epochOffsetSeconds: number;
}

export const DEFAULT_DISRUPTION_OPTIONS: DisruptionOptions = Object.freeze({
  pollSeconds: 10,
  validationSeconds: 15,
  nominationWindowSeconds: 20,
  multiNodeMaxCandidates: 100,
  consolidationRecheckSeconds: 300,
  spotToSpotConsolidation: false,
  spotToSpotMinTypes: 15,
  driftRecheckSeconds: 300,
  podEventDedupeSeconds: 10,
  commandPollSeconds: 1,
  commandTimeoutPerCommandSeconds: 0.08,
  commandTimeoutMinSeconds: 600,
  commandTimeoutMaxSeconds: 3600,
  epochOffsetSeconds: 0,
});

export function resolveDisruptionOptions(partial: Partial<DisruptionOptions> = {}): DisruptionOptions {
  return { ...DEFAULT_DISRUPTION_OPTIONS, ...partial };
}

/** Karpenter's command timeout: clamp(80 ms × #commands, 10 min, 1 h). */
export function commandTimeoutSeconds(o: DisruptionOptions, commands: number): number {
  return Math.min(o.commandTimeoutMaxSeconds, Math.max(o.commandTimeoutMinSeconds, o.commandTimeoutPerCommandSeconds * commands));
}
