import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cell, num } from './csv.js';

/** What the CSV writers printed before the fast path (the reference): String(round(x, decimals)). */
function reference(x: number, decimals: number): string {
  if (Number.isNaN(x)) return '';
  const f = 10 ** decimals;
  const r = Math.round(x * f) / f;
  return String(r === 0 ? 0 : r);
}

describe('num', () => {
  it('prints hand-picked values with at most the given decimals', () => {
    expect(num(2.5612062378786504)).toBe('2.561');
    expect(num(3036)).toBe('3036');
    expect(num(0.0004)).toBe('0');
    expect(num(-0.0004)).toBe('0');
    expect(num(-1.25)).toBe('-1.25');
    expect(num(1.0005)).toBe('1.001');
    expect(num(0.1 + 0.2)).toBe('0.3');
    expect(num(1e-6, 6)).toBe('0.000001');
    expect(num(0.0000004, 6)).toBe('0');
    expect(num(12.5, 0)).toBe('13');
    expect(num(-0.4, 0)).toBe('0');
    expect(num(1_700_000_000.1234)).toBe('1700000000.123');
    expect(num(0.0631456317969129, 10)).toBe('0.0631456318');
    expect(num(NaN)).toBe('');
    expect(num(undefined)).toBe('');
    expect(num(Infinity)).toBe('Infinity');
  });

  it('gives the same bytes as String(round(x, d)) for any double and 0–6 decimals', () => {
    const anyDouble = fc.oneof(
      fc.double({ noNaN: true }),
      fc.double({ min: -1e7, max: 1e7, noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((k) => k / 1000),
      fc.integer({ min: 0, max: 1e6 }).map((k) => k / 1e6 + 1.7e9),
      fc.integer({ min: -1e6, max: 1e6 }).map((k) => k + 0.5),
    );
    fc.assert(
      fc.property(anyDouble, fc.integer({ min: 0, max: 6 }), (x, d) => {
        expect(num(x, d)).toBe(reference(x, d));
      }),
      { numRuns: 5_000 },
    );
  });

  it('quotes cells with commas, quotes or line breaks (RFC 4180)', () => {
    expect(cell('a,b')).toBe('"a,b"');
    expect(cell('say "hi"')).toBe('"say ""hi"""');
    expect(cell('plain')).toBe('plain');
  });
});
