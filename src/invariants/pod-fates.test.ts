import { describe, expect, it } from 'vitest';
import { harness } from './testing/harness.js';
import type { PodTotals } from './types.js';

/**
 * Six workload pods with six fates, and a DaemonSet pod that is not counted:
 * done (completed), gone (bound, then deleted with its node), cancelled (deleted while pending),
 * leaving (bound, terminating at the end), running (bound at the end), waiting (pending at the end).
 */
function sixFates(h: ReturnType<typeof harness>): void {
  const c = h.cluster;
  c.addNode('n1');
  c.addNode('n2');
  c.createBound({ owner: { kind: 'DaemonSet', name: 'agent' } }, 'n1');
  const done = c.createPod({ name: 'done' });
  c.bind(done, 'n1');
  c.setPhase(done, 'Running');
  c.complete(done);
  c.bind(c.createPod({ name: 'gone' }), 'n2');
  c.deleteNode('n2');
  const cancelled = c.createPod({ name: 'cancelled' });
  c.deletePod(cancelled.uid);
  const leaving = c.createPod({ name: 'leaving' });
  c.bind(leaving, 'n1');
  c.evictPod(leaving.uid);
  c.bind(c.createPod({ name: 'running' }), 'n1');
  c.markUnschedulable(c.createPod({ name: 'waiting' }));
}

const TOTALS: PodTotals = { created: 6, scheduled: 4, completed: 1, evicted: 2, pendingAtEnd: 1, neverScheduled: 2 };

describe('pod fates', () => {
  it('tallies each fate once and stays quiet when the reported totals agree', () => {
    const h = harness();
    sixFates(h);
    const { pods } = h.checker.finish(600, { podTotals: TOTALS });
    expect(pods).toEqual({
      created: 6,
      scheduled: 4,
      completed: 1,
      failed: 0,
      leftNode: 1,
      cancelled: 1,
      boundAtEnd: 2,
      terminatingAtEnd: 1,
      pendingAtEnd: 1,
    });
    expect(h.violations).toEqual([]);
  });

  it.each([
    ['created', { created: 7, neverScheduled: 3 }, 'reported created 7 but 6 observed'],
    ['scheduled', { scheduled: 5, neverScheduled: 1 }, 'reported scheduled 5 but 4 observed'],
    ['completed', { completed: 2 }, 'reported completed 2 but 1 observed'],
    ['pendingAtEnd', { pendingAtEnd: 0 }, 'reported pendingAtEnd 0 but 1 observed'],
    ['neverScheduled', { neverScheduled: 3 }, 'reported created 6 != scheduled 4 + neverScheduled 3'],
    ['evicted', { evicted: 3 }, 'reported evicted 3 but only 2 pods left a node'],
  ] as const)('trips when the reported %s disagrees', (_name, patch, fragment) => {
    const h = harness();
    sixFates(h);
    h.checker.finish(600, { podTotals: { ...TOTALS, ...patch } });
    expect(h.codes()).toEqual(['POD_ACCOUNTING']);
    expect(h.violations[0]!.message).toContain(fragment);
    expect(h.violations[0]!.at).toBe(600);
  });
});
