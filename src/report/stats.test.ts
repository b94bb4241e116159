import { describe, expect, it } from 'vitest';
import { distribution, meanInterval, nearestRank, round, tQuantile975 } from './stats.js';

describe('nearest-rank percentiles', () => {
  // The worked examples of the nearest-rank method (e.g. Wikipedia, "Percentile").
  it('matches the textbook examples', () => {
    const a = [15, 20, 35, 40, 50];
    expect([5, 30, 40, 50, 100].map((p) => nearestRank(a, p))).toEqual([15, 20, 20, 35, 50]);
    const b = [3, 6, 7, 8, 8, 10, 13, 15, 16, 20];
    expect([25, 50, 75, 100].map((p) => nearestRank(b, p))).toEqual([7, 8, 15, 20]);
    const c = [3, 6, 7, 8, 8, 9, 10, 13, 15, 16, 20];
    expect([25, 50, 75, 100].map((p) => nearestRank(c, p))).toEqual([7, 9, 15, 20]);
  });

  it('is exact where p × n is an integer despite floating point (95 % of 20 is the 19th value)', () => {
    const v = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(v, 95)).toBe(19);
    expect(nearestRank(v, 99)).toBe(20);
    expect(nearestRank(v, 0)).toBe(1);
  });

  it('summarises a list, empty lists as nulls', () => {
    const d = distribution(Float64Array.from([5, 1, 4, 2, 3, 100, 6, 7, 8, 9]));
    expect(d).toEqual({ p50: 5, p90: 9, p95: 100, p99: 100, max: 100, mean: 14.5 });
    expect(distribution(new Float64Array(0))).toEqual({ p50: null, p90: null, p95: null, p99: null, max: null, mean: null });
  });
});

describe('t-intervals', () => {
  it('gives mean ± t(0.975, n−1) s/√n', () => {
    // mean 3, s = √2.5, t(4) = 2.776 → half-width 2.776 × √2.5 / √5 = 1.96292
    const i = meanInterval([1, 2, 3, 4, 5]);
    expect(i.mean).toBe(3);
    expect(i.low).toBeCloseTo(1.03708, 4);
    expect(i.high).toBeCloseTo(4.96292, 4);
    expect(meanInterval([7]).low).toBeNull();
    expect(tQuantile975(1)).toBe(12.706);
    expect(tQuantile975(1000)).toBe(1.96);
  });

  it('rounds half away from zero-ish and drops negative zero', () => {
    expect(round(0.0484999, 6)).toBe(0.0485);
    expect(Object.is(round(-0.0000001, 3), 0)).toBe(true);
  });
});
