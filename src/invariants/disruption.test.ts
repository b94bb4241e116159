import { describe, expect, it } from 'vitest';
import type { AutoScalingGroup } from '../cloud/auto-scaling.js';
import { harness } from './testing/harness.js';

const DND = { 'karpenter.sh/do-not-disrupt': 'true' };

describe('do-not-disrupt', () => {
  it('trips when a node with a do-not-disrupt pod is disrupted voluntarily', () => {
    const h = harness();
    h.cluster.addNode('n1');
    h.cluster.bind(h.cluster.createPod({ name: 'train', annotations: DND }), 'n1');
    h.clock.t = 900;
    h.checker.voluntaryDisruption('n1', 'Underutilized');
    expect(h.codes()).toEqual(['DO_NOT_DISRUPT_VIOLATED']);
    expect(h.violations[0]!.objects).toEqual({ node: 'n1', pod: 'default/train' });
    expect(h.violations[0]!.message).toContain('disrupted (Underutilized)');
  });

  it('trips on a node annotated do-not-disrupt', () => {
    const h = harness();
    h.cluster.addNode('n1', { annotations: DND });
    h.checker.voluntaryDisruption('n1', 'Empty');
    expect(h.codes()).toEqual(['DO_NOT_DISRUPT_VIOLATED']);
  });

  it('stays quiet for annotation "false", finished or terminating do-not-disrupt pods, and pods elsewhere', () => {
    const h = harness();
    h.cluster.addNode('n1');
    h.cluster.addNode('n2');
    h.cluster.bind(h.cluster.createPod({ annotations: { 'karpenter.sh/do-not-disrupt': 'false' } }), 'n1');
    const done = h.cluster.createPod({ annotations: DND });
    h.cluster.bind(done, 'n1');
    h.cluster.complete(done);
    const leaving = h.cluster.createPod({ annotations: DND });
    h.cluster.bind(leaving, 'n1');
    h.cluster.evictPod(leaving.uid);
    h.cluster.bind(h.cluster.createPod({ annotations: DND }), 'n2');
    h.checker.voluntaryDisruption('n1', 'Drifted');
    h.checker.voluntaryDisruption('gone', 'Empty');
    expect(h.violations).toEqual([]);
  });
});

function group(desiredCapacity: number): AutoScalingGroup {
  return {
    name: 'ng-general',
    minSize: 1,
    maxSize: 5,
    desiredCapacity,
    instanceTypes: ['m5.large'],
    zones: ['us-east-1a'],
    capacityType: 'on-demand',
    labels: {},
    taints: [],
    instances: [],
  };
}

describe('Auto Scaling group bounds', () => {
  it('stays quiet from min to max, trips above max and below min', () => {
    const h = harness();
    h.checker.groupsChanged([group(1), group(5)]);
    expect(h.violations).toEqual([]);
    h.checker.groupsChanged([group(6)]);
    h.checker.groupsChanged([group(0)]);
    expect(h.codes()).toEqual(['ASG_BOUNDS', 'ASG_BOUNDS']);
    expect(h.violations[0]!.message).toContain('desired capacity 6 > maxSize 5');
    expect(h.violations[1]!.message).toContain('desired capacity 0 < minSize 1');
  });
});
