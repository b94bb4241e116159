import { describe, expect, it } from 'vitest';
import { WallClock } from './wall-clock.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WallClock', () => {
  it('starts at the given time and runs `speed` times faster than real time', async () => {
    const c = new WallClock({ start: 1000, speed: 100 });
    expect(c.now()).toBeGreaterThanOrEqual(1000);
    expect(c.now()).toBeLessThan(1001);
    await sleep(50);
    // 50 ms real ≈ 5 s simulated (timers are coarse: allow 3–15 s)
    expect(c.now() - 1000).toBeGreaterThan(3);
    expect(c.now() - 1000).toBeLessThan(15);
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
