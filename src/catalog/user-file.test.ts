import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InputError, isInputError, type InputProblem } from '../scenario/errors.js';
import { parseCsv } from './csv.js';
import { loadCatalog } from './load.js';
import { parseUserCatalog } from './user-file.js';

function problemsOf(fn: () => unknown): InputProblem[] {
  try {
    fn();
  } catch (e) {
    if (isInputError(e)) return [...e.problems];
    throw e;
  }
  throw new Error('expected an InputError');
}

const HEADER = 'name,vcpu,memory_mib,arch,max_pods,od_price_usd_hr,spot_savings_pct,interruption_bucket';

describe('csv reader', () => {
  it('keeps line and column of each field, through quotes and CRLF', () => {
    const rows = parseCsv('a,"b,1"\r\n\r\n"x""y",\n');
    expect(rows.map((r) => r.fields.map((f) => [f.value, f.line, f.column]))).toEqual([
      [['a', 1, 1], ['b,1', 1, 3]],
      [['x"y', 3, 1], ['', 3, 8]],
    ]);
  });
});

describe('user catalog files', () => {
  it('reads CSV with derived family/size/category/generation and spot data', () => {
    const { specs } = parseUserCatalog('my.csv', `${HEADER}\nzz9.big,4,16384,arm64,58,0.2,50,5-10%\nzz9.small,2,8192,amd64,29,0.1,,\n`);
    expect(specs[0]).toMatchObject({ name: 'zz9.big', family: 'zz9', category: 'zz', generation: 9, size: 'big', spotSavingsPercent: 50, interruptionBucket: '5-10%' });
    expect(specs[1]!.spotSavingsPercent).toBeUndefined();
  });

  it('computes max pods from enis and ipv4_per_eni when max_pods is absent', () => {
    const { specs } = parseUserCatalog('my.csv', 'name,vcpu,memory_mib,arch,enis,ipv4_per_eni,od_price_usd_hr\nq1.large,2,8192,amd64,3,10,0.1\n');
    expect(specs[0]!.eniMaxPods).toBe(29);
  });

  it('names file, line, column and column name of every bad value', () => {
    const text = `${HEADER}\nok1.large,2,8192,amd64,29,0.1,,\nbad1.large,two,8192,x86,29,-1,,\n`;
    const p = problemsOf(() => parseUserCatalog('my.csv', text));
    expect(p).toEqual([
      { file: 'my.csv', line: 3, column: 12, path: 'vcpu', message: 'expected a whole number >= 0, found "two"' },
      { file: 'my.csv', line: 3, column: 21, path: 'arch', message: 'expected amd64 or arm64, found "x86"' },
      { file: 'my.csv', line: 3, column: 28, path: 'od_price_usd_hr', message: 'expected a number >= 0, found "-1"' },
    ]);
  });

  it('reports unknown and missing columns, wrong field counts and duplicates', () => {
    const p = problemsOf(() => parseUserCatalog('my.csv', 'name,vcpus,memory_mib,arch,max_pods,od_price_usd_hr\na1.x,1,2,amd64,3,0.1\na1.x,1,2,amd64,3,0.1\nb1.x,1\n'));
    expect(p.map((x) => [x.line, x.column, x.path ?? '', x.message])).toEqual([
      [1, 6, 'vcpus', 'unknown column "vcpus" (did you mean "vcpu"?)'],
      [1, undefined, '', 'missing required column "vcpu"'],
      [4, 1, '', 'expected 6 columns, found 2'],
      [3, 1, 'name', 'duplicate instance type "a1.x"'],
    ]);
    const dup = problemsOf(() => parseUserCatalog('d.csv', 'name,vcpu,memory_mib,arch,max_pods,od_price_usd_hr\na1.x,1,2,amd64,3,0.1\na1.x,1,2,amd64,3,,\n'));
    expect(dup.map((x) => x.message)).toEqual(['expected 6 columns, found 7']);
    const dup2 = problemsOf(() => parseUserCatalog('d.csv', 'name,vcpu,memory_mib,arch,max_pods,od_price_usd_hr\na1.x,1,2,amd64,3,0.1\na1.x,1,2,amd64,3,0.2\n'));
    expect(dup2).toEqual([{ file: 'd.csv', line: 3, column: 1, path: 'name', message: 'duplicate instance type "a1.x"' }]);
    const missing = problemsOf(() => parseUserCatalog('m.json', JSON.stringify([{ name: 'a1.x', memory_mib: 2, arch: 'amd64', max_pods: 3, od_price_usd_hr: 1 }])));
    expect(missing).toEqual([{ file: 'm.json', path: '[0].vcpu', message: 'required field is missing' }]);
  });

  it('reads JSON arrays and reports bad values by path', () => {
    const ok = parseUserCatalog('my.json', JSON.stringify([{ name: 'j1.large', vcpu: 2, memory_mib: 4096, arch: 'amd64', max_pods: 20, od_price_usd_hr: '0.05' }]));
    expect(ok.specs[0]).toMatchObject({ name: 'j1.large', onDemandPricePerHour: 0.05, eniMaxPods: 20 });
    const p = problemsOf(() => parseUserCatalog('my.json', JSON.stringify([{ name: 'j1.large', vcpu: -2, memory_mib: 4096, arch: 'amd64', max_pods: 20, od_price_usd_hr: 1, colour: 'red' }])));
    expect(p.map((x) => [x.path, x.message])).toEqual([
      ['[0].colour', 'unknown field "colour"'],
      ['[0].vcpu', 'expected a whole number >= 0, found "-2"'],
    ]);
    const syntax = problemsOf(() => parseUserCatalog('my.json', '[\n  {"name": 1 "vcpu": 2}\n]'));
    expect(syntax[0]).toMatchObject({ file: 'my.json', line: 2 });
  });

  it('loads a user file as the whole catalog, or merged into the embedded one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'fleetsim-cat-'));
    const file = join(dir, 'mine.csv');
    writeFileSync(file, `${HEADER}\nm5.large,2,8192,amd64,29,0.5,,\nzz9.big,4,16384,arm64,58,0.2,50,5-10%\n`);
    const replaced = loadCatalog({ file });
    expect(replaced.map((t) => t.name)).toEqual(['m5.large', 'zz9.big']);
    expect(replaced[0]!.onDemandPricePerHour).toBe(0.5);
    expect(replaced[0]!.allocatable).toMatchObject({ cpuMillis: 1930, memoryMiB: 6903, pods: 29 });
    const merged = loadCatalog({ file, fileMode: 'merge' });
    expect(merged.length).toBe(1346);
    expect(merged.find((t) => t.name === 'm5.large')!.onDemandPricePerHour).toBe(0.5);
    expect(() => loadCatalog({ file: join(dir, 'missing.csv') })).toThrow(InputError);
  });

  const ref = '/work/shared/data/ec2/instance-types-us-east-1.csv';
  it.skipIf(!existsSync(ref))('reads the reference CSV as a user file, and names the unpriced row precisely', () => {
    const p = problemsOf(() => loadCatalog({ file: ref }));
    expect(p.length).toBe(18);
    // dl2q.24xlarge is on line 346 and its empty price is the 25th field
    expect(p[0]).toMatchObject({ file: ref, line: 346, path: 'od_price_usd_hr', message: 'required value is empty' });
    expect(p[0]!.column).toBe('dl2q.24xlarge,dl2q,dl,2,24xlarge,96,786432,amd64,intel,0,,,,0,737,737,15,50,107,95690,718987,100000,nitro,False,'.length + 1);
  });
});
