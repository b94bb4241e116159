import { describe, expect, it } from 'vitest';
import { isQuantityError, parseCount, parseCpuMillis, parseMemoryMiB, parseQuantity, QuantityError } from './quantity.js';

describe('parseQuantity (resource.Quantity)', () => {
  it.each([
    ['500m', 0.5],
    ['1.5', 1.5],
    ['0.1', 0.1],
    ['2', 2],
    ['2Gi', 2 * 1024 ** 3],
    ['100Ki', 102400],
    ['1Mi', 1048576],
    ['1G', 1e9],
    ['1k', 1000],
    ['1M', 1e6],
    ['1T', 1e12],
    ['1E', 1e18],
    ['1Ei', 2 ** 60],
    ['1e3', 1000],
    ['1E3', 1000],
    ['1.5e3', 1500],
    ['5e-3', 0.005],
    ['250u', 0.00025],
    ['10n', 1e-8],
    ['.5', 0.5],
    ['1.', 1],
    ['+3', 3],
    ['-3', -3],
    ['1.5Gi', 1.5 * 1024 ** 3],
  ])('%s = %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });
  it('accepts numbers', () => {
    expect(parseQuantity(1.5)).toBe(1.5);
    expect(parseQuantity(0)).toBe(0);
  });
  it('rounds up to nano precision as Kubernetes does', () => {
    expect(parseQuantity('0.0000000001')).toBe(1e-9);
    expect(parseQuantity('1e-12')).toBe(1e-9);
  });
  it.each(['1.2.3', '5Qi', '', '.', 'm', 'Ki', '1e', '1 Gi', ' 1', '1i', '1KI', '1kb', '--1', '1e3.5', 'abc'])('rejects "%s"', (text) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
  });
  it('the error names the bad text and has a stable code', () => {
    try {
      parseQuantity('1.2.3');
      expect.unreachable();
    } catch (e) {
      expect(isQuantityError(e)).toBe(true);
      expect((e as QuantityError).text).toBe('1.2.3');
      expect((e as QuantityError).code).toBe('INVALID_QUANTITY');
      expect((e as Error).message).toContain('"1.2.3"');
    }
    expect(() => parseQuantity(Number.NaN)).toThrow(QuantityError);
  });
});

describe('parseCpuMillis', () => {
  it('converts to millicores, rounding up', () => {
    expect(parseCpuMillis('500m')).toBe(500);
    expect(parseCpuMillis('1.5')).toBe(1500);
    expect(parseCpuMillis('0.1')).toBe(100); // exact decimal: not 101
    expect(parseCpuMillis('2')).toBe(2000);
    expect(parseCpuMillis(0.25)).toBe(250);
    expect(parseCpuMillis('0.0001')).toBe(1);
    expect(parseCpuMillis('100u')).toBe(1);
    expect(parseCpuMillis('1e3')).toBe(1_000_000);
    expect(parseCpuMillis('0')).toBe(0);
  });
  it('refuses negative amounts', () => {
    expect(() => parseCpuMillis('-1')).toThrow(QuantityError);
  });
});

describe('parseMemoryMiB', () => {
  it('converts bytes to MiB, rounding up', () => {
    expect(parseMemoryMiB('2Gi')).toBe(2048);
    expect(parseMemoryMiB('1G')).toBe(954); // 1e9 / 1048576 = 953.67
    expect(parseMemoryMiB('128Mi')).toBe(128);
    expect(parseMemoryMiB('100Ki')).toBe(1);
    expect(parseMemoryMiB('1048577')).toBe(2);
    expect(parseMemoryMiB('1e3')).toBe(1);
    expect(parseMemoryMiB('0')).toBe(0);
    expect(parseMemoryMiB('0.5Gi')).toBe(512);
  });
  it('parseCount rounds up to whole units', () => {
    expect(parseCount('2')).toBe(2);
    expect(parseCount('1k')).toBe(1000);
    expect(parseCount('1500m')).toBe(2);
  });
});

describe("Kubernetes' Quantity rules (resource.ParseQuantity, checked case by case against its grammar)", () => {
  // <quantity> ::= <signedNumber><suffix>; <suffix> ::= <binarySI> | <decimalExponent> | <decimalSI>;
  // <decimalExponent> ::= "e" <signedNumber> | "E" <signedNumber>; values kept exactly, rounded up to nano.
  it.each([
    ['1e+3', 1000],
    ['1E-3', 0.001],
    ['1.e3', 1000],
    ['1.0e3', 1000],
    ['007', 7],
    ['-0', 0],
    ['+0.5', 0.5],
    ['1.5Ki', 1536],
    ['0.5Gi', 536870912],
    ['1Pi', 2 ** 50],
    ['1P', 1e15],
    ['2u', 0.000002],
  ])('%s = %d', (text, value) => {
    expect(parseQuantity(text)).toBeCloseTo(value, 12);
  });
  it('"E" alone is exa, "E" followed by digits is an exponent', () => {
    expect(parseQuantity('2E')).toBe(2e18);
    expect(parseQuantity('2E2')).toBe(200);
  });
  it.each(['1K', '1ki', '1mi', '1e', 'e3', '1e+', '1.5.Gi', '1Gi2', '0x10', '1_000', 'Infinity', 'NaN', '1 '])('rejects "%s"', (text) => {
    expect(() => parseQuantity(text)).toThrow(QuantityError);
  });
  it('CPU rounds up to whole millicores (MilliValue = ceil(q × 1000)); memory up to whole bytes', () => {
    expect(parseCpuMillis('1n')).toBe(1);
    expect(parseCpuMillis('1.5m')).toBe(2);
    expect(parseCpuMillis('1001u')).toBe(2);
    expect(parseCpuMillis('1e-3')).toBe(1);
    expect(parseCpuMillis('2.0005')).toBe(2001);
    expect(parseMemoryMiB('1.5')).toBe(1); // 2 bytes → 1 MiB
    expect(parseMemoryMiB('1Ei')).toBe(2 ** 40);
    expect(parseMemoryMiB('1.5Mi')).toBe(2);
    expect(parseMemoryMiB('1572864')).toBe(2); // 1.5 MiB of bytes → 2 MiB
    expect(parseMemoryMiB('1048576')).toBe(1);
  });
  it('keeps decimal fractions exact (no binary floating-point error)', () => {
    expect(parseCpuMillis('0.3')).toBe(300);
    expect(parseCpuMillis('0.7')).toBe(700);
    expect(parseCpuMillis('1.1')).toBe(1100);
    expect(parseMemoryMiB('0.1Gi')).toBe(103); // 107374182.4 bytes → 107374183 → 102.4… MiB → 103
  });
});
