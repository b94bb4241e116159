import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../../catalog/index.js';
import { LabelKeys } from '../../../model/index.js';
import { nodePool, pods, req } from '../../testing/fixtures.js';
import { simulateScheduling } from './simulate.js';

// Only c5.xlarge (3920m allocatable, catalog) may be launched: each 3000m pod needs a NodeClaim of its own.
const types = loadCatalog({ families: ['c5'] });
const pool = nodePool({ requirements: [req(LabelKeys.capacityType, 'In', 'on-demand'), req(LabelKeys.instanceType, 'In', 'c5.xlarge')] });

describe('simulateScheduling: stopAfterNewClaimsHolding', () => {
  it('three 3-CPU pods need three c5.xlarge claims; watching them with max 1 stops at the second', () => {
    const batch = pods(3, { cpuMillis: 3000 });
    const full = simulateScheduling(batch, [], [pool], types);
    expect(full.newNodeClaims).toHaveLength(3);
    const uids = new Set(batch.map((p) => p.uid));
    const r = simulateScheduling(batch, [], [pool], types, { stopAfterNewClaimsHolding: { podUids: uids, max: 1 } });
    expect(r.stoppedEarly).toBe(true);
    expect(r.newNodeClaims).toEqual([]);
    expect(simulateScheduling(batch, [], [pool], types, { stopAfterNewClaimsHolding: { podUids: uids, max: 2 } }).stoppedEarly).toBe(true);
  });

  it('does not stop while the watched pods need at most `max` claims (pods that are not watched do not count)', () => {
    const batch = pods(3, { cpuMillis: 3000 });
    const watched = new Set([batch[0].uid]);
    const r = simulateScheduling(batch, [], [pool], types, { stopAfterNewClaimsHolding: { podUids: watched, max: 1 } });
    expect(r.stoppedEarly).toBeUndefined();
    expect(r.newNodeClaims).toHaveLength(3);
    const all = simulateScheduling(batch, [], [pool], types, { stopAfterNewClaimsHolding: { podUids: new Set(batch.map((p) => p.uid)), max: 3 } });
    expect(all.stoppedEarly).toBeUndefined();
    expect(all.newNodeClaims).toHaveLength(3);
  });

  it('two 1-CPU pods share one claim: one claim holds both, no stop at max 1', () => {
    const batch = pods(2, { cpuMillis: 1000 });
    const r = simulateScheduling(batch, [], [pool], types, { stopAfterNewClaimsHolding: { podUids: new Set(batch.map((p) => p.uid)), max: 1 } });
    expect(r.stoppedEarly).toBeUndefined();
    expect(r.newNodeClaims).toHaveLength(1);
    expect(r.newNodeClaims[0].pods).toHaveLength(2);
  });
});
