import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowError } from '../io/bad-rows.js';
import { FleetsimFastPath, plainDecimal } from './fleetsim-fast.js';
import { rowFromFields, type TraceRow } from './fleetsim-row.js';

function slow(line: string): TraceRow | 'error' {
  try {
    return rowFromFields(line.split(','));
  } catch (e) {
    if (e instanceof RowError) return 'error';
    throw e;
  }
}

/** The fast path on `line` placed inside a block between other lines (offsets not at 0). */
function rowOf(fast: FleetsimFastPath, line: string): TraceRow | undefined {
  const block = Buffer.from(`x,y\n${line}\nz\n`, 'utf8');
  const end = block.length - 3;
  return fast.row(block, block.toString('latin1'), 4, end);
}

const odd = fc.constantFrom('-1', '1e3', '0.5', '.5', ' 7', '7 ', '\t7', 'x', '1.', '.', '-', '-.5', '007', '2.50', '-0', '+5', '0x10', '99999999999999999', '1'.repeat(400), '1.5e3', 'Infinity');
const numberish = fc.oneof(
  { arbitrary: fc.constant(''), weight: 6 },
  { arbitrary: fc.nat({ max: 100000 }).map(String), weight: 2 },
  { arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => String(Math.round(d * 100) / 100)), weight: 1 },
  { arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }).map(String), weight: 1 },
  { arbitrary: odd, weight: 1 },
);
const arrival = fc.oneof({ arbitrary: fc.nat({ max: 1000 }).map(String), weight: 4 }, { arbitrary: numberish, weight: 1 });
const word = fc.constantFrom('', 'a', 'web', 'team-1', 'team-4', 'team-6', 'p1', 'Deployment', 'Job', ' sp', 'é', 'pod-0123456789abc', 'x'.repeat(65));
const kind = fc.constantFrom('', 'pod', 'pod', 'scale', 'job', 'delete', 'boat', 'Pod', ' pod', 'jobs');
const labels = fc.constantFrom('', '', 'app=web', 'app=web;tier=fe', 'app', 'a=1;', 'a = 1', 'a=\t1', '=x', ';', 'a=b=c', 'app=web;app=api');
const extended = fc.constantFrom('', '', '', 'vpc.amazonaws.com/efa=1', 'a=x', 'a=1;b=2.5', 'a=-1', 'a');

const line = fc
  .tuple(word, kind, word, word, word, arrival, numberish, numberish, numberish, numberish, numberish, extended, numberish, labels, word, numberish, numberish)
  .map((f) => f.join(','));

describe('fleetsim CSV fast path', () => {
  it('never accepts a line the field-by-field parser rejects, and agrees with it on what it accepts', () => {
    const fast = new FleetsimFastPath();
    let taken = 0;
    fc.assert(
      fc.property(line, (l) => {
        const f = rowOf(fast, l);
        if (f === undefined) return;
        taken++;
        expect(slow(l)).toEqual(f);
      }),
      { numRuns: 20000 },
    );
    expect(taken).toBeGreaterThan(200);
  });

  it('reads the common rows to the values written in them', () => {
    const fast = new FleetsimFastPath();
    expect(rowOf(fast, 'p2,pod,Job,j0,team-a,5.25,,30,250,512,1,,100,app=web;tier=fe,,,')).toEqual({
      kind: 'pod',
      id: 'p2',
      ownerKind: 'Job',
      ownerName: 'j0',
      namespace: 'team-a',
      arrivalSeconds: 5.25,
      endSeconds: 30,
      cpuMillis: 250,
      memoryMiB: 512,
      gpus: 1,
      priority: 100,
      labels: { app: 'web', tier: 'fe' },
    });
    expect(rowOf(fast, ',scale,Deployment,web,default,10,,,1000,2048,,,,,,3,')).toEqual({
      kind: 'scale',
      ownerKind: 'Deployment',
      ownerName: 'web',
      namespace: 'default',
      arrivalSeconds: 10,
      cpuMillis: 1000,
      memoryMiB: 2048,
      replicas: 3,
    });
    expect(rowOf(fast, ',job,,train,ml,50,120,,2000,4096,,vpc.amazonaws.com/efa=2,-5,,gpu,4,2')).toEqual({
      kind: 'job',
      ownerName: 'train',
      namespace: 'ml',
      arrivalSeconds: 50,
      durationSeconds: 120,
      cpuMillis: 2000,
      memoryMiB: 4096,
      extended: { 'vpc.amazonaws.com/efa': 2 },
      priority: -5,
      template: 'gpu',
      replicas: 4,
      parallelism: 2,
    });
    expect(rowOf(fast, 'p1,delete,,,,70,,,,,,,,,,,')).toEqual({ kind: 'delete', id: 'p1', arrivalSeconds: 70 });
    expect(rowOf(fast, 'p1,,,,,0.1,,,,,,,,,,,')).toEqual({ kind: 'pod', id: 'p1', arrivalSeconds: 0.1 });
    // Long texts (copied out of the block rather than sliced from it) read the same.
    const long = `${'n'.repeat(70)}`;
    expect(rowOf(fast, `pod-0123456789abcdef,pod,Deployment,deployment-0123456789,${long},1,,,,,,,,app=web-frontend-0123,,,`)).toEqual({
      kind: 'pod',
      id: 'pod-0123456789abcdef',
      ownerKind: 'Deployment',
      ownerName: 'deployment-0123456789',
      namespace: long,
      arrivalSeconds: 1,
      labels: { app: 'web-frontend-0123' },
    });
  });

  it('leaves quoted, padded, signed, exponent and malformed values to the field-by-field parser', () => {
    const fast = new FleetsimFastPath();
    for (const l of [
      'p1,pod,,,"ns",0,,,,,,,,,,,', // quotes
      'p1,pod,,,ns,0,,,,,,,,,,', // 16 fields
      'p1,pod,,,ns,0,,,,,,,,,,,,', // 18 fields
      'p1,pod,,,ns, 0,,,,,,,,,,,', // padded number
      'p1,pod,,,ns,1e3,,,,,,,,,,,', // exponent
      'p1,pod,,,ns,+1,,,,,,,,,,,', // plus sign
      'p1,pod,,,ns,-1,,,,,,,,,,,', // negative arrival
      'p1,pod,,,ns,0,,,,,1.5,,,,,,', // fractional gpus
      'p1,pod,,,ns,0,,,,,,,,,,,0', // parallelism 0
      'p1,pod,,,ns,0,,,,,,,,,,1,', // replicas on a pod
      'p1,pod,,,ns,5,,4,,,,,,,,,', // end before arrival
      ',pod,,,ns,0,,,,,,,,,,,', // pod without id
      'p1,Pod,,,ns,0,,,,,,,,,,,', // unknown kind
      `p1,pod,,,ns,${'1'.repeat(16)},,,,,,,,,,,`, // more digits than a double holds exactly
    ]) {
      expect(rowOf(fast, l), l).toBeUndefined();
    }
  });

  it('reads label and extended maps by the field-by-field rules (trimmed, empty parts skipped)', () => {
    const fast = new FleetsimFastPath();
    expect(rowOf(fast, 'p1,pod,,,ns,0,,,,,,a = 1; b=2 ,,app = web;;tier=fe;,,,')?.labels).toEqual({ app: 'web', tier: 'fe' });
    expect(rowOf(fast, 'p1,pod,,,ns,0,,,,,,a = 1; b=2 ,,,,,')?.extended).toEqual({ a: 1, b: 2 });
    expect(rowOf(fast, 'p1,pod,,,ns,0,,,,,,,,app,,,')).toBeUndefined();
    expect(rowOf(fast, 'p1,pod,,,ns,0,,,,,,a=x,,,,,')).toBeUndefined();
  });

  it('gives repeated names as one string and repeated label sets as one map', () => {
    const fast = new FleetsimFastPath();
    const a = rowOf(fast, 'p1,pod,Deployment,web,team-4,0,,,,,,,,app=web,,,')!;
    rowOf(fast, 'p2,pod,Deployment,api,team-6,1,,,,,,,,app=api,,,');
    const b = rowOf(fast, 'p3,pod,Deployment,web,team-4,2,,,,,,,,app=web,,,')!;
    expect(b.namespace).toBe('team-4');
    expect(b.ownerName).toBe('web');
    expect(b.labels).toBe(a.labels);
    expect(b.labels).toEqual({ app: 'web' });
  });
});

describe('plainDecimal', () => {
  const parse = (s: string, signed = false): number => plainDecimal(Buffer.from(`,${s},`, 'latin1'), 1, s.length + 1, signed);

  it('reads plain decimals', () => {
    expect(parse('0')).toBe(0);
    expect(parse('007')).toBe(7);
    expect(parse('12.5')).toBe(12.5);
    expect(parse('0.1')).toBe(0.1);
    expect(parse('1.')).toBe(1);
    expect(parse('.25')).toBe(0.25);
    expect(parse('-3', true)).toBe(-3);
    expect(parse('-0.5', true)).toBe(-0.5);
    expect(Object.is(parse('-0', true), -0)).toBe(true);
    expect(parse('999999999999999')).toBe(999999999999999);
    expect(parse('0.30000000000000004')).toBeNaN(); // 17 digits: left to Number()
  });

  it('rejects what is not a plain decimal', () => {
    for (const s of ['', '.', '-', '-1', '1e3', ' 1', '1 ', '1.2.3', '+1', '0x1', '1,5', '1234567890123456']) expect(parse(s), s).toBeNaN();
    expect(parse('--1', true)).toBeNaN();
  });

  it('gives the same double as Number() for every decimal of up to 15 digits', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,8}$/), fc.stringMatching(/^[0-9]{0,7}$/), fc.boolean(), (int, frac, neg) => {
        const s = `${neg ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
        expect(Object.is(parse(s, true), Number(s))).toBe(true);
      }),
      { numRuns: 20000 },
    );
  });
});
