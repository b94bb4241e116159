import { describe, expect, it } from 'vitest';
import { WallClock } from './wall-clock.js';

describe('WallClock', () => {
  it('does not fire a wait longer than setTimeout can hold (720 h expireAfter) early, and cancels it', async () => {
    const clock = new WallClock({ unref: true });
    let fired = false;
    const handle = clock.schedule(720 * 3600, () => (fired = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(fired).toBe(false);
    expect(handle.at).toBeGreaterThan(clock.now() + 719 * 3600);
    clock.cancel(handle);
  });

  it('fires short waits', async () => {
    const clock = new WallClock();
    const seen = await new Promise<boolean>((resolve) => clock.schedule(0.01, () => resolve(true)));
    expect(seen).toBe(true);
  });
});
