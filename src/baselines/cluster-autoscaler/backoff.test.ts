import { describe, expect, it } from 'vitest';
import { NodeGroupBackoff } from './backoff.js';

describe('node group backoff', () => {
  it('starts at 5 min, doubles on failures after expiry up to 30 min, and resets after 3 h without failures', () => {
    const b = new NodeGroupBackoff(300, 1800, 10800);
    expect(b.backoff('g', 'x', 0)).toBe(300);
    expect(b.isBackedOff('g', 299)).toBe(true);
    expect(b.isBackedOff('g', 300)).toBe(false);
    expect(b.backoff('g', 'x', 400)).toBe(400 + 600);
    expect(b.backoff('g', 'x', 1100)).toBe(1100 + 1200);
    expect(b.backoff('g', 'x', 2400)).toBe(2400 + 1800);
    expect(b.backoff('g', 'x', 4300)).toBe(4300 + 1800);
    b.removeStale(4300 + 10800 + 1);
    expect(b.backoff('g', 'x', 20000)).toBe(20000 + 300);
  });

  it('a failure during a backoff restarts it without doubling', () => {
    const b = new NodeGroupBackoff(300, 1800, 10800);
    b.backoff('g', 'x', 0);
    expect(b.backoff('g', 'x', 100)).toBe(400);
  });
});
