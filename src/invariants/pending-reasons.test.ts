import { describe, expect, it } from 'vitest';
import { harness } from './testing/harness.js';

describe('pods still pending have a reason (PENDING_WITHOUT_REASON)', () => {
  it('trips for a pod pending at the end that no one marked Unschedulable or named in a decision', () => {
    const h = harness();
    h.clock.t = 30;
    h.cluster.createPod({ name: 'forgotten' });
    h.checker.finish(600);
    expect(h.codes()).toEqual(['PENDING_WITHOUT_REASON']);
    const v = h.violations[0]!;
    expect(v.at).toBe(600);
    expect(v.objects).toEqual({ pod: 'default/forgotten' });
    expect(v.message).toContain('violated at t=600 s [pod default/forgotten]');
    expect(v.message).toContain('1 pods pending at the end');
    expect(v.message).toContain('default/forgotten (created t=30 s)');
  });

  it('accepts the kube-scheduler Unschedulable condition, a pod-unschedulable decision naming the pod, or a pod younger than the grace', () => {
    const h = harness();
    h.cluster.markUnschedulable(h.cluster.createPod({ name: 'too-big' }));
    h.cluster.createPod({ name: 'no-pool' });
    h.checker.decision({ at: 12, actor: 'karpenter/provisioner', kind: 'pod-unschedulable', reason: 'no instance type satisfied resources', pod: 'no-pool' });
    h.clock.t = 599.5;
    h.cluster.createPod({ name: 'just-created' });
    h.cluster.addNode('n1');
    h.cluster.createBound({ name: 'agent', owner: { kind: 'DaemonSet', name: 'agent' } }, 'n1');
    h.checker.finish(600);
    expect(h.violations).toEqual([]);
  });

  it('forgets a decision once its pod was bound: a later pod of the same name needs its own reason', () => {
    const h = harness();
    h.cluster.addNode('n1');
    const first = h.cluster.createPod({ name: 'web' });
    h.checker.decision({ at: 0, actor: 'karpenter/provisioner', kind: 'pod-unschedulable', reason: 'r', pod: 'web' });
    h.cluster.bind(first, 'n1');
    h.cluster.complete(first);
    h.clock.t = 100;
    h.cluster.createPod({ name: 'web' });
    h.checker.finish(200);
    expect(h.codes()).toEqual(['PENDING_WITHOUT_REASON']);
  });

  it('names five pods and counts the rest', () => {
    const h = harness();
    for (let i = 0; i < 7; i++) h.cluster.createPod({ name: `p${i}` });
    h.checker.finish(60);
    expect(h.violations[0]!.message).toContain('7 pods pending');
    expect(h.violations[0]!.message).toContain('and 2 more');
    expect(h.violations[0]!.objects.pod).toBe('default/p0,default/p1,default/p2,default/p3,default/p4');
  });
});
