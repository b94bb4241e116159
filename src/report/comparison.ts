import type { RunChartData } from './chart-data.js';
import { MAIN_FIGURES } from './figures.js';
import { meanInterval, roundOrNull } from './stats.js';
import type { Summary } from './summary.js';

/** One run of a comparison, as the runtime hands it over after `writeRunReport`. */
export interface ComparisonRun {
  readonly policy: string;
  readonly seed: number;
  readonly summary: Summary;
  /** Chart data of the run (`writeRunReport` returns it); without it the run is left out of the charts. */
  readonly chartData?: RunChartData;
  /** The run's directory relative to the comparison directory (links, rebuilds), e.g. "karpenter/seed-1". */
  readonly dir?: string;
}

export interface FigureStats {
  readonly mean: number | null;
  /** 95 % t-interval of the mean across seeds; null with fewer than two seeds. */
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

export interface PolicyComparison {
  readonly policy: string;
  readonly seeds: readonly { seed: number; dir?: string; summary: Summary }[];
  readonly figures: Readonly<Record<string, FigureStats>>;
  /**
   * This policy minus the baseline, paired by seed: mean of the per-seed differences and its 95 %
   * t-interval (absent for the baseline itself).
   */
  readonly differenceFromBaseline?: Readonly<Record<string, FigureStats>>;
}

/** comparison.json (schemaVersion 1). */
export interface Comparison {
  readonly schemaVersion: 1;
  readonly scenario: string;
  readonly horizonSeconds: number;
  /** The first policy: differences are relative to it. */
  readonly baseline: string;
  readonly figures: readonly { key: string; label: string; unit: string }[];
  readonly policies: readonly PolicyComparison[];
}

function stats(values: readonly (number | null)[]): FigureStats {
  const xs = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const i = meanInterval(xs);
  return { mean: roundOrNull(xs.length ? i.mean : null, 6), low: roundOrNull(i.low, 6), high: roundOrNull(i.high, 6), n: i.n };
}

/** Policies in order of first appearance; seeds sorted; differences paired on the seeds both policies ran. */
export function buildComparison(runs: readonly ComparisonRun[]): Comparison {
  if (runs.length === 0) throw new Error('a comparison needs at least one run');
  const policies = [...new Set(runs.map((r) => r.policy))];
  const byPolicy = new Map(policies.map((p) => [p, runs.filter((r) => r.policy === p).sort((a, b) => a.seed - b.seed)]));
  const baseline = policies[0]!;
  const baseBySeed = new Map(byPolicy.get(baseline)!.map((r) => [r.seed, r.summary]));
  return {
    schemaVersion: 1,
    scenario: runs[0]!.summary.scenario,
    horizonSeconds: runs[0]!.summary.horizonSeconds,
    baseline,
    figures: MAIN_FIGURES.map((f) => ({ key: f.key, label: f.label, unit: f.unit })),
    policies: policies.map((policy) => {
      const rs = byPolicy.get(policy)!;
      const figures = Object.fromEntries(MAIN_FIGURES.map((f) => [f.key, stats(rs.map((r) => f.get(r.summary)))]));
      const entry: PolicyComparison = {
        policy,
        seeds: rs.map((r) => ({ seed: r.seed, ...(r.dir !== undefined ? { dir: r.dir } : {}), summary: r.summary })),
        figures,
      };
      if (policy === baseline) return entry;
      const diff = Object.fromEntries(
        MAIN_FIGURES.map((f) => {
          const d: (number | null)[] = [];
          for (const r of rs) {
            const base = baseBySeed.get(r.seed);
            const a = f.get(r.summary);
            const b = base ? f.get(base) : null;
            if (a !== null && b !== null) d.push(a - b);
          }
          return [f.key, stats(d)];
        }),
      );
      return { ...entry, differenceFromBaseline: diff };
    }),
  };
}

export function comparisonJson(c: Comparison): string {
  return JSON.stringify(c, null, 2) + '\n';
}

/** Conventional run directory inside a comparison directory. */
export function runDirName(policy: string, seed: number): string {
  return `${policy}/seed-${seed}`;
}
