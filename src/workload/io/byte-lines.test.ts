import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { tempFile } from '../../../test/workload/helpers.js';
import { ByteLineCursor } from './byte-lines.js';
import { CHUNK_BYTES } from './line-reader.js';

/** Every line of a file through the byte cursor: [line number, text, text of the bytes read as Latin-1]. */
function lines(file: string): [number, string, string][] {
  const c = new ByteLineCursor(file);
  const out: [number, string, string][] = [];
  while (c.advance()) out.push([c.line, c.text(), c.latin1().slice(c.start, c.end)]);
  c.return();
  return out;
}

describe('ByteLineCursor', () => {
  it('splits on \\n and \\r\\n, keeps empty lines, counts a last line without newline, drops a BOM', () => {
    const file = tempFile('bl1.csv', '\ufeffa,b\r\n\r\nc\n\nd');
    expect(lines(file).map(([n, t]) => [n, t])).toEqual([
      [1, 'a,b'],
      [2, ''],
      [3, 'c'],
      [4, ''],
      [5, 'd'],
    ]);
  });

  it('gives UTF-8 text, and byte offsets that index the Latin-1 view of the block', () => {
    const file = tempFile('bl2.csv', 'x,é\nplain\n');
    const got = lines(file);
    expect(got[0]!.slice(0, 2)).toEqual([1, 'x,é']);
    expect(got[0]![2]).toBe('x,\u00c3\u00a9'); // é is 2 bytes (C3 A9): 2 Latin-1 characters
    expect(got[1]).toEqual([2, 'plain', 'plain']);
  });

  it('reads lines across block boundaries and lines longer than a block', () => {
    const long = 'y'.repeat(CHUNK_BYTES * 2 + 17);
    const short = Array.from({ length: 50_000 }, (_, i) => `row-${i}`);
    const text = [...short, long, 'after'].join('\n') + '\n';
    const got = lines(tempFile('bl3.csv', text));
    expect(got.length).toBe(50_002);
    expect(got[49_999]!.slice(0, 2)).toEqual([50_000, 'row-49999']);
    expect(got[50_000]![1].length).toBe(CHUNK_BYTES * 2 + 17);
    expect(got[50_001]!.slice(0, 2)).toEqual([50_002, 'after']);
  });

  it('reads a .gz file whole, and yields lines through the iterator protocol too', () => {
    const file = tempFile('bl4.csv.gz', gzipSync(Buffer.from('h\r\n1\n2')));
    expect([...new ByteLineCursor(file)]).toEqual([
      { text: 'h', line: 1 },
      { text: '1', line: 2 },
      { text: '2', line: 3 },
    ]);
  });

  it('refuses binary data', () => {
    expect(() => lines(tempFile('bl5.csv', Buffer.from([0x61, 0x00, 0x62])))).toThrow(/binary data/);
  });
});
