import { z } from 'zod';
import { duration } from '../../scenario/fields.js';
import type { RandomStream } from '../../sim/random.js';
import { keyedUnion } from '../keyed-union.js';

/**
 * A run-time (duration) distribution: `{fixed: 10m}`, `{exponential: {mean: 30m}}`,
 * `{lognormal: {median: 5m, p95: 1h}}` or `{uniform: {min: 1m, max: 10m}}`. Durations as "90s", "2h" or seconds.
 */
export const durationDistributionSchema = keyedUnion(
  {
    fixed: z.strictObject({ fixed: duration }),
    exponential: z.strictObject({ exponential: z.strictObject({ mean: duration }) }),
    lognormal: z.strictObject({ lognormal: z.strictObject({ median: duration, p95: duration }) }),
    uniform: z.strictObject({ uniform: z.strictObject({ min: duration, max: duration }) }),
  },
  'a duration distribution',
);
export type DurationDistribution = z.infer<typeof durationDistributionSchema>;

export function sampleDuration(d: DurationDistribution, rng: RandomStream): number {
  if ('fixed' in d) return d.fixed;
  if ('exponential' in d) return d.exponential.mean > 0 ? rng.exponential(1 / d.exponential.mean) : 0;
  if ('lognormal' in d) return rng.lognormal(d.lognormal.median, d.lognormal.p95);
  return d.uniform.min + rng.next() * (d.uniform.max - d.uniform.min);
}

/** The distribution's mean (for tests and inspection). */
export function meanDuration(d: DurationDistribution): number {
  if ('fixed' in d) return d.fixed;
  if ('exponential' in d) return d.exponential.mean;
  if ('lognormal' in d) {
    const mu = Math.log(d.lognormal.median);
    const sigma = d.lognormal.p95 > d.lognormal.median ? Math.log(d.lognormal.p95 / d.lognormal.median) / 1.6448536269514722 : 0;
    return Math.exp(mu + (sigma * sigma) / 2);
  }
  return (d.uniform.min + d.uniform.max) / 2;
}

/** Pick by weight: `[[value, weight], ...]`. */
export function weightedPick<T>(choices: readonly (readonly [T, number])[], rng: RandomStream): T {
  const total = choices.reduce((s, [, w]) => s + w, 0);
  let u = rng.next() * total;
  for (const [v, w] of choices) {
    u -= w;
    if (u < 0) return v;
  }
  return choices[choices.length - 1]![0];
}
