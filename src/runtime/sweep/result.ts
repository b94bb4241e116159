import { MAIN_FIGURES, meanInterval, roundOrNull, type Summary } from '../../report/index.js';
import type { SweepGrid } from './grid.js';

export interface SweepFigureStats {
  readonly mean: number | null;
  /** 95 % t-interval of the mean across seeds; null with fewer than two seeds. */
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

export interface SweepRunEntry {
  readonly seed: number;
  /** The run's report directory relative to the sweep directory. */
  readonly dir: string;
  /** The main figures of this run (MAIN_FIGURES keys; null where undefined, e.g. no pods). */
  readonly figures: Readonly<Record<string, number | null>>;
}

export interface SweepPolicyEntry {
  readonly policy: string;
  readonly runs: readonly SweepRunEntry[];
  readonly figures: Readonly<Record<string, SweepFigureStats>>;
}

export interface SweepPointEntry {
  readonly id: string;
  readonly values: Readonly<Record<string, unknown>>;
  readonly horizonSeconds: number;
  readonly policies: readonly SweepPolicyEntry[];
}

/** sweep.json (schemaVersion 1): deterministic for a given (scenario, --set values, policies, seeds). */
export interface SweepResult {
  readonly schemaVersion: 1;
  readonly scenario: string;
  readonly scenarioSha256: string;
  readonly parameters: readonly { readonly path: string; readonly values: readonly unknown[] }[];
  readonly policies: readonly string[];
  readonly seedsPerPoint: number;
  readonly figures: readonly { readonly key: string; readonly label: string; readonly unit: string; readonly lowerIsBetter: boolean }[];
  readonly points: readonly SweepPointEntry[];
}

function stats(values: readonly (number | null)[]): SweepFigureStats {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const i = meanInterval(xs);
  return { mean: roundOrNull(xs.length ? i.mean : null, 6), low: roundOrNull(i.low, 6), high: roundOrNull(i.high, 6), n: i.n };
}

/** The combined result; `summaryOf(runIndex)` gives each run's summary (every run of the grid is needed). */
export function buildSweepResult(grid: SweepGrid, summaryOf: (runIndex: number) => Summary): SweepResult {
  const points: SweepPointEntry[] = grid.points.map((point) => {
    const runs = grid.runs.filter((r) => r.point === point.id);
    let horizonSeconds = 0;
    const policies = grid.policies.map((policy) => {
      const entries = runs
        .filter((r) => r.policy === policy)
        .sort((a, b) => a.seed - b.seed)
        .map((r) => {
          const summary = summaryOf(r.index);
          horizonSeconds = summary.horizonSeconds;
          return { seed: r.seed, dir: r.dir, summary };
        });
      const figures = Object.fromEntries(MAIN_FIGURES.map((f) => [f.key, stats(entries.map((e) => f.get(e.summary)))]));
      return {
        policy,
        runs: entries.map((e) => ({
          seed: e.seed,
          dir: e.dir,
          figures: Object.fromEntries(MAIN_FIGURES.map((f) => [f.key, roundOrNull(f.get(e.summary), 6)])),
        })),
        figures,
      };
    });
    return { id: point.id, values: point.values, horizonSeconds, policies };
  });
  return {
    schemaVersion: 1,
    scenario: grid.scenario,
    scenarioSha256: grid.scenarioSha256,
    parameters: grid.parameters,
    policies: grid.policies,
    seedsPerPoint: grid.seedsPerPoint,
    figures: MAIN_FIGURES.map((f) => ({ key: f.key, label: f.label, unit: f.unit, lowerIsBetter: f.lowerIsBetter })),
    points,
  };
}

export function sweepJson(result: SweepResult): string {
  return JSON.stringify(result, null, 2) + '\n';
}
