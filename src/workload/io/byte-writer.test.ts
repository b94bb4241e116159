import { closeSync, openSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../test/workload/helpers.js';
import { formatNumber } from '../formats/fleetsim-row.js';
import { ByteWriter } from './byte-writer.js';

/** What a ByteWriter writes to a file when `fill` runs on it. */
function written(fill: (w: ByteWriter) => void): string {
  const file = tempFile('byte-writer.out', '');
  const fd = openSync(file, 'w');
  const w = new ByteWriter(fd);
  fill(w);
  w.flush();
  closeSync(fd);
  return readFileSync(file, 'utf8');
}

const HAND: [number, string][] = [
  [0, '0'],
  [-0, '0'],
  [7, '7'],
  [-42, '-42'],
  [1024, '1024'],
  [0.5, '0.5'],
  [12.05, '12.05'],
  [0.001, '0.001'],
  [-0.25, '-0.25'],
  [5466.26, '5466.26'],
  [0.1 + 0.2, '0.30000000000000004'],
  [1e21, '1e+21'],
  [1e-7, '1e-7'],
  [123456789012.5, '123456789012.5'],
  [999999999999999, '999999999999999'],
  [2 ** 53, '9007199254740992'],
  [Infinity, 'Infinity'],
  [NaN, 'NaN'],
];

describe('ByteWriter', () => {
  it('writes numbers as String() does', () => {
    expect(written((w) => HAND.forEach(([v]) => (w.number(v), w.byte(32))))).toBe(HAND.map(([, s]) => `${s} `).join(''));
    const values = fc.oneof(
      fc.double({ noNaN: true }),
      fc.integer({ min: -1e9, max: 1e9 }).map((i) => i / 1000),
      fc.integer({ min: -1e6, max: 1e6 }).map((i) => i / 100),
      fc.integer(),
      fc.maxSafeInteger(),
    );
    fc.assert(
      fc.property(fc.array(values, { maxLength: 50 }), (vs) => {
        expect(written((w) => vs.forEach((v) => (w.number(v), w.byte(44))))).toBe(vs.map((v) => `${String(v)},`).join(''));
      }),
      { numRuns: 300 },
    );
  });

  it('writes ASCII and UTF-8 text, across many 1 MiB blocks', () => {
    expect(written((w) => (w.ascii('plain,'), w.text('é€😀'), w.byte(10)))).toBe('plain,é€😀\n');
    const line = `${'x'.repeat(99)}\n`;
    const out = written((w) => {
      for (let i = 0; i < 30_000; i++) {
        w.ascii(line);
        w.endRecord();
      }
      w.text('z'.repeat(3 << 20)); // longer than a block
    });
    expect(out.length).toBe(30_000 * 100 + (3 << 20));
    expect(out === line.repeat(30_000) + 'z'.repeat(3 << 20)).toBe(true);
  });
});

describe('formatNumber', () => {
  it('gives the String() form', () => {
    for (const [v, s] of HAND) expect(formatNumber(v)).toBe(s);
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.integer({ min: -1e12, max: 1e12 }).map((i) => i / 1000)), (v) => {
        expect(formatNumber(v)).toBe(String(v));
      }),
      { numRuns: 20000 },
    );
  });
});
