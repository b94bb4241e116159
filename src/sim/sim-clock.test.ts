import { describe, expect, it } from 'vitest';
import { SimClock } from './sim-clock.js';
import { EventQueue } from './event-queue.js';
import { RandomSource } from './random.js';
import { ControllerLoop } from './controller-loop.js';

describe('EventQueue', () => {
  it('pops by time, then priority, then insertion order', () => {
    const q = new EventQueue();
    const out: string[] = [];
    q.push(5, 1, () => out.push('t5-p1-a'));
    q.push(1, 9, () => out.push('t1-p9'));
    q.push(5, 0, () => out.push('t5-p0'));
    q.push(5, 1, () => out.push('t5-p1-b'));
    q.push(0.5, 50, () => out.push('t0.5'));
    for (let e = q.pop(); e; e = q.pop()) e.action();
    expect(out).toEqual(['t0.5', 't1-p9', 't5-p0', 't5-p1-a', 't5-p1-b']);
  });

  it('drops cancelled events and keeps the live count', () => {
    const q = new EventQueue();
    const a = q.push(1, 0, () => undefined);
    q.push(2, 0, () => undefined);
    q.cancel(a);
    q.cancel(a);
    expect(q.size).toBe(1);
    expect(q.pop()?.at).toBe(2);
    expect(q.pop()).toBeUndefined();
  });

  it('orders 10,000 random events like a stable sort', () => {
    const q = new EventQueue();
    const rnd = new RandomSource(7).stream('t');
    const items: { at: number; pr: number; i: number }[] = [];
    for (let i = 0; i < 10_000; i++) {
      const it = { at: rnd.int(100), pr: rnd.int(3), i };
      items.push(it);
      q.push(it.at, it.pr, () => undefined);
    }
    const expected = [...items].sort((x, y) => x.at - y.at || x.pr - y.pr || x.i - y.i);
    const got: { at: number; pr: number; seq: number }[] = [];
    for (let e = q.pop(); e; e = q.pop()) got.push({ at: e.at, pr: e.priority, seq: e.seq });
    expect(got.map((g) => g.seq)).toEqual(expected.map((e) => e.i));
  });
});

describe('SimClock', () => {
  it('jumps to each event time and stops at run(until)', () => {
    const clock = new SimClock();
    const seen: number[] = [];
    clock.schedule(10, () => seen.push(clock.now()));
    clock.schedule(3, () => {
      seen.push(clock.now());
      clock.schedule(4, () => seen.push(clock.now()));
    });
    clock.schedule(100, () => seen.push(clock.now()));
    clock.run(50);
    expect(seen).toEqual([3, 7, 10]);
    expect(clock.now()).toBe(50);
    expect(clock.pending).toBe(1);
  });

  it('propagates failures from events', () => {
    const clock = new SimClock();
    clock.schedule(1, () => {
      throw new Error('boom');
    });
    expect(() => clock.run(5)).toThrow('boom');
  });

  it('rejects negative delays', () => {
    expect(() => new SimClock().schedule(-1, () => undefined)).toThrow(RangeError);
  });
});

describe('RandomSource', () => {
  it('gives the same sequence for the same seed and stream, independent of other streams', () => {
    const a = new RandomSource(42);
    const b = new RandomSource(42);
    b.stream('other').next();
    b.stream('other').next();
    const xs = Array.from({ length: 5 }, () => a.stream('boot').next());
    const ys = Array.from({ length: 5 }, () => b.stream('boot').next());
    expect(xs).toEqual(ys);
    expect(new RandomSource(43).stream('boot').next()).not.toBe(xs[0]);
  });

  it('lognormal(median, p95) has about that median and p95', () => {
    const r = new RandomSource(1).stream('ln');
    const xs = Array.from({ length: 20_000 }, () => r.lognormal(30, 60)).sort((p, q) => p - q);
    expect(xs[10_000]!).toBeGreaterThan(28.5);
    expect(xs[10_000]!).toBeLessThan(31.5);
    expect(xs[19_000]!).toBeGreaterThan(55);
    expect(xs[19_000]!).toBeLessThan(65);
  });

  it('exponential(rate) has mean 1/rate', () => {
    const r = new RandomSource(2).stream('exp');
    let sum = 0;
    for (let i = 0; i < 20_000; i++) sum += r.exponential(0.5);
    expect(sum / 20_000).toBeGreaterThan(1.9);
    expect(sum / 20_000).toBeLessThan(2.1);
  });
});

describe('ControllerLoop', () => {
  it('reconciles on its own schedule and on triggers, keeping the earliest wake-up', () => {
    const clock = new SimClock();
    const runs: number[] = [];
    const loop = new ControllerLoop(clock, { name: 't', reconcile: () => (runs.push(clock.now()), 10) });
    loop.start(0);
    clock.schedule(15, () => loop.trigger());
    clock.run(31);
    expect(runs).toEqual([0, 10, 15, 25]);
    loop.stop();
    clock.run(100);
    expect(runs).toEqual([0, 10, 15, 25]);
  });
});
