import { describe, expect, it } from 'vitest';
import { resources, type NodeClaim } from '../model/index.js';
import { InvariantChecker } from './checker.js';
import { FakeClock, FakeCluster } from './testing/fake-cluster.js';
import { harness } from './testing/harness.js';
import { InvariantViolation } from './violation.js';

const DS_OWNER = { kind: 'DaemonSet', name: 'agent' } as const;

describe('binding: resources', () => {
  it('stays quiet while the pods fill the node exactly (2 × 2000m on 4000m)', () => {
    const { cluster, violations } = harness();
    cluster.addNode('n1', { cpuMillis: 4000 });
    cluster.bind(cluster.createPod({ cpuMillis: 2000 }), 'n1');
    cluster.bind(cluster.createPod({ cpuMillis: 2000 }), 'n1');
    expect(violations).toEqual([]);
  });

  it('trips when the third 2000m pod lands on a 4000m node, naming pod, node, resource and time', () => {
    const { clock, cluster, violations } = harness();
    cluster.addNode('n1', { cpuMillis: 4000 });
    cluster.bind(cluster.createPod({ cpuMillis: 2000 }), 'n1');
    cluster.bind(cluster.createPod({ cpuMillis: 2000 }), 'n1');
    clock.t = 42.5;
    cluster.bind(cluster.createPod({ name: 'big', cpuMillis: 2000 }), 'n1');
    expect(violations).toHaveLength(1);
    const v = violations[0]!;
    expect(v.code).toBe('POD_OVERCOMMIT');
    expect(v.at).toBe(42.5);
    expect(v.objects).toEqual({ pod: 'default/big', node: 'n1' });
    expect(v.message).toContain('t=42.5 s');
    expect(v.message).toContain('exceeds cpu');
    expect(v.message).toContain('requested cpu 6000m');
  });

  it('counts pod slots: a third pod on a node with room for 2 pods trips even without requests', () => {
    const { cluster, codes } = harness();
    cluster.addNode('n1', { pods: 2 });
    for (let i = 0; i < 3; i++) cluster.bind(cluster.createPod({ cpuMillis: 0, memoryMiB: 0 }), 'n1');
    expect(codes()).toEqual(['POD_OVERCOMMIT']);
  });

  it('lets a pod without cpu request onto a cpu-full node (Kubernetes checks only requested resources)', () => {
    const { cluster, violations } = harness();
    cluster.addNode('n1', { cpuMillis: 1000 });
    cluster.bind(cluster.createPod({ cpuMillis: 1000 }), 'n1');
    cluster.bind(cluster.createPod({ cpuMillis: 0, memoryMiB: 64 }), 'n1');
    expect(violations).toEqual([]);
  });

  it('frees the requests of finished and deleted pods', () => {
    const { cluster, violations } = harness();
    cluster.addNode('n1', { cpuMillis: 1000 });
    const a = cluster.createPod({ cpuMillis: 1000 });
    cluster.bind(a, 'n1');
    cluster.complete(a);
    const b = cluster.createPod({ cpuMillis: 1000 });
    cluster.bind(b, 'n1');
    cluster.deletePod(b.uid);
    cluster.bind(cluster.createPod({ cpuMillis: 1000 }), 'n1');
    expect(violations).toEqual([]);
  });

  it('counts a terminating pod until it is gone', () => {
    const { cluster, codes } = harness();
    cluster.addNode('n1', { cpuMillis: 1000 });
    const a = cluster.createPod({ cpuMillis: 1000 });
    cluster.bind(a, 'n1');
    cluster.evictPod(a.uid);
    cluster.bind(cluster.createPod({ cpuMillis: 1000 }), 'n1');
    expect(codes()).toEqual(['POD_OVERCOMMIT']);
  });
});

describe('binding: constraints', () => {
  it('trips on a nodeSelector the node does not match', () => {
    const { cluster, violations } = harness();
    cluster.addNode('n1', { labels: { 'karpenter.sh/capacity-type': 'spot' } });
    cluster.bind(cluster.createPod({ nodeSelector: { 'karpenter.sh/capacity-type': 'on-demand' } }), 'n1');
    expect(violations.map((v) => v.code)).toEqual(['POD_PLACEMENT']);
    expect(violations[0]!.message).toContain("didn't match Pod's node affinity/selector");
  });

  it('trips on required node affinity the node does not satisfy, and not when one OR-term holds', () => {
    const { cluster, codes } = harness();
    cluster.addNode('n1', { labels: { 'topology.kubernetes.io/zone': 'us-east-1b' } });
    const term = (zone: string) => ({ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In' as const, values: [zone] }] });
    cluster.bind(cluster.createPod({ affinity: { nodeAffinity: { required: [term('us-east-1a'), term('us-east-1b')] } } }), 'n1');
    expect(codes()).toEqual([]);
    cluster.bind(cluster.createPod({ affinity: { nodeAffinity: { required: [term('us-east-1a')] } } }), 'n1');
    expect(codes()).toEqual(['POD_PLACEMENT']);
  });

  it('trips on untolerated NoSchedule and NoExecute taints, not on PreferNoSchedule or tolerated ones', () => {
    const { cluster, codes } = harness();
    cluster.addNode('soft', { taints: [{ key: 'x', effect: 'PreferNoSchedule' }] });
    cluster.addNode('gpu', { taints: [{ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }] });
    cluster.addNode('dead', { taints: [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }] });
    cluster.bind(cluster.createPod(), 'soft');
    cluster.bind(cluster.createPod({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }), 'gpu');
    expect(codes()).toEqual([]);
    cluster.bind(cluster.createPod(), 'gpu');
    cluster.bind(cluster.createPod(), 'dead');
    expect(codes()).toEqual(['POD_PLACEMENT', 'POD_PLACEMENT']);
  });

  it('does not count taints added after binding (a disruption taint), but a pod bound after them trips', () => {
    const { cluster, codes } = harness();
    cluster.addNode('n1');
    cluster.bind(cluster.createPod(), 'n1');
    cluster.addNodeTaint('n1', { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    cluster.setPhase([...cluster.pods()][0]!, 'Running');
    expect(codes()).toEqual([]);
    cluster.bind(cluster.createPod(), 'n1');
    expect(codes()).toEqual(['POD_PLACEMENT']);
  });

  it('trips on a pod bound to a cordoned node', () => {
    const { cluster, codes } = harness();
    cluster.addNode('n1');
    cluster.cordonNode('n1', true);
    cluster.bind(cluster.createPod(), 'n1');
    expect(codes()).toEqual(['POD_PLACEMENT']);
  });

  it('trips on a pod bound to a node that does not exist', () => {
    const { cluster, violations } = harness();
    cluster.bind(cluster.createPod(), 'ghost');
    expect(violations[0]!.message).toContain('ghost, which does not exist');
  });

  it('places DaemonSet pods as the simulated DaemonSet controller does: not-ready and pending startup taints are ignored', () => {
    const { cluster, codes } = harness();
    const startup = { key: 'cilium.io/agent-not-ready', value: 'true', effect: 'NoExecute' as const };
    const claim: NodeClaim = {
      name: 'claim-1',
      nodePoolName: 'default',
      nodeClassName: 'default',
      createdAt: 0,
      requirements: [],
      instanceTypeOptions: ['m5.large'],
      requests: resources(),
      taints: [],
      startupTaints: [startup],
      templateHash: 'h',
      status: { providerID: 'aws:///us-east-1a/i-n1' },
    };
    cluster.createNodeClaim(claim);
    cluster.addNode('n1', { taints: [startup, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }] });
    cluster.createBound({ owner: DS_OWNER }, 'n1');
    expect(codes()).toEqual([]);
    cluster.createBound({}, 'n1'); // not a daemon pod: both taints count
    expect(codes()).toEqual(['POD_PLACEMENT']);
  });

  it('still holds DaemonSet pods to NodePool taints they do not tolerate', () => {
    const { cluster, codes } = harness();
    cluster.addNode('n1', { taints: [{ key: 'team', value: 'ml', effect: 'NoSchedule' }] });
    cluster.createBound({ owner: DS_OWNER }, 'n1');
    expect(codes()).toEqual(['POD_PLACEMENT']);
  });

  it('trips when a bound pod moves to another node', () => {
    const { cluster, codes } = harness();
    cluster.addNode('a');
    cluster.addNode('b');
    const p = cluster.createPod();
    cluster.bind(p, 'a');
    cluster.bind(p, 'b');
    expect(codes()).toEqual(['POD_PLACEMENT']);
  });
});

describe('violations are thrown by default', () => {
  it('throws an InvariantViolation with a stable code', () => {
    const clock = new FakeClock(7);
    const cluster = new FakeCluster(clock);
    new InvariantChecker(clock).attach(cluster);
    cluster.addNode('n1', { cpuMillis: 500 });
    const pod = cluster.createPod({ cpuMillis: 1000 });
    expect(() => cluster.bind(pod, 'n1')).toThrow(InvariantViolation);
    let caught: unknown;
    try {
      cluster.bind(cluster.createPod({ cpuMillis: 1000 }), 'n1');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(InvariantViolation);
    expect((caught as InvariantViolation).code).toBe('POD_OVERCOMMIT');
    expect((caught as InvariantViolation).message).toMatch(/^POD_OVERCOMMIT: invariant "pods' requests fit their node's allocatable" violated at t=7 s/);
  });

  it('takes objects present at attach time as they are', () => {
    const clock = new FakeClock();
    const cluster = new FakeCluster(clock);
    cluster.addNode('n1', { cpuMillis: 1000 });
    cluster.bind(cluster.createPod({ cpuMillis: 1000 }), 'n1');
    const violations: InvariantViolation[] = [];
    new InvariantChecker(clock, { onViolation: (v) => violations.push(v) }).attach(cluster);
    cluster.bind(cluster.createPod({ cpuMillis: 500 }), 'n1');
    expect(violations.map((v) => v.code)).toEqual(['POD_OVERCOMMIT']);
  });
});
