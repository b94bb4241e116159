import { z } from 'zod';
import { duration } from '../../scenario/fields.js';
import { keyedUnion } from '../keyed-union.js';

/**
 * A load over time (any unit: requests/s, tokens/s, busy cores) for load-driven generators:
 * - `constant: v`
 * - `points: [[t, v], ...]` with `interpolate: linear` (default) or `step`; flat before the first
 *   point and after the last; t is a duration ("90s", "2h") or seconds.
 * - `diurnal: {min, max, peakAt, period}`: a cosine day curve, max at peakAt (time within the period,
 *   default 14h), min half a period away; period default 1d.
 */
const point = z.tuple([duration, z.number().min(0)]);

export const loadCurveSchema = keyedUnion(
  {
    constant: z.strictObject({ constant: z.number().min(0) }),
    points: z.strictObject({ points: z.array(point).min(1), interpolate: z.enum(['linear', 'step']).default('linear') }),
    diurnal: z.strictObject({
      diurnal: z.strictObject({
        min: z.number().min(0),
        max: z.number().min(0),
        peakAt: duration.default(14 * 3600),
        period: duration.default(86400),
      }),
    }),
  },
  'a load curve',
);
export type LoadCurveInput = z.infer<typeof loadCurveSchema>;
export type LoadCurve = (t: number) => number;

/** The cosine day curve: max at peakAt, min half a period later. */
export function diurnalValue(t: number, min: number, max: number, peakAt: number, period: number): number {
  return min + ((max - min) * (1 + Math.cos((2 * Math.PI * (t - peakAt)) / period))) / 2;
}

/** Piecewise curve over sorted (t, v) points. */
export function piecewise(points: readonly (readonly [number, number])[], interpolate: 'linear' | 'step'): LoadCurve {
  const pts = [...points].sort((a, b) => a[0] - b[0]);
  return (t) => {
    if (t <= pts[0]![0]) return pts[0]![1];
    const last = pts[pts.length - 1]!;
    if (t >= last[0]) return last[1];
    let lo = 0;
    let hi = pts.length - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (pts[mid]![0] <= t) lo = mid;
      else hi = mid;
    }
    const [t0, v0] = pts[lo]!;
    const [t1, v1] = pts[hi]!;
    if (interpolate === 'step' || t1 === t0) return v0;
    return v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
  };
}

export function loadCurve(input: LoadCurveInput): LoadCurve {
  if ('constant' in input) return () => input.constant;
  if ('points' in input) return piecewise(input.points, input.interpolate);
  const d = input.diurnal;
  return (t) => diurnalValue(t, d.min, d.max, d.peakAt, d.period);
}
