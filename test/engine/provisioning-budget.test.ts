import { describe, expect, it } from 'vitest';
import { NOT_REACHED, simulateScheduling } from '../../src/engine/provisioning/simulation/index.js';
import { fakeInstanceType } from '../../src/engine/testing/fake-instance-types.js';
import { nodePool, pods } from '../../src/engine/testing/fixtures.js';
import { World } from './world.js';

// One instance type: 2 vCPU, allocatable 1900m, so each 1-CPU pod needs a NodeClaim of its own.
const SMALL = [fakeInstanceType('small-2', 2, 4, 10)];

describe("provisioning: the Solve() work budget (deterministic stand-in for Karpenter's 1-minute timeout)", () => {
  it('stops trying pods once the budget is spent, keeps the NodeClaims planned so far, leaves the rest not reached', () => {
    // Pod k (k = 0, 1, ...) is checked against the k claims planned before it (all full) and the one
    // template: k + 1 units. After pods 0..3 the work is 1 + 2 + 3 + 4 = 10 = the budget, so pods 4..9
    // are not tried.
    const batch = pods(10, { cpuMillis: 1000 });
    const r = simulateScheduling(batch, [], [nodePool()], SMALL, { maxSchedulingWork: 10 });
    expect(r.newNodeClaims).toHaveLength(4);
    expect(r.newNodeClaims.map((c) => c.pods.length)).toEqual([1, 1, 1, 1]);
    expect(r.unschedulable).toHaveLength(6);
    expect(r.unschedulable.every((u) => u.reason === NOT_REACHED)).toBe(true);
    expect(r.budgetExhausted).toEqual({ work: 10, podsNotReached: 6 });
  });

  it('without a budget every pod is tried (10 claims, work 1 + 2 + ... + 10 = 55)', () => {
    const r = simulateScheduling(pods(10, { cpuMillis: 1000 }), [], [nodePool()], SMALL);
    expect(r.newNodeClaims).toHaveLength(10);
    expect(r.unschedulable).toHaveLength(0);
    expect(r.work).toBe(55);
    expect(r.budgetExhausted).toBeUndefined();
  });

  it('pods that failed before the budget ran out keep their own reason', () => {
    // The 3-CPU pod (tried first: larger CPU first) fits no type; the budget then stops after 1 + 1 + 2 units.
    const batch = [...pods(1, { cpuMillis: 3000, prefix: 'big' }), ...pods(4, { cpuMillis: 1000, prefix: 'small' })];
    const r = simulateScheduling(batch, [], [nodePool()], SMALL, { maxSchedulingWork: 4 });
    const reasons = new Map(r.unschedulable.map((u) => [u.pod.name, u.reason]));
    expect(reasons.get('big-00000')).toMatch(/no instance type has room/);
    expect([...reasons.entries()].filter(([, why]) => why === NOT_REACHED).map(([n]) => n)).toEqual(['small-00002', 'small-00003']);
    expect(r.newNodeClaims).toHaveLength(2);
  });

  it('end to end: the pods not reached stay pending, one decision per cut batch, and the 10 s requeue provisions them', () => {
    const w = new World({ instanceTypes: SMALL, options: { solveWorkBudget: 10 } });
    w.createPods(10, { cpuMillis: 1000 });
    w.runUntil(1.5);
    // First batch (closes at 1 s): 4 NodeClaims, 6 pods left.
    expect(w.decisionsOf('nodeclaim-created')).toHaveLength(4);
    const cut = w.decisionsOf('scheduling-budget-exhausted');
    expect(cut).toHaveLength(1);
    expect(cut[0]).toMatchObject({ at: 1, work: 10, podsNotReached: 6 });
    // Not reached is not "unschedulable": no per-pod decision for them.
    expect(w.decisionsOf('pod-unschedulable')).toHaveLength(0);
    w.runUntil(300);
    expect(w.decisionsOf('nodeclaim-created')).toHaveLength(10);
    expect(w.boundPods()).toHaveLength(10);
    expect(w.provisionerBatches()).toBeGreaterThan(1);
  });
});
