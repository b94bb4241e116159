/**
 * Statistics used by the reports.
 *
 * Percentiles use the nearest-rank definition: for n sorted values v[1..n] and 0 < p ≤ 100, the p-th
 * percentile is v[⌈p/100 × n⌉] — the smallest value such that at least p % of the values are ≤ it. It is
 * always one of the observed values (no interpolation). p = 0 gives the minimum. An empty list has no
 * percentiles (null).
 */
export interface Distribution {
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
  readonly max: number | null;
  readonly mean: number | null;
}

/** Nearest-rank percentile of an ascending-sorted array. */
export function nearestRank(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile must be in [0, 100], got ${p}`);
  const rank = Math.max(1, Math.ceil((p / 100) * n - 1e-9));
  return sorted[Math.min(n, rank) - 1]!;
}

/** p50/p90/p95/p99/max/mean of the values (the array is sorted in place). */
export function distribution(values: Float64Array): Distribution {
  values.sort();
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  const n = values.length;
  return {
    p50: nearestRank(values, 50),
    p90: nearestRank(values, 90),
    p95: nearestRank(values, 95),
    p99: nearestRank(values, 99),
    max: n > 0 ? values[n - 1]! : null,
    mean: n > 0 ? sum / n : null,
  };
}

/** Two-sided 97.5 % quantiles of Student's t for 1..30 degrees of freedom. */
const T975 = [
  12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093,
  2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042,
];

/** t quantile for a two-sided 95 % interval (table to 30 df, then 40/60/120, then the normal 1.96). */
export function tQuantile975(df: number): number {
  if (df < 1) return NaN;
  if (df <= 30) return T975[Math.floor(df) - 1]!;
  if (df <= 40) return 2.021;
  if (df <= 60) return 2.0;
  if (df <= 120) return 1.98;
  return 1.96;
}

export interface Interval {
  readonly mean: number;
  /** Bounds of the 95 % t-interval; null with fewer than two values. */
  readonly low: number | null;
  readonly high: number | null;
  readonly n: number;
}

/**
 * Mean and 95 % confidence interval of the mean: mean ± t(0.975, n−1) × s / √n, with s the sample
 * standard deviation. Used across seeds for each policy and, paired by seed, for the difference between
 * two policies (the interval of the per-seed differences).
 */
export function meanInterval(values: readonly number[]): Interval {
  const n = values.length;
  if (n === 0) return { mean: NaN, low: null, high: null, n };
  const mean = values.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { mean, low: null, high: null, n };
  const variance = values.reduce((a, v) => a + (v - mean) * (v - mean), 0) / (n - 1);
  const half = tQuantile975(n - 1) * Math.sqrt(variance / n);
  return { mean, low: mean - half, high: mean + half, n };
}

/** Round to `decimals` places; -0 becomes 0; non-finite values stay as they are. */
export function round(x: number, decimals: number): number {
  if (!Number.isFinite(x)) return x;
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
}

export function roundOrNull(x: number | null, decimals: number): number | null {
  return x === null || Number.isNaN(x) ? null : round(x, decimals);
}
