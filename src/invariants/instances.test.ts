import { describe, expect, it } from 'vitest';
import { instance, step } from './testing/instances.js';
import { harness } from './testing/harness.js';
import type { LedgerEntryLike } from './types.js';

describe('instance lifecycle events', () => {
  it('stays quiet on launched → running → registered → ready → terminated', () => {
    const h = harness();
    const i = instance('i-1', 0.096, 0);
    for (const [kind, at] of [['launched', 0], ['running', 10], ['registered', 25], ['ready', 30], ['terminated', 500]] as const) {
      h.checker.instanceEvent(step(i, kind, at));
    }
    expect(h.violations).toEqual([]);
  });

  it('allows termination at any step before it (a launch that never booted)', () => {
    const h = harness();
    const i = instance('i-1', 0.096, 0);
    h.checker.instanceEvent(step(i, 'launched', 0));
    h.checker.instanceEvent(step(i, 'terminated', 3));
    expect(h.violations).toEqual([]);
  });

  it.each([
    ['a step skipped (registered right after launch)', [['launched', 0], ['registered', 5]], "follows 'launched'"],
    ['an event after termination', [['launched', 0], ['running', 5], ['terminated', 9], ['registered', 12]], 'after its termination'],
    ['terminated twice', [['launched', 0], ['terminated', 9], ['terminated', 10]], 'after its termination'],
    ['launched twice', [['launched', 0], ['launched', 4]], 'launched twice'],
    ['an event going back in time', [['launched', 10], ['running', 5]], 'is earlier than'],
    ['an event for an instance never launched', [['running', 5]], 'never launched'],
  ] as const)('trips on %s', (_name, steps, fragment) => {
    const h = harness();
    const i = instance('i-1', 0.096, 0);
    for (const [kind, at] of steps) h.checker.instanceEvent(step(i, kind, at));
    expect(h.codes()).toEqual(['INSTANCE_LIFECYCLE']);
    expect(h.violations[0]!.message).toContain(fragment);
    expect(h.violations[0]!.objects).toEqual({ instance: 'i-1' });
  });
});

describe('instances at the end of the run', () => {
  function booted(h: ReturnType<typeof harness>, id: string, launchedAt: number) {
    const i = instance(id, 0.1, launchedAt);
    h.checker.instanceEvent(step(i, 'launched', launchedAt));
    h.checker.instanceEvent(step(i, 'running', launchedAt + 10));
    return i;
  }

  it('a running instance without a node for more than 15 minutes (+2 min grace) has leaked; up to that is fine', () => {
    const h = harness();
    booted(h, 'i-old', 0);
    booted(h, 'i-young', 3600 - 1020);
    h.checker.finish(3600);
    expect(h.codes()).toEqual(['INSTANCE_LEAKED']);
    expect(h.violations[0]!.objects).toEqual({ instance: 'i-old' });
    expect(h.violations[0]!.at).toBe(3600);
  });

  it('an instance still booting (pending) is not a leak, nor one whose node is there', () => {
    const h = harness();
    const pending = instance('i-slow', 0.1, 0);
    h.checker.instanceEvent(step(pending, 'launched', 0));
    const withNode = booted(h, 'i-ok', 0);
    h.checker.instanceEvent(step(withNode, 'registered', 30));
    h.cluster.addNode('n-ok', { providerID: withNode.providerID });
    h.checker.finish(3600);
    expect(h.violations).toEqual([]);
  });

  it('an instance whose node went away more than 15 minutes before the end has leaked', () => {
    const h = harness();
    const i = booted(h, 'i-1', 0);
    h.checker.instanceEvent(step(i, 'registered', 30));
    h.cluster.addNode('n1', { providerID: i.providerID });
    h.clock.t = 1000;
    h.cluster.deleteNode('n1');
    h.checker.finish(1000 + 1021);
    expect(h.codes()).toEqual(['INSTANCE_LEAKED']);
    expect(h.violations[0]!.message).toContain('without a node since 1000 s');
  });

  it('the registration timeout and grace are options', () => {
    const h = harness({ registrationTimeoutSeconds: 60, registrationGraceSeconds: 0 });
    booted(h, 'i-1', 0);
    h.checker.finish(100);
    expect(h.codes()).toEqual(['INSTANCE_LEAKED']);
  });

  it("an instance's live state must agree with its events", () => {
    const h = harness();
    const silentlyGone = booted(h, 'i-1', 0);
    silentlyGone.state = 'terminated';
    const zombie = booted(h, 'i-2', 0);
    h.checker.instanceEvent(step(zombie, 'terminated', 50));
    zombie.state = 'running';
    const stopped = booted(h, 'i-3', 0);
    stopped.state = 'stopped';
    h.checker.finish(100);
    expect(h.codes()).toEqual(['INSTANCE_UNACCOUNTED', 'INSTANCE_UNACCOUNTED', 'INSTANCE_UNACCOUNTED']);
    expect(h.violations.map((v) => v.objects['instance'])).toEqual(['i-1', 'i-2', 'i-3']);
  });
});

describe('billing ledger and cost', () => {
  // Hand-computed: A $0.096/h for 3600 s = 0.096; B $0.192/h for 30 s billed 60 s = 0.0032;
  // C $0.5/h from 1800 s, running at the 3600 s horizon = 0.25. Total 0.3492.
  function fleet(h: ReturnType<typeof harness>) {
    const a = instance('i-a', 0.096, 0);
    const b = instance('i-b', 0.192, 100);
    const c = instance('i-c', 0.5, 1800);
    h.checker.instanceEvent(step(a, 'launched', 0));
    h.checker.instanceEvent(step(b, 'launched', 100));
    h.checker.instanceEvent(step(b, 'terminated', 130));
    h.checker.instanceEvent(step(a, 'terminated', 3600));
    h.checker.instanceEvent(step(c, 'launched', 1800));
    const ledger: LedgerEntryLike[] = [
      { instanceId: 'i-a', pricePerHour: 0.096, launchedAt: 0, terminatedAt: 3600, billedSeconds: 3600, costUsd: 0.096 },
      { instanceId: 'i-b', pricePerHour: 0.192, launchedAt: 100, terminatedAt: 130, billedSeconds: 60, costUsd: 0.0032 },
      { instanceId: 'i-c', pricePerHour: 0.5, launchedAt: 1800, billedSeconds: 1800, costUsd: 0.25 },
    ];
    return ledger;
  }

  it('stays quiet when the ledger and the total match Σ price × billed time', () => {
    const h = harness();
    const ledger = fleet(h);
    const summary = h.checker.finish(3600, { ledger, totalCostUsd: 0.3492 });
    expect(h.violations).toEqual([]);
    expect(summary.expectedCostUsd).toBeCloseTo(0.3492, 12);
    expect(summary.instancesLaunched).toBe(3);
  });

  it('trips when the reported total is off', () => {
    const h = harness();
    const ledger = fleet(h);
    h.checker.finish(3600, { ledger, totalCostUsd: 0.35 });
    expect(h.codes()).toEqual(['COST_MISMATCH']);
    expect(h.violations[0]!.message).toContain('reported total 0.35 USD');
  });

  it('trips when the ledger forgets the 60-second minimum, misses an instance or bills an unknown one', () => {
    const h = harness();
    const ledger = fleet(h);
    ledger[1] = { ...ledger[1]!, billedSeconds: 30, costUsd: 0.0016 };
    ledger.splice(2, 1, { instanceId: 'i-x', pricePerHour: 1, launchedAt: 0, billedSeconds: 60, costUsd: 1 / 60 });
    h.checker.finish(3600, { ledger });
    expect(h.codes()).toEqual(['INSTANCE_UNACCOUNTED', 'INSTANCE_UNACCOUNTED', 'INSTANCE_UNACCOUNTED', 'COST_MISMATCH']);
    const text = h.violations.map((v) => v.message).join('\n');
    expect(text).toContain('billedSeconds 30 (expected 60)');
    expect(text).toContain('i-x, which was never reported launched');
    expect(text).toContain('i-c was launched but is missing from the billing ledger');
  });
});
