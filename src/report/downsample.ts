/**
 * Downsampling of fixed-step time series for the charts (the CSVs keep every sample).
 *
 * Method: min/max per bucket (the M4 idea without its per-bucket first/last). A series of n samples
 * longer than `maxPoints` keeps its first and last samples as they are; the n − 2 samples between them
 * are cut into B = ⌊(maxPoints − 2) / 2⌋ buckets of (nearly) equal count — bucket b covers sample indices
 * [1 + ⌊b(n−2)/B⌋, 1 + ⌊(b+1)(n−2)/B⌋) — and each bucket becomes two rows: one at the time of its first
 * sample and one at the time of its middle sample (index from + ⌊(to − from)/2⌋). For each column the two
 * rows hold the bucket's minimum and maximum, in the order they occurred (first occurrence wins ties).
 *
 * Why not largest-triangle-three-buckets: LTTB keeps one point per bucket and favours visual area, so a
 * one-sample spike of pending pods next to a tall neighbour, or a one-sample dip of node count, can be
 * dropped. Min/max keeps every extreme by construction — the global maximum and minimum of every column
 * are in the output — and with about one bucket per pixel column (the charts are 640 px wide) it draws
 * the same envelope as the full series. Columns share the row times (stacked charts need that), so the
 * minimum of one column may sit next to the maximum of another within a bucket: each column is exact
 * up to the bucket's time resolution, combinations across columns are not.
 *
 * Cumulative columns (`at-time`, e.g. cumulative cost) are not enveloped: each row holds the column's
 * own value at the row's sample time, so a monotone curve stays exact at every drawn point.
 */
export type ColumnKind = 'extremes' | 'at-time';

/** Sample-index ranges [from, to) behind each output row pair, or undefined when nothing is cut. */
export interface BucketPlan {
  readonly n: number;
  /** Inner buckets; the first (index 0) and last (index n − 1) samples are rows of their own. */
  readonly buckets: readonly { readonly from: number; readonly to: number }[];
}

export function bucketPlan(n: number, maxPoints: number): BucketPlan | undefined {
  if (n <= maxPoints) return undefined;
  const inner = n - 2;
  const count = Math.max(1, Math.floor((maxPoints - 2) / 2));
  const buckets: { from: number; to: number }[] = [];
  for (let b = 0; b < count; b++) buckets.push({ from: 1 + Math.floor((b * inner) / count), to: 1 + Math.floor(((b + 1) * inner) / count) });
  return { n, buckets };
}

/** Sample indices of the output rows: 0, then (from, mid) per bucket, then n − 1. */
export function rowSampleIndices(plan: BucketPlan): number[] {
  const rows = [0];
  for (const { from, to } of plan.buckets) {
    rows.push(from);
    if (to - from > 1) rows.push(from + Math.floor((to - from) / 2));
  }
  rows.push(plan.n - 1);
  return rows;
}

/** One column downsampled along `plan` (see the module comment); the series itself when `plan` is undefined. */
export function downsampleColumn(values: ArrayLike<number>, plan: BucketPlan | undefined, kind: ColumnKind = 'extremes'): number[] {
  if (!plan) return Array.from(values);
  const out = [values[0]!];
  for (const { from, to } of plan.buckets) {
    const mid = from + Math.floor((to - from) / 2);
    if (kind === 'at-time') {
      out.push(values[from]!);
      if (to - from > 1) out.push(values[mid]!);
      continue;
    }
    let lo = from;
    let hi = from;
    for (let i = from + 1; i < to; i++) {
      const v = values[i]!;
      if (v < values[lo]!) lo = i;
      if (v > values[hi]!) hi = i;
    }
    if (to - from === 1) out.push(values[from]!);
    else if (lo <= hi) out.push(values[lo]!, values[hi]!);
    else out.push(values[hi]!, values[lo]!);
  }
  out.push(values[plan.n - 1]!);
  return out;
}
