import { describe, expect, it } from 'vitest';
import { Annotations } from '../../src/engine/options.js';
import { simulateScheduling } from '../../src/engine/provisioning/simulation/index.js';
import { fakeInstanceType } from '../../src/engine/testing/fake-instance-types.js';
import { nodePool, pods } from '../../src/engine/testing/fixtures.js';
import { LabelKeys, type Requirement } from '../../src/model/index.js';
import { World } from './world.js';

// Allocatable CPU: 1900m, 3900m, 7900m (fake types keep 100m back).
const TYPES = [fakeInstanceType('small-2', 2, 4, 20), fakeInstanceType('mid-4', 4, 8, 40), fakeInstanceType('big-8', 8, 16, 80)];
const typeReq = (values: string[] | undefined, minValues: number): Requirement =>
  values ? { key: LabelKeys.instanceType, operator: 'In', values, minValues } : { key: LabelKeys.instanceType, operator: 'Exists', values: [], minValues };
const typeRequirement = (reqs: readonly Requirement[]): Requirement | undefined => reqs.find((r) => r.key === LabelKeys.instanceType);

describe('provisioning: MIN_VALUES_POLICY (Strict | BestEffort)', () => {
  // Karpenter's e2e case: In [c5.large, two unknown types] with minValues 3 — only one type exists.
  const impossible = nodePool({ requirements: [typeReq(['small-2', 'no-such-1', 'no-such-2'], 3)] });

  it('Strict: a NodeClaim whose types cannot meet minValues is not planned; the pod is unschedulable', () => {
    const r = simulateScheduling(pods(1, { cpuMillis: 500 }), [], [impossible], TYPES);
    expect(r.newNodeClaims).toHaveLength(0);
    expect(r.unschedulable).toHaveLength(1);
    expect(r.unschedulable[0].reason).toMatch(/minValues for node\.kubernetes\.io\/instance-type needs 3 distinct values, only 1 fit/);
  });

  it('BestEffort: the NodeClaim launches with minValues lowered to what the types meet (3 → 1), and says so', () => {
    const r = simulateScheduling(pods(1, { cpuMillis: 500 }), [], [impossible], TYPES, { minValuesPolicy: 'BestEffort' });
    expect(r.unschedulable).toHaveLength(0);
    expect(r.newNodeClaims).toHaveLength(1);
    const claim = r.newNodeClaims[0];
    expect(typeRequirement(claim.requirements)).toEqual({ key: LabelKeys.instanceType, operator: 'In', values: ['small-2'], minValues: 1 });
    expect(claim.minValuesRelaxed).toEqual([{ key: LabelKeys.instanceType, from: 3, to: 1 }]);
  });

  // instance-type Exists, minValues 2. A 3-CPU pod leaves {mid-4, big-8}: two types, minValues met.
  // A second 3-CPU pod on the same claim would leave only big-8 (6 CPU + 2 pod slots needs 7900m).
  const two = nodePool({ requirements: [typeReq(undefined, 2)] });

  it('Strict: a pod that would leave fewer than minValues types opens a second NodeClaim', () => {
    const r = simulateScheduling(pods(2, { cpuMillis: 3000 }), [], [two], TYPES);
    expect(r.newNodeClaims.map((c) => c.pods.length)).toEqual([1, 1]);
    for (const c of r.newNodeClaims) {
      expect(c.instanceTypes.map((t) => t.name)).toEqual(['mid-4', 'big-8']);
      expect(typeRequirement(c.requirements)?.minValues).toBe(2);
      expect(c.minValuesRelaxed).toBeUndefined();
    }
  });

  it('BestEffort: the pod joins and the claim relaxes minValues to the one type left (Karpenter relaxes while packing)', () => {
    const r = simulateScheduling(pods(2, { cpuMillis: 3000 }), [], [two], TYPES, { minValuesPolicy: 'BestEffort' });
    expect(r.newNodeClaims).toHaveLength(1);
    const claim = r.newNodeClaims[0];
    expect(claim.pods).toHaveLength(2);
    expect(claim.instanceTypes.map((t) => t.name)).toEqual(['big-8']);
    expect(typeRequirement(claim.requirements)).toEqual({ key: LabelKeys.instanceType, operator: 'In', values: ['big-8'], minValues: 1 });
    expect(claim.minValuesRelaxed).toEqual([{ key: LabelKeys.instanceType, from: 2, to: 1 }]);
  });

  it('BestEffort changes nothing when minValues hold', () => {
    const strict = simulateScheduling(pods(1, { cpuMillis: 3000, prefix: 'a' }), [], [two], TYPES);
    const best = simulateScheduling(pods(1, { cpuMillis: 3000, prefix: 'a' }), [], [two], TYPES, { minValuesPolicy: 'BestEffort' });
    expect(best.newNodeClaims.map((c) => c.requirements)).toEqual(strict.newNodeClaims.map((c) => c.requirements));
    expect(best.newNodeClaims[0].minValuesRelaxed).toBeUndefined();
  });

  it('end to end: the NodeClaim carries karpenter.sh/nodeclaim-min-values-relaxed and the decision lists what was relaxed', () => {
    const pool = nodePool({ requirements: [{ key: LabelKeys.capacityType, operator: 'In', values: ['on-demand'] }, typeReq(['small-2', 'no-such-1', 'no-such-2'], 3)] });
    const best = new World({ instanceTypes: TYPES, nodePools: [pool], options: { minValuesPolicy: 'BestEffort' } });
    best.createPods(1, { cpuMillis: 500 });
    best.runUntil(120);
    const claims = [...best.cluster.nodeClaims()];
    expect(claims).toHaveLength(1);
    expect(claims[0].annotations).toEqual({ [Annotations.minValuesRelaxed]: 'true' });
    expect(best.decisionsOf('nodeclaim-created')[0].minValuesRelaxed).toEqual([{ key: LabelKeys.instanceType, from: 3, to: 1 }]);
    expect(best.boundPods()).toHaveLength(1);

    const strict = new World({ instanceTypes: TYPES, nodePools: [pool] });
    strict.createPods(1, { cpuMillis: 500 });
    strict.runUntil(120);
    expect([...strict.cluster.nodeClaims()]).toHaveLength(0);
    expect(strict.decisionsOf('pod-unschedulable')).toHaveLength(1);
    expect(strict.boundPods()).toHaveLength(0);
  });
});
