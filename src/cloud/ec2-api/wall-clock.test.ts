import { describe, expect, it } from 'vitest';
import { WallClock } from './wall-clock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WallClock', () => {
  it('starts at the given time and runs `speed` times faster than real time', async () => {
    const r0 = performance.now();
    const c = new WallClock({ start: 1000, speed: 100 });
    expect(c.now()).toBeGreaterThanOrEqual(1000);
    const r1 = performance.now();
    await sleep(50);
    const r2 = performance.now();
    const simulated = c.now() - 1000;
    const r3 = performance.now();
    // at least 100 × the real time slept, at most 100 × the real time since construction (+ timer slack)
    expect(simulated).toBeGreaterThanOrEqual(((r2 - r1) / 1000) * 100 * 0.99);
    expect(simulated).toBeLessThanOrEqual(((r3 - r0) / 1000) * 100 * 1.01);
  });

  it('fires timers after delay / speed real seconds, in time order, and cancels', async () => {
    const c = new WallClock({ speed: 1000 });
    const fired: string[] = [];
    c.schedule(20, () => fired.push('b'));
    c.schedule(5, () => fired.push('a'));
    const h = c.schedule(10, () => fired.push('cancelled'));
    c.cancel(h);
    expect(c.pending).toBe(2);
    await sleep(60);
    expect(fired).toEqual(['a', 'b']);
    expect(c.pending).toBe(0);
  });

  it('close() drops every pending timer', async () => {
    const c = new WallClock({ speed: 1000 });
    let n = 0;
    c.schedule(1, () => n++);
    c.close();
    await sleep(20);
    expect(n).toBe(0);
  });

  it('rejects a non-positive speed and negative delays', () => {
    expect(() => new WallClock({ speed: 0 })).toThrow(RangeError);
    expect(() => new WallClock().schedule(-1, () => {})).toThrow(RangeError);
  });
});
