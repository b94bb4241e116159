import { describe, expect, it } from 'vitest';
import { PodTable, podColumnsFrom } from './pod-table.js';
import { StringPool, encodeUid, uidString } from './string-pool.js';

describe('encodeUid', () => {
  const roundTrip = (uid: string): { n: number; back: string } => {
    const pool = new StringPool();
    const e = encodeUid(pool, uid);
    return { n: e.n, back: uidString(pool, e.prefix, e.n) };
  };

  it('keeps a canonical numeric suffix as a number and gives the uid back', () => {
    expect(roundTrip('shop/svc-00-1')).toEqual({ n: 1, back: 'shop/svc-00-1' });
    expect(roundTrip('default/web-0')).toEqual({ n: 0, back: 'default/web-0' });
    expect(roundTrip('a/b-999999999')).toEqual({ n: 999_999_999, back: 'a/b-999999999' });
  });

  it('keeps any other uid whole (leading zeros, 10 digits, no dash, letters, empty suffix)', () => {
    for (const uid of ['a/pod-0001', 'a/pod-1234567890', 'nodash', 'a/x-12a', 'a/x-', 'a/ü-3x', '']) {
      expect(roundTrip(uid)).toEqual({ n: -1, back: uid });
    }
  });

  it('shares one prefix between the pods of an owner', () => {
    const pool = new StringPool();
    const a = encodeUid(pool, 'ns/job-7-1');
    const b = encodeUid(pool, 'ns/job-7-2');
    expect(a.prefix).toBe(b.prefix);
    expect(pool.size).toBe(2); // '' and 'ns/job-7-'
  });
});

describe('PodTable', () => {
  it('crosses chunk boundaries (65,536 rows) with every column intact', () => {
    const t = new PodTable();
    const n = 70_000;
    let misnumbered = 0;
    for (let i = 0; i < n; i++) {
      if (t.add(`ns/d-${i + 1}`, i % 2 ? 'ReplicaSet/d' : '', i, 2 * i, i % 3, 10 + i) !== i) misnumbered++;
      if (i % 5 === 0) t.setFirst('bound', i, 100 + i);
      if (i % 7 === 0) t.setNode(i, `node-${i % 11}`);
    }
    expect(misnumbered).toBe(0);
    t.setFirst('bound', 65_540, 1); // already bound at 65,640: kept
    t.addEviction(65_537);
    t.addEviction(65_537);
    t.setCompleted(69_999, true);
    const c = t.takeColumns();
    expect(c.count).toBe(n);
    for (const i of [0, 1, 65_535, 65_536, 65_537, 65_540, 69_999]) {
      expect(c.uid[i]).toBe(`ns/d-${i + 1}`);
      expect(c.owner[i]).toBe(i % 2 ? 'ReplicaSet/d' : '');
      expect(c.cpuMillis[i]).toBe(i);
      expect(c.memoryMiB[i]).toBe(2 * i);
      expect(c.gpus[i]).toBe(i % 3);
      expect(c.created[i]).toBe(10 + i);
      expect(c.bound[i]).toBe(i % 5 === 0 ? 100 + i : NaN);
      expect(c.node[i]).toBe(i % 7 === 0 ? `node-${i % 11}` : '');
      expect(Number.isNaN(c.running[i])).toBe(true);
    }
    expect(c.evictions[65_537]).toBe(2);
    expect(c.evictions[65_536]).toBe(0);
    expect(c.completed[69_999]).toBe(1);
    expect(c.completed[0]).toBe(0);
    expect(() => t.add('x', '', 0, 0, 0, 0)).toThrow(/taken/);
  });

  it('saturates evictions at 65,535', () => {
    const t = new PodTable();
    t.add('a-1', '', 0, 0, 0, 0);
    for (let k = 0; k < 70_000; k++) t.addEviction(0);
    expect(t.evictions(0)).toBe(65_535);
  });

  it('columns() copies and leaves the table usable', () => {
    const t = new PodTable();
    t.add('a-1', 'Job/a', 1, 2, 0, 5);
    const first = t.columns();
    t.set('finished', 0, 9);
    t.add('a-2', 'Job/a', 1, 2, 0, 6);
    expect(first.count).toBe(1);
    expect(Number.isNaN(first.finished[0])).toBe(true);
    const second = t.columns();
    expect(Array.from(second.finished)).toEqual([9, NaN]);
    expect(second.uid).toEqual(['a-1', 'a-2']);
  });

  it('podColumnsFrom gives the rows back', () => {
    const c = podColumnsFrom([
      { uid: 'ns/p-3', owner: 'Job/j', created: 1, bound: 2, node: 'n1', evictions: 4, completed: true },
      { uid: 'ns/odd', created: 3 },
    ]);
    expect(c.uid).toEqual(['ns/p-3', 'ns/odd']);
    expect(c.owner).toEqual(['Job/j', '']);
    expect(c.node).toEqual(['n1', '']);
    expect(Array.from(c.bound)).toEqual([2, NaN]);
    expect(Array.from(c.evictions)).toEqual([4, 0]);
    expect(Array.from(c.completed)).toEqual([1, 0]);
  });
});
