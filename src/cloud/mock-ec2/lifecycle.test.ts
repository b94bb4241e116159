import { describe, expect, it } from 'vitest';
import type { InstanceEvent } from './events.js';
import { mockWorld, request } from './testing.js';

function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(q * (s.length - 1))]!;
}

describe('boot timing', () => {
  it('node Ready after the launch request: median ≈ 30 s, p95 ≈ 60 s (data/README.md), with API call 1–2 s and pending → running 5–17 s', () => {
    const { ec2, clock } = mockWorld({ seed: 4, ec2: { throttling: false, poolDepth: 10_000 } });
    const events: InstanceEvent[] = [];
    ec2.onInstanceEvent((e) => events.push(e));
    for (let i = 0; i < 3000; i++) ec2.launch(request(['m5.large']), () => {});
    clock.run(3600);
    const at = (kind: string) => new Map(events.filter((e) => e.kind === kind).map((e) => [e.instance.id, e.at]));
    const launched = at('launched');
    const running = at('running');
    const ready = at('ready');
    expect(ready.size).toBe(3000);
    const toReady = [...ready.values()]; // requests were all made at t = 0
    expect(quantile(toReady, 0.5)).toBeGreaterThan(27);
    expect(quantile(toReady, 0.5)).toBeLessThan(33);
    expect(quantile(toReady, 0.95)).toBeGreaterThan(50);
    expect(quantile(toReady, 0.95)).toBeLessThan(70);
    for (const [id, l] of launched) {
      expect(l).toBeGreaterThanOrEqual(1);
      expect(l).toBeLessThanOrEqual(2);
      const r = running.get(id)! - l;
      expect(r).toBeGreaterThanOrEqual(5);
      expect(r).toBeLessThanOrEqual(17);
    }
  });

  it('emits launched → running → registered → ready in order, and the instance state follows', () => {
    const { ec2, clock } = mockWorld();
    const kinds: string[] = [];
    ec2.onInstanceEvent((e) => kinds.push(`${e.kind}:${e.instance.state}`));
    const r = ec2.launchNow(request(['m5.large']));
    expect(r.ok && r.instance.state).toBe('pending');
    clock.run(600);
    expect(kinds).toEqual(['launched:pending', 'running:running', 'registered:running', 'ready:running']);
  });

  it('prewarmed instances are running, registered and ready at once', () => {
    const { ec2, clock } = mockWorld();
    const seen: [string, number][] = [];
    ec2.onInstanceEvent((e) => seen.push([e.kind, e.at]));
    ec2.launchNow(request(['m5.large']), { prewarmed: true });
    clock.run(1);
    expect(seen).toEqual([['launched', 0], ['running', 0], ['registered', 0], ['ready', 0]]);
  });

  it('applies family overrides, and NodeClass overrides over them', () => {
    const { ec2, clock } = mockWorld({
      ec2: {
        familyBoot: { c5: { pendingToRunningSeconds: { min: 3, max: 3 }, runningToRegisteredSeconds: { median: 20, p95: 20 } } },
        nodeClassBoot: { slow: { runningToRegisteredSeconds: { median: 70, p95: 70 }, registeredToReadySeconds: { median: 5, p95: 5 } } },
      },
    });
    const at: Record<string, number> = {};
    ec2.onInstanceEvent((e) => (at[`${e.instance.tags.name}:${e.kind}`] = e.at));
    ec2.launchNow(request(['c5.large'], { tags: { name: 'fam' } }));
    ec2.launchNow(request(['c5.large'], { nodeClassName: 'slow', tags: { name: 'cls' } }));
    clock.run(600);
    expect(at['fam:running']).toBe(3);
    expect(at['fam:registered']).toBeCloseTo(23, 9);
    expect(at['cls:running']).toBe(3);
    expect(at['cls:registered']).toBeCloseTo(73, 9);
    expect(at['cls:ready']).toBeCloseTo(78, 9);
  });

  it('never registers with probability 1: running, then nothing', () => {
    const { ec2, clock } = mockWorld({ ec2: { boot: { neverRegistersProbability: 1 } } });
    const kinds: string[] = [];
    ec2.onInstanceEvent((e) => kinds.push(e.kind));
    ec2.launchNow(request(['m5.large']));
    clock.run(3600);
    expect(kinds).toEqual(['launched', 'running']);
  });

  it('a terminated instance stops booting', () => {
    const { ec2, clock } = mockWorld();
    const kinds: string[] = [];
    ec2.onInstanceEvent((e) => kinds.push(e.kind));
    const r = ec2.launchNow(request(['m5.large']));
    if (!r.ok) throw r.error;
    ec2.terminateNow(r.instance.id);
    clock.run(3600);
    expect(kinds).toEqual(['launched', 'terminated']);
    expect(clock.pending).toBe(0);
  });
});
