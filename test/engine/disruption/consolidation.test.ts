import { describe, expect, it } from 'vitest';
import { Annotations, LabelKeys } from '../../../src/model/index.js';
import { decisionOf } from '../../../src/engine/disruption/types.js';
import { controllerOf, DisruptionWorld, pool } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };

// Prices: the embedded us-east-1 catalog, on-demand, Linux (published EC2 prices).
// r5.xlarge $0.252/h (3920m allocatable), c5.2xlarge $0.34/h (7910m), m5.2xlarge $0.384/h,
// m5.large $0.096/h (1930m), c5.large $0.085/h (1930m), m5.xlarge $0.192/h (3920m).
describe('consolidation decisions (scheduler simulation reused)', () => {
  it('two under-used r5.xlarge nodes (2500m of 3920m each) are replaced by one c5.2xlarge: $0.504 → $0.34/h', () => {
    const w = new DisruptionWorld({ pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const a = w.addNode('r5.xlarge');
    const b = w.addNode('r5.xlarge');
    w.addPods(a, 1, { cpuMillis: 2500, memoryMiB: 2048 });
    w.addPods(b, 1, { cpuMillis: 2500, memoryMiB: 2048 });
    w.run(30);
    expect(w.price('r5.xlarge')).toBe(0.252);
    const cmd = controllerOf(w).firstCommand();
    expect(cmd?.method).toBe('multi-node-consolidation');
    expect(cmd && decisionOf(cmd)).toBe('replace');
    expect(cmd?.candidates.map((c) => c.name).sort()).toEqual([a, b].sort());
    expect(cmd?.replacements).toHaveLength(1);
    // 5000m needs an 8-vCPU type; the cheapest on-demand one among m5/c5/r5 is c5.2xlarge.
    expect(cmd?.replacements[0].instanceTypes[0].name).toBe('c5.2xlarge');
    expect(cmd?.replacements[0].cheapestPricePerHour).toBeCloseTo(0.34, 9);
    expect(cmd?.savingsPerHour).toBeCloseTo(0.504 - 0.34, 9);
    // Every option kept is cheaper than the two nodes together.
    for (const it of cmd?.replacements[0].instanceTypes ?? []) expect(it.onDemandPricePerHour).toBeLessThan(0.504);
  });

  it('a node whose only cheaper replacement would be its own type is left alone (m5 only), and the reason is logged', () => {
    const w = new DisruptionWorld({ families: ['m5'], pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const n = w.addNode('m5.large');
    w.addPods(n, 1, { cpuMillis: 1500, memoryMiB: 1024 });
    w.run(30);
    expect(controllerOf(w).firstCommand()).toBeUndefined();
    const rejected = w.decisionsOf('disruption-rejected');
    expect(rejected).toContainEqual(expect.objectContaining({ reason: 'underutilized', nodes: [n], rejection: 'no-cheaper-replacement' }));
  });

  it('the same node is replaced by c5.large ($0.085 < $0.096) once c5 is on offer', () => {
    const w = new DisruptionWorld({ families: ['m5', 'c5'], pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const n = w.addNode('m5.large');
    w.addPods(n, 1, { cpuMillis: 1500, memoryMiB: 1024 });
    w.run(30);
    const cmd = controllerOf(w).firstCommand();
    expect(cmd?.method).toBe('single-node-consolidation');
    expect(cmd?.replacements[0].instanceTypes.map((t) => t.name)).toEqual(['c5.large']);
    expect(cmd?.savingsPerHour).toBeCloseTo(0.096 - 0.085, 9);
  });

  it('a pod fits elsewhere: the node is deleted, not replaced (m5 only)', () => {
    const w = new DisruptionWorld({ families: ['m5'], pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const big = w.addNode('m5.2xlarge');
    const small = w.addNode('m5.xlarge');
    w.addPods(big, 1, { cpuMillis: 2000 });
    w.addPods(small, 1, { cpuMillis: 1000 });
    w.run(30);
    const cmd = controllerOf(w).firstCommand();
    // Multi-node: both pods (3000m) would fit one m5.xlarge ($0.192), but that is the small node's own type
    // at its own price (filterOutSameInstanceType), so no multi-node command. Single-node, best savings
    // ratio first: m5.2xlarge ($0.384 / 2) before m5.xlarge ($0.192 / 2); its 2000m pod fits in the
    // small node's 2920m free: delete it.
    expect(cmd?.method).toBe('single-node-consolidation');
    expect(cmd && decisionOf(cmd)).toBe('delete');
    expect(cmd?.candidates.map((c) => c.name)).toEqual([big]);
    expect(cmd?.savingsPerHour).toBeCloseTo(0.384, 9);
  });

  it('with other families on offer the same two nodes are replaced by one c5.xlarge ($0.576 → $0.17/h)', () => {
    const w = new DisruptionWorld({ pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const big = w.addNode('m5.2xlarge');
    const small = w.addNode('m5.xlarge');
    w.addPods(big, 1, { cpuMillis: 2000 });
    w.addPods(small, 1, { cpuMillis: 1000 });
    w.run(30);
    const cmd = controllerOf(w).firstCommand();
    expect(cmd?.method).toBe('multi-node-consolidation');
    expect(cmd?.replacements[0].instanceTypes[0].name).toBe('c5.xlarge');
    expect(cmd?.savingsPerHour).toBeCloseTo(0.576 - 0.17, 9);
  });

  it('more than one replacement needed: no command ("would need 2 replacements")', () => {
    const w = new DisruptionWorld({ families: ['m5'], pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const n = w.addNode('m5.4xlarge');
    // Two pods of 7000m cannot share any m5 type below m5.4xlarge (15890m) ... and m5.4xlarge is the node itself.
    w.addPods(n, 2, { cpuMillis: 7000 });
    w.run(30);
    expect(controllerOf(w).firstCommand()).toBeUndefined();
    // m5.4xlarge ($0.768) vs two m5.2xlarge (2 × $0.384 = $0.768): a single cheaper node does not exist.
    const rejections = w.decisionsOf('disruption-rejected').map((d) => d.rejection);
    expect(rejections).toContain('no-cheaper-replacement');
  });

  it('spot → spot consolidation is off by default (Karpenter feature gate)', () => {
    const w = new DisruptionWorld({ pools: [pool({ budgets: [{ nodes: '100%' }] })] });
    const n = w.addNode('m5.xlarge', { capacityType: 'spot' });
    w.addPods(n, 1, { cpuMillis: 500 });
    w.run(30);
    expect(controllerOf(w).firstCommand()).toBeUndefined();
    expect(w.decisionsOf('disruption-rejected')).toContainEqual(expect.objectContaining({ nodes: [n], rejection: 'spot-to-spot-disabled' }));
  });

  it('with the gate on, single-node spot → spot needs 15 cheaper spot types and launches only the 15 cheapest', () => {
    const families = ['m5', 'c5', 'r5', 'm6i', 'c6i', 'r6i', 'm5a', 'c5a'];
    const few = new DisruptionWorld({ pools: [pool({ budgets: [{ nodes: '100%' }] })], disruption: { spotToSpotConsolidation: true } });
    const lonely = few.addNode('r5.4xlarge', { capacityType: 'spot' });
    few.addPods(lonely, 1, { cpuMillis: 500 });
    few.run(30);
    // m5/c5/r5 offer only 11 types with a worst spot price below r5.4xlarge's: not enough.
    expect(controllerOf(few).firstCommand()).toBeUndefined();
    expect(few.decisionsOf('disruption-rejected')).toContainEqual(expect.objectContaining({ nodes: [lonely], rejection: 'spot-to-spot-too-few-types' }));
    const w = new DisruptionWorld({ families, pools: [pool({ budgets: [{ nodes: '100%' }] })], disruption: { spotToSpotConsolidation: true } });
    const n = w.addNode('r5.4xlarge', { capacityType: 'spot' });
    w.addPods(n, 1, { cpuMillis: 500 });
    w.run(30);
    const cmd = controllerOf(w).firstCommand();
    expect(cmd?.replacements).toHaveLength(1);
    const opts = cmd?.replacements[0].instanceTypes ?? [];
    expect(opts).toHaveLength(15);
    const price = w.price('r5.4xlarge', 'us-east-1a', 'spot');
    for (const it of opts) expect(Math.max(...it.offerings.filter((o) => o.capacityType === 'spot').map((o) => o.pricePerHour))).toBeLessThan(price);
    expect(cmd?.replacements[0].requirements).toContainEqual({ key: LabelKeys.capacityType, operator: 'In', values: ['spot'] });
  });
});

describe('candidates protected from disruption', () => {
  function twoNodes(protect: 'none' | 'do-not-disrupt' | 'pdb'): { w: DisruptionWorld; a: string; b: string } {
    const w = new DisruptionWorld({ pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const a = w.addNode('m5.xlarge');
    const b = w.addNode('m5.xlarge');
    w.addPods(a, 1, { cpuMillis: 500, labels: { app: 'a' }, annotations: protect === 'do-not-disrupt' ? { [Annotations.doNotDisrupt]: 'true' } : {} });
    w.addPods(b, 1, { cpuMillis: 500, labels: { app: 'b' } });
    if (protect === 'pdb') w.cluster.addPdb({ name: 'a', namespace: 'default', selector: { matchLabels: { app: 'a' } }, minAvailable: 1 });
    w.run(30);
    return { w, a, b };
  }

  it('unprotected, both nodes go: one c5.large replaces two m5.xlarge', () => {
    const { w, a, b } = twoNodes('none');
    const cmd = controllerOf(w).firstCommand();
    expect(cmd?.candidates.map((c) => c.name).sort()).toEqual([a, b].sort());
  });

  it.each(['do-not-disrupt', 'pdb'] as const)('with %s on its pod, node a stays; only b is consolidated onto it', (protect) => {
    const { w, a, b } = twoNodes(protect);
    const cmd = controllerOf(w).firstCommand();
    expect(cmd?.candidates.map((c) => c.name)).toEqual([b]);
    expect(cmd && decisionOf(cmd)).toBe('delete');
    expect(w.decisionsOf('disruption-rejected')).toContainEqual(expect.objectContaining({ nodes: [a], rejection: protect }));
  });

  it('a do-not-disrupt duration protects only until it has passed since the pod started', () => {
    const w = new DisruptionWorld({ pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '100%' }] })] });
    const a = w.addNode('m5.xlarge');
    w.addPods(a, 1, { cpuMillis: 500, annotations: { [Annotations.doNotDisrupt]: '10m' } });
    w.run(60);
    expect(w.pass().candidate(a)?.block?.rejection).toBe('do-not-disrupt');
    w.run(600);
    expect(w.pass().candidate(a)?.block).toBeUndefined();
  });
});
