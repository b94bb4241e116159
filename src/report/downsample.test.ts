import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketPlan, downsampleColumn, rowSampleIndices } from './downsample.js';

describe('min/max downsampling', () => {
  // n = 12, cap 6 → B = ⌊(6 − 2) / 2⌋ = 2 inner buckets over samples 1..10 (10 samples):
  // bucket 0 = [1 + ⌊0·10/2⌋, 1 + ⌊1·10/2⌋) = [1, 6), bucket 1 = [6, 11); rows at 0, 1, 3, 6, 8, 11.
  const v = [5, 2, 9, 4, 4, 1, 7, 7, 3, 8, 6, 0];

  it('cuts hand-computed bucket boundaries and row times', () => {
    const plan = bucketPlan(12, 6)!;
    expect(plan.buckets).toEqual([
      { from: 1, to: 6 },
      { from: 6, to: 11 },
    ]);
    expect(rowSampleIndices(plan)).toEqual([0, 1, 3, 6, 8, 11]);
  });

  it('keeps each bucket’s min and max in the order they occurred, and the first and last samples', () => {
    const plan = bucketPlan(12, 6)!;
    // bucket 0: 2 9 4 4 1 → max 9 (index 2) before min 1 (index 5); bucket 1: 7 7 3 8 6 → min 3 before max 8.
    expect(downsampleColumn(v, plan)).toEqual([5, 9, 1, 3, 8, 0]);
    // cumulative columns take their own value at each row's sample: indices 0, 1, 3, 6, 8, 11.
    expect(downsampleColumn(v, plan, 'at-time')).toEqual([5, 2, 4, 7, 3, 0]);
    // a flat bucket gives its value twice
    expect(downsampleColumn([1, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 9], plan)).toEqual([1, 4, 4, 2, 2, 9]);
  });

  it('leaves a series no longer than the cap unchanged', () => {
    expect(bucketPlan(6, 6)).toBeUndefined();
    expect(downsampleColumn([3, 1, 2], bucketPlan(3, 1200))).toEqual([3, 1, 2]);
    expect(downsampleColumn([], bucketPlan(0, 1200))).toEqual([]);
  });

  it('keeps the global max and min, the first and the last point, within the cap, for any series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 3000 }),
        fc.integer({ min: 4, max: 400 }),
        (values, cap) => {
          const plan = bucketPlan(values.length, cap);
          const out = downsampleColumn(values, plan);
          if (values.length <= cap) {
            expect(out).toEqual(values);
            return;
          }
          expect(out.length).toBeLessThanOrEqual(cap);
          expect(out.length).toBe(rowSampleIndices(plan!).length);
          expect(out[0]).toBe(values[0]);
          expect(out.at(-1)).toBe(values.at(-1));
          expect(Math.max(...out)).toBe(Math.max(...values));
          expect(Math.min(...out)).toBe(Math.min(...values));
          // every drawn value occurred in its bucket
          plan!.buckets.forEach(({ from, to }, b) => {
            const inBucket = values.slice(from, to);
            for (const x of out.slice(1 + 2 * b, 3 + 2 * b)) expect(inBucket).toContain(x);
          });
        },
      ),
      { numRuns: 300 },
    );
  });
});
