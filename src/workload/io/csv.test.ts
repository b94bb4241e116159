import { describe, expect, it } from 'vitest';
import { CsvSyntaxError, csvField, fieldColumn, readCsvRecords } from './csv.js';
import type { Line } from './line-reader.js';
import { readLines } from './line-reader.js';
import { tempFile } from '../../../test/workload/helpers.js';

const lines = (text: string): Line[] => text.split('\n').map((t, i) => ({ text: t, line: i + 1 }));

describe('CSV records', () => {
  it('splits plain and quoted fields, with "" for a quote and a newline inside quotes', () => {
    const recs = [...readCsvRecords(lines('a,b,c\n"x,1","say ""hi""",z\n"multi\nline",2,3\nlast,,'))];
    expect(recs.map((r) => r.fields)).toEqual([
      ['a', 'b', 'c'],
      ['x,1', 'say "hi"', 'z'],
      ['multi\nline', '2', '3'],
      ['last', '', ''],
    ]);
    expect(recs.map((r) => r.line)).toEqual([1, 2, 3, 5]);
  });

  it('reports the 1-based column where each field starts', () => {
    const [plain, quoted] = [...readCsvRecords(lines('ab,cde,f\n"q,q",xy'))];
    expect([1, 4, 8].map((_, i) => fieldColumn(plain!, i))).toEqual([1, 4, 8]);
    expect(fieldColumn(quoted!, 1)).toBe(7);
  });

  it('skips comment and blank lines', () => {
    expect([...readCsvRecords(lines('# header\n\n1,2'), { comment: '#' })].map((r) => r.fields)).toEqual([['1', '2']]);
  });

  it('rejects an unterminated quote and a stray quote with their positions', () => {
    const unterminated = (): unknown => [...readCsvRecords(lines('1,"open\n2'))];
    expect(unterminated).toThrow(CsvSyntaxError);
    expect(unterminated).toThrow('unterminated quoted field');
    let caught: unknown;
    try {
      void [...readCsvRecords(lines('ab,c"d'))];
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CsvSyntaxError);
    expect([(caught as CsvSyntaxError).line, (caught as CsvSyntaxError).column]).toEqual([1, 5]);
  });

  it('quotes output fields only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
  });
});

describe('line reader', () => {
  it('reads CRLF and LF lines, drops a BOM, keeps a last line without newline, across 1 MiB chunks', () => {
    const long = 'x'.repeat(1_500_000);
    const file = tempFile('lines.txt', `\ufeffa\r\nb\n${long}\nz`);
    const got = [...readLines(file)];
    expect(got.map((l) => l.text.length)).toEqual([1, 1, 1_500_000, 1]);
    expect(got[0]!.text).toBe('a');
    expect(got[3]).toEqual({ text: 'z', line: 4 });
  });

  it('decodes multi-byte characters split across chunk borders', () => {
    const text = 'é'.repeat(700_000);
    const file = tempFile('utf8.txt', `${text}\n`);
    expect([...readLines(file)][0]!.text).toBe(text);
  });
});

describe('line reader cleanup', () => {
  it('closes its file when a loop stops early', async () => {
    const { readdirSync } = await import('node:fs');
    const file = tempFile('early.txt', 'a\nb\nc\n');
    const open = (): number => readdirSync('/proc/self/fd').length;
    const before = open();
    for (let i = 0; i < 50; i++) {
      for (const l of readLines(file)) if (l.line === 1) break;
    }
    expect(open()).toBe(before);
  });
});
