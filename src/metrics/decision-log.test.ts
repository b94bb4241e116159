import { describe, expect, it } from 'vitest';
import type { Decision } from '../model/index.js';
import { DecisionLog } from './decision-log.js';

describe('DecisionLog', () => {
  it('holds decisions.jsonl lines and parses them back', () => {
    const log = new DecisionLog();
    log.push({ at: 1, actor: 'a', kind: 'k', reason: 'r', n: 1.5, list: ['x', 'y'] } as Decision);
    log.push({ at: 2, actor: 'é', kind: 'k2', gone: undefined } as Decision);
    expect(log.length).toBe(2);
    expect([...log.text()].join('')).toBe('{"at":1,"actor":"a","kind":"k","reason":"r","n":1.5,"list":["x","y"]}\n{"at":2,"actor":"é","kind":"k2"}\n');
    expect(log.decisions()).toEqual([
      { at: 1, actor: 'a', kind: 'k', reason: 'r', n: 1.5, list: ['x', 'y'] },
      { at: 2, actor: 'é', kind: 'k2' },
    ]);
  });

  it('spreads over 1 MiB chunks, each ending at a line end, and takes a line longer than a chunk', () => {
    const log = new DecisionLog();
    const big = 'ü'.repeat(600_000); // 1.2 MB of UTF-8
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      const d = { at: i, actor: 'x', kind: i === 12_345 ? big : 'small' } as Decision;
      log.push(d);
      lines.push(JSON.stringify(d));
    }
    const chunks = [...log.text()];
    expect(chunks.length).toBeGreaterThan(2);
    for (const c of chunks) expect(c.endsWith('\n')).toBe(true);
    expect(chunks.join('')).toBe(lines.join('\n') + '\n');
    expect(log.decisions()[12_345]!.kind).toBe(big);
  });

  it('is empty without decisions', () => {
    const log = new DecisionLog();
    expect([...log.text()]).toEqual([]);
    expect(log.decisions()).toEqual([]);
  });
});
