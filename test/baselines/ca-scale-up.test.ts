import { describe, expect, it } from 'vitest';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { caWorld } from './ca-world.js';

describe('Cluster Autoscaler scale-up', () => {
  it('adds the binpacking estimate for a burst of 20 one-CPU pods on 4-CPU nodes', () => {
    // Cloud template of m5.xlarge: capacity used as allocatable = 4000m; kube-proxy takes 100m, leaving
    // 3900m: 3 pods of 1000m per node (memory 16 GiB is not binding at 1 GiB each). ceil(20 / 3) = 7.
    const w = caWorld({ groups: [nodeGroup('general', 'm5.xlarge', { maxSize: 50 })] });
    for (let i = 0; i < 20; i++) w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(10);
    const sets = w.asg.calls.filter((c) => c.op === 'setDesiredCapacity');
    expect(sets).toEqual([{ at: 10, op: 'setDesiredCapacity', group: 'general', value: 7 }]);
    const [d] = w.find('scale-up');
    expect(d).toMatchObject({ at: 10, chosenGroup: 'general', nodeCount: 7, podsHelped: 20 });
  });

  it('with real nodes Ready, the pods land and no second scale-up follows', () => {
    const w = caWorld({ groups: [nodeGroup('general', 'm5.xlarge', { maxSize: 50 })], asg: { bootSeconds: 40 }, nodeReadySeconds: 20 });
    for (let i = 0; i < 20; i++) w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(600);
    expect(w.asg.calls.filter((c) => c.op === 'setDesiredCapacity').map((c) => c.value)).toEqual([7]);
    expect([...w.cluster.pendingPods()]).toHaveLength(0);
    expect([...w.cluster.nodes()]).toHaveLength(7);
  });

  it('does not scale up while the oldest pending pod is younger than 2 s', () => {
    const w = caWorld({ groups: [nodeGroup('general', 'm5.xlarge')] });
    w.ca.start();
    w.clock.run(9);
    w.cluster.createPod(podSpec(1000, 1024));
    w.clock.run(10); // loop at 10: the pod is 1 s old
    expect(w.asg.calls).toHaveLength(0);
    w.clock.run(20); // loop at 20: 11 s old
    expect(w.asg.calls.map((c) => [c.at, c.value])).toEqual([[20, 1]]);
  });

  it('skips a node group at its max size and uses another', () => {
    const w = caWorld({
      groups: [nodeGroup('full', 'm5.xlarge', { minSize: 1, maxSize: 1, desiredCapacity: 1 }), nodeGroup('spare', 'c5.xlarge')],
    });
    for (let i = 0; i < 8; i++) w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(10);
    const [d] = w.find('scale-up');
    expect(d).toMatchObject({ chosenGroup: 'spare' });
    expect((d!.skipped as Record<string, string>).full).toBe('max node group size reached');
    expect(w.asg.calls.filter((c) => c.group === 'full')).toHaveLength(0);
  });

  it('charges the decision time before acting', () => {
    const w = caWorld({
      groups: [nodeGroup('general', 'm5.xlarge')],
      options: { frequentLoopsEnabled: true, loopDurationBaseSeconds: 5, loopDurationPerNodeSeconds: 0.5 },
    });
    w.ca.start(); // first loop at 0, nothing pending; next at 0 + 5 + 10 = 15
    w.clock.run(1);
    w.cluster.createPod(podSpec(1000, 1024)); // Unschedulable at ~1: wakes the waiting loop? It is running until 5.
    w.clock.run(100);
    // Loop 1 runs at 0 (0 nodes, 5 s), sees the pod event while running, so loop 2 starts at once at 5;
    // the pod is then 4 s old: scale-up decided at 5, applied after 5 s of decision time at 10.
    expect(w.asg.calls.filter((c) => c.op === 'setDesiredCapacity').map((c) => [c.at, c.value])).toEqual([[10, 1]]);
  });
});

describe('Cluster Autoscaler scale-up with inter-pod constraints', () => {
  it('counts one node per pod for required hostname anti-affinity, and all pods land', () => {
    // Without the anti-affinity, 4 pods of 1000m would take ceil(4 / 3) = 2 m5.xlarge template nodes.
    const w = caWorld({ groups: [nodeGroup('general', 'm5.xlarge', { maxSize: 10 })], asg: { bootSeconds: 30 } });
    const antiAffinity = {
      podAntiAffinity: { required: [{ labelSelector: { matchLabels: { app: 'solo' } }, topologyKey: 'kubernetes.io/hostname' }] },
    };
    for (let i = 0; i < 4; i++) w.cluster.createPod(podSpec(1000, 1024, { app: 'solo', affinity: antiAffinity }));
    w.ca.start();
    w.clock.run(600);
    expect(w.asg.calls.filter((c) => c.op === 'setDesiredCapacity').map((c) => c.value)).toEqual([4]);
    expect([...w.cluster.pendingPods()]).toHaveLength(0);
  });
});

describe('Cluster Autoscaler balancing', () => {
  it('splits a scale-up across similar groups in two zones (7 nodes → 4 + 3)', () => {
    const w = caWorld({
      groups: [nodeGroup('a', 'm5.xlarge', { zones: ['us-east-1a'], maxSize: 50 }), nodeGroup('b', 'm5.xlarge', { zones: ['us-east-1b'], maxSize: 50 })],
      options: { balanceSimilarNodeGroups: true },
    });
    for (let i = 0; i < 20; i++) w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(10);
    const sets = w.asg.calls.filter((c) => c.op === 'setDesiredCapacity');
    expect(sets.map((c) => c.value).sort()).toEqual([3, 4]);
    expect(new Set(sets.map((c) => c.group))).toEqual(new Set(['a', 'b']));
  });
});

describe('Cluster Autoscaler caps and decision records', () => {
  it('caps a scale-up at --max-nodes-total', () => {
    // One node exists (m5.xlarge, min 1); 20 pods of 1 CPU want 7 new nodes; max-nodes-total 5 leaves room for 4.
    const w = caWorld({ groups: [nodeGroup('g', 'm5.xlarge', { minSize: 1, desiredCapacity: 1, maxSize: 50 })], options: { maxNodesTotal: 5 } });
    for (let i = 0; i < 23; i++) w.cluster.createPod(podSpec(1000, 1024, { app: 'burst' }));
    w.ca.start();
    w.clock.run(10);
    expect(w.asg.calls.filter((c) => c.op === 'setDesiredCapacity').map((c) => c.value)).toEqual([5]);
  });

  it('records each option with its expander score and the chosen group', () => {
    // Six pods of 1 CPU / 2 GiB: c5.xlarge 2 nodes, waste 0.25 + 0.25 = 0.5; m5.xlarge 2 nodes, 0.25 + 0.625 = 0.875.
    const w = caWorld({ groups: [nodeGroup('m5', 'm5.xlarge'), nodeGroup('c5', 'c5.xlarge')] });
    for (let i = 0; i < 6; i++) w.cluster.createPod(podSpec(1000, 2048));
    w.ca.start();
    w.clock.run(10);
    const [d] = w.find('scale-up');
    expect(d).toMatchObject({ chosenGroup: 'c5', nodeCount: 2, tieBroken: false });
    expect(d!.options).toEqual([
      { group: 'm5', instanceType: 'm5.xlarge', nodeCount: 2, pods: 6 },
      { group: 'c5', instanceType: 'c5.xlarge', nodeCount: 2, pods: 6 },
    ]);
    const [step] = d!.expanders as { expander: string; scores: Record<string, number> }[];
    expect(step!.expander).toBe('least-waste');
    expect(step!.scores.c5).toBeCloseTo(0.5, 12);
    expect(step!.scores.m5).toBeCloseTo(0.875, 12);
  });
});

describe('Cluster Autoscaler templates', () => {
  // Pods of 500m / 3800 MiB. Fixture m5.xlarge: allocatable memory 16384 − 1536 = 14848 MiB on a live
  // node (3 such pods), but the cloud template uses capacity, 16384 MiB (4 pods).
  it('uses the cloud template (capacity as allocatable) for a group without nodes: 12 pods → 3 nodes', () => {
    const w = caWorld({ groups: [nodeGroup('g', 'm5.xlarge', { maxSize: 20 })] });
    for (let i = 0; i < 12; i++) w.cluster.createPod(podSpec(500, 3800));
    w.ca.start();
    w.clock.run(10);
    expect(w.asg.calls.map((c) => c.value)).toEqual([3]);
    expect(w.find('scale-up')[0]).toMatchObject({ nodeCount: 3 });
  });

  it('uses a live node Ready for over a minute as the template: 12 pods → 4 nodes', () => {
    const w = caWorld({ groups: [nodeGroup('g', 'm5.xlarge', { minSize: 1, desiredCapacity: 1, maxSize: 20 })] });
    w.ca.start();
    w.clock.run(100);
    for (let i = 0; i < 15; i++) w.cluster.createPod(podSpec(500, 3800)); // 3 land on the live node, 12 wait
    w.clock.run(110);
    expect(w.asg.calls.map((c) => c.value)).toEqual([1 + 4]);
  });
});
