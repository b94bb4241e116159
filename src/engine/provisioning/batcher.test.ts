import { describe, expect, it } from 'vitest';
import { SimClock } from '../../sim/sim-clock.js';
import { Batcher } from './batcher.js';

function at(clock: SimClock, t: number, fn: () => void): void {
  clock.schedule(t - clock.now(), fn);
}

describe('Batcher', () => {
  const opts = { idleSeconds: 1, maxSeconds: 10 };

  it('closes 1 s after the last new pod', () => {
    const clock = new SimClock();
    const b = new Batcher(clock, opts);
    at(clock, 0, () => b.trigger('a'));
    at(clock, 0.5, () => b.trigger('b'));
    clock.run(0.5);
    expect(b.closesAt()).toBe(1.5);
    at(clock, 1.4, () => expect(b.takeIfDue()).toBe(false));
    at(clock, 1.5, () => expect(b.takeIfDue()).toBe(true));
    clock.run(2);
    expect(b.closesAt()).toBeUndefined();
  });

  it('ignores a pod it has already seen in the window', () => {
    const clock = new SimClock();
    const b = new Batcher(clock, opts);
    b.trigger('a');
    clock.run(0.8);
    expect(b.trigger('a')).toBe(false);
    expect(b.closesAt()).toBe(1);
  });

  it('closes 10 s after the first pod however many keep arriving', () => {
    const clock = new SimClock();
    const b = new Batcher(clock, opts);
    for (let i = 0; i < 30; i++) at(clock, i * 0.5, () => b.trigger(`p${i}`));
    clock.run(9.9);
    expect(b.closesAt()).toBe(10);
    expect(b.takeIfDue()).toBe(false);
    clock.run(10);
    expect(b.takeIfDue()).toBe(true);
  });
});
