import { describe, expect, it } from 'vitest';
import { DriftDetector } from '../../../src/engine/disruption/drift-detector.js';
import { LabelKeys, type NodeClass, type NodePool } from '../../../src/model/index.js';
import { controllerOf, DisruptionWorld, nodeClass, pool } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };

function claimOfNode(w: DisruptionWorld, node: string): string {
  return [...w.cluster.nodeClaims()].find((c) => c.status.nodeName === node)!.name;
}

describe('drift detection (NodeClaim Drifted condition)', () => {
  it('an AMI change drifts every NodeClaim of the class; changing it back clears the condition', () => {
    const w = new DisruptionWorld();
    const n = w.addNode('m5.large');
    const detector = new DriftDetector(w.deps);
    w.run(10);
    detector.check();
    expect(w.cluster.nodeClaim(claimOfNode(w, n))?.status.drifted).toBeFalsy();
    w.config.set(w.config.pools, [nodeClass({ amiId: 'ami-2' })]);
    detector.check();
    expect(w.cluster.nodeClaim(claimOfNode(w, n))?.status).toMatchObject({ drifted: true, driftedAt: 10 });
    expect(detector.driftReason(w.cluster.nodeClaim(claimOfNode(w, n))!)).toBe('AMIDrift');
    w.config.set(w.config.pools, [nodeClass({ amiId: 'ami-1' })]);
    detector.check();
    expect(w.cluster.nodeClaim(claimOfNode(w, n))?.status.drifted).toBe(false);
  });

  it('a NodePool requirement the node no longer satisfies drifts it (RequirementsDrifted)', () => {
    const w = new DisruptionWorld();
    const n = w.addNode('m5.large');
    const detector = new DriftDetector(w.deps);
    w.config.set([pool({ requirements: [{ key: LabelKeys.instanceFamily, operator: 'In', values: ['c5'] }] })]);
    expect(detector.driftReason(w.cluster.nodeClaim(claimOfNode(w, n))!)).toBe('RequirementsDrifted');
    // Behavioural fields never drift: budgets and consolidation policy changes leave it alone.
    w.config.set([pool({ budgets: [{ nodes: '0' }], consolidationPolicy: 'WhenEmpty' })]);
    expect(detector.driftReason(w.cluster.nodeClaim(claimOfNode(w, n))!)).toBeUndefined();
  });

  it('with hashOf, a NodeClaim whose template hash differs from the current one is drifted (NodePoolDrifted)', () => {
    const hashOf = (p: NodePool, c: NodeClass): string => `${JSON.stringify(p.labels)}|${c.amiFamily}`;
    const w = new DisruptionWorld();
    const n = w.addNode('m5.large');
    const claim = w.cluster.nodeClaim(claimOfNode(w, n))!;
    w.cluster.createNodeClaim({ ...claim, name: 'hashed', templateHash: hashOf(w.config.pools[0], w.config.classes[0]) });
    const detector = new DriftDetector({ ...w.deps, hashOf });
    expect(detector.driftReason(w.cluster.nodeClaim('hashed')!)).toBeUndefined();
    w.config.set([{ ...w.config.pools[0], labels: { team: 'a' } }]);
    expect(detector.driftReason(w.cluster.nodeClaim('hashed')!)).toBe('NodePoolDrifted');
  });
});

describe('the drift method', () => {
  it('replaces drifted nodes one per command, empty ones first, within the Drifted budget', () => {
    const w = new DisruptionWorld({ pools: [pool({ requirements: [onDemand], budgets: [{ nodes: '1', reasons: ['Drifted'] }, { nodes: '0', reasons: ['Underutilized', 'Empty'] }] })] });
    const busy = w.addNode('m5.large', { name: 'a-busy' });
    const empty = w.addNode('m5.large', { name: 'b-empty' });
    w.addPods(busy, 1, { cpuMillis: 1500 });
    w.run(10);
    const detector = new DriftDetector(w.deps);
    w.config.set(w.config.pools, [nodeClass({ amiId: 'ami-2' })]);
    detector.check();
    const { controller, queue } = controllerOf(w);
    expect(controller.reconcile()).toBe(0); // drift acts at once
    expect(w.deleted).toEqual([claimOfNode(w, empty)]);
    expect(w.decisionsOf('disruption')).toEqual([expect.objectContaining({ reason: 'drift', decision: 'delete', nodes: [empty] })]);
    // The empty node is being deleted: it uses up the budget of 1 until it is gone.
    controller.reconcile();
    expect(w.launched).toEqual([]);
    expect(w.decisionsOf('disruption-rejected')).toContainEqual(expect.objectContaining({ reason: 'drift', nodes: [busy], rejection: 'budget' }));
    // Once it is gone, the busy node gets a replacement launched before it goes.
    w.cluster.deleteNode(empty);
    w.cluster.deleteNodeClaim(claimOfNode(w, busy) === 'claim-0' ? 'claim-1' : 'claim-0');
    controller.reconcile();
    expect(w.launched).toHaveLength(1);
    expect(w.launched[0].pods.map((p) => p.status.nodeName)).toEqual([busy]);
    expect(queue.inFlight()).toEqual(new Set([busy]));
    expect(w.cluster.node(busy)?.taints).toContainEqual({ key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
  });
});
