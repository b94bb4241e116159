import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RowError } from '../io/bad-rows.js';
import { commaPositions, fastRow } from './fleetsim-fast.js';
import { rowFromFields, type TraceRow } from './fleetsim-row.js';

const cuts = new Int32Array(16);

function slow(line: string): TraceRow | 'error' {
  try {
    return rowFromFields(line.split(','));
  } catch (e) {
    if (e instanceof RowError) return 'error';
    throw e;
  }
}

function fast(line: string): TraceRow | undefined {
  return commaPositions(line, cuts) === 17 ? fastRow(line, cuts) : undefined;
}

const numberish = fc.oneof(
  fc.constant(''),
  fc.nat({ max: 100000 }).map(String),
  fc.double({ min: 0, max: 1e6, noNaN: true }).map((d) => String(Math.round(d * 100) / 100)),
  fc.constantFrom('-1', '1e3', '0.5', '.5', ' 7', 'x', '1.', '007', '2.50', '-0', '99999999999999999'),
);
const word = fc.constantFrom('', 'a', 'web', 'team-1', 'p1', 'Deployment', 'Job');
const kind = fc.constantFrom('', 'pod', 'scale', 'job', 'delete', 'boat');
const labels = fc.constantFrom('', 'app=web', 'app=web;tier=fe', 'app', 'a=1;', 'a = 1', '=x');
const extended = fc.constantFrom('', 'vpc.amazonaws.com/efa=1');

const line = fc
  .tuple(word, kind, word, word, word, numberish, numberish, numberish, numberish, numberish, numberish, extended, numberish, labels, word, numberish, numberish)
  .map((f) => f.join(','));

describe('fleetsim CSV fast path', () => {
  it('never accepts a line the field-by-field parser rejects, and agrees with it on what it accepts', () => {
    fc.assert(
      fc.property(line, (l) => {
        const f = fast(l);
        if (f === undefined) return;
        expect(slow(l)).toEqual(f);
      }),
      { numRuns: 20000 },
    );
  });

  it('takes the common rows', () => {
    for (const l of [
      'p1,pod,,,default,0,60,,500,1024,,,,app=web;tier=fe,,,',
      'p2,pod,Job,j0,team-a,5.25,,30,250,512,1,,100,,,,',
      ',scale,Deployment,web,default,10,,,1000,2048,,,,,,3,',
      ',job,,train,ml,50,120,,2000,4096,,,-5,,,4,2',
      'p1,delete,,,,70,,,,,,,,,,,',
    ]) {
      expect(fast(l)).toBeDefined();
      expect(fast(l)).toEqual(slow(l));
    }
  });
});
