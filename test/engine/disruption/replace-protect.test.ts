import { describe, expect, it } from 'vitest';
import { Annotations, LabelKeys } from '../../../src/model/index.js';
import { EngineWorld } from './engine-world.js';
import { pool } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };

describe('consolidation, end to end', () => {
  it('two m5.xlarge (2500m each; c5.xlarge out of capacity) are replaced by one c5.2xlarge: launched first, then both deleted', () => {
    // The cheapest type for one 2500m pod is c5.xlarge ($0.17); with it out of capacity each pod gets an
    // m5.xlarge ($0.192). Together the pods (5000m) fit one c5.2xlarge ($0.34 < 2 × $0.192 = $0.384).
    const w = new EngineWorld({
      pools: [pool({ requirements: [onDemand], consolidateAfterSeconds: 60, budgets: [{ nodes: '100%' }] })],
      ec2: { crunches: [{ instanceType: 'c5.xlarge', from: 0, to: 1e9 }], revealAvailability: true },
    });
    w.deployment('a', 1, { cpuMillis: 2500 });
    w.runUntil(100);
    w.deployment('b', 1, { cpuMillis: 2500 });
    w.runUntil(190);
    const before = w.nodes().map((n) => [n.name, n.labels[LabelKeys.instanceType]]);
    expect(before.map(([, t]) => t)).toEqual(['m5.xlarge', 'm5.xlarge']);
    w.runUntil(600);
    const cmd = w.decisionsOf('disruption-command');
    const done = w.decisionsOf('disruption');
    expect(cmd).toHaveLength(1);
    expect(done).toEqual([expect.objectContaining({ reason: 'underutilized', decision: 'replace', nodes: before.map(([n]) => n) })]);
    expect(done[0].savingsPerHour).toBeCloseTo(0.384 - 0.34, 6);
    expect(cmd[0].at).toBeLessThan(done[0].at);
    // The candidates were deleted only after the replacement was initialized.
    const replacement = w.claims().find((c) => c.name === (done[0].replacements as { nodeClaim: string }[])[0].nodeClaim)!;
    expect(replacement.status.instanceType).toBe('c5.2xlarge');
    expect(replacement.status.initializedAt).toBeLessThanOrEqual(done[0].at);
    const [only] = w.nodes();
    expect(w.nodes()).toHaveLength(1);
    expect(only.labels[LabelKeys.instanceType]).toBe('c5.2xlarge');
    // The deployments' pods run on the replacement, and nothing else was launched.
    expect([...w.podsOf('a'), ...w.podsOf('b')].map((p) => [p.status.phase, p.status.nodeName])).toEqual([
      ['Running', only.name],
      ['Running', only.name],
    ]);
    expect(w.decisionsOf('launch').map((d) => d.instanceType)).toEqual(['m5.xlarge', 'm5.xlarge', 'c5.2xlarge']);
  });
});

describe('a failed replacement', () => {
  it('abandons the command: the candidates are untainted and kept; a later command succeeds', () => {
    const w = new EngineWorld({
      pools: [pool({ requirements: [onDemand], consolidateAfterSeconds: 60, budgets: [{ nodes: '100%' }] })],
      ec2: { crunches: [{ instanceType: 'c5.xlarge', from: 0, to: 1e9 }], revealAvailability: true },
    });
    w.deployment('a', 1, { cpuMillis: 2500 });
    w.runUntil(100);
    w.deployment('b', 1, { cpuMillis: 2500 });
    w.runUntil(190);
    const before = w.nodes().map((n) => n.name);
    // The replacement's CreateFleet fails once with InsufficientInstanceCapacity: its NodeClaim is deleted.
    w.ec2.injectError('CreateFleet', 'InsufficientInstanceCapacity', 1);
    let abandonedAt: number | undefined;
    for (let t = 191; t < 600 && abandonedAt === undefined; t++) {
      w.runUntil(t);
      if (w.decisionsOf('disruption-abandoned').length > 0) abandonedAt = t;
    }
    expect(abandonedAt).toBeDefined();
    for (const n of before) expect(w.cluster.node(n)?.taints.some((t) => t.key === 'karpenter.sh/disrupted')).toBe(false);
    w.runUntil(1200);
    expect(w.decisionsOf('disruption-abandoned')).toEqual([expect.objectContaining({ reason: 'underutilized', nodes: before, rejection: 'replacement-failed' })]);
    expect(abandonedAt).toBeDefined();
    const done = w.decisionsOf('disruption');
    expect(done).toEqual([expect.objectContaining({ decision: 'replace', nodes: before })]);
    expect(done[0].at).toBeGreaterThan(abandonedAt!);
    expect(w.nodes().map((n) => n.labels[LabelKeys.instanceType])).toEqual(['c5.2xlarge']);
  });
});

describe('protection, end to end', () => {
  /**
   * Node A gets deployment "a" (1500m), node B deployment "b" (1500m; A cordoned meanwhile so it needs a new
   * node). m5.xlarge only: together they fit one m5.xlarge, so consolidation deletes one of the two.
   */
  function twoNodes(protect: 'none' | 'do-not-disrupt' | 'pdb'): { w: EngineWorld; a: string; b: string } {
    const w = new EngineWorld({
      pools: [pool({ requirements: [onDemand, { key: LabelKeys.instanceType, operator: 'In', values: ['m5.xlarge'] }], consolidateAfterSeconds: 300, budgets: [{ nodes: '100%' }] })],
    });
    w.deployment('a', 1, { cpuMillis: 1500, annotations: protect === 'do-not-disrupt' ? { [Annotations.doNotDisrupt]: 'true' } : {} });
    if (protect === 'pdb') w.cluster.addPdb({ name: 'a', namespace: 'default', selector: { matchLabels: { app: 'a' } }, minAvailable: 1 });
    w.runUntil(90);
    const a = w.nodes()[0].name;
    w.cluster.cordonNode(a, true);
    w.deployment('b', 1, { cpuMillis: 1500 });
    w.runUntil(180);
    w.cluster.cordonNode(a, false);
    expect(w.nodes()).toHaveLength(2);
    return { w, a, b: w.nodes().find((n) => n.name !== a)!.name };
  }

  it('unprotected, node a (first in order) is deleted and its pod moves to b', () => {
    const { w, a, b } = twoNodes('none');
    w.runUntil(900);
    expect(w.nodes().map((n) => n.name)).toEqual([b]);
    expect(w.decisionsOf('disruption')).toEqual([expect.objectContaining({ reason: 'underutilized', decision: 'delete', nodes: [a] })]);
  });

  it.each(['do-not-disrupt', 'pdb'] as const)('with %s on its pod, node a stays, its pod is never evicted, and b goes instead', (protect) => {
    const { w, a, b } = twoNodes(protect);
    const podA = w.podsOf('a')[0];
    w.runUntil(900);
    expect(w.nodes().map((n) => n.name)).toEqual([a]);
    expect(w.decisionsOf('disruption')).toEqual([expect.objectContaining({ nodes: [b] })]);
    expect(w.podsOf('a')).toEqual([podA]);
    expect(podA.status.deletionAt).toBeUndefined();
    expect(w.decisionsOf('disruption-rejected')).toContainEqual(expect.objectContaining({ nodes: [a], rejection: protect }));
  });
});
