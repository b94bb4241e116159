import { describe, expect, it } from 'vitest';
import { SlowestPods } from './slowest-pods.js';

const pod = (i: number) => () => ({ id: `p${i}`, owner: '', created: i, bound: null, node: '', evictions: 0 });

describe('SlowestPods', () => {
  it('keeps the K longest pending, longest first, ties in row order', () => {
    const s = new SlowestPods(3);
    [5, 9, 1, 9, 7, 7, 2].forEach((p, i) => s.offer(i, p, pod(i)));
    expect(s.result().map((p) => [p.id, p.pendingSeconds])).toEqual([
      ['p1', 9],
      ['p3', 9],
      ['p4', 7],
    ]);
    expect(s.count).toBe(7);
  });

  it('builds a row only for pods that make the list', () => {
    const s = new SlowestPods(2);
    let built = 0;
    const counted = (i: number) => () => (built++, pod(i)());
    [10, 20, 5, 5, 30, 1].forEach((p, i) => s.offer(i, p, counted(i)));
    // 10 and 20 fill the list; 5, 5 and 1 are below it; 30 enters.
    expect(built).toBe(3);
    expect(s.result().map((p) => p.id)).toEqual(['p4', 'p1']);
  });

  it('matches a full sort on a larger input', () => {
    const s = new SlowestPods(50);
    const pending = Array.from({ length: 5000 }, (_, i) => (i * 7919) % 613);
    pending.forEach((p, i) => s.offer(i, p, pod(i)));
    const expected = pending
      .map((p, i) => ({ p, i }))
      .sort((a, b) => b.p - a.p || a.i - b.i)
      .slice(0, 50)
      .map((e) => `p${e.i}`);
    expect(s.result().map((p) => p.id)).toEqual(expected);
  });
});
