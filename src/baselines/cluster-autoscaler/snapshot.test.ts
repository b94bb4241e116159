import { describe, expect, it } from 'vitest';
import type { Node, Pod, Resources } from '../../model/index.js';
import { podSpec } from './testing/fixtures.js';
import { ClusterSnapshot, SnapshotNode } from './snapshot.js';

const RES: Resources = { cpuMillis: 4000, memoryMiB: 16384, gpus: 0, pods: 58, ephemeralMiB: 0 };

function pod(uid: string, memoryMiB: number, hostPorts: number[] = []): Pod {
  return { ...podSpec(100, memoryMiB, { hostPorts }), uid, name: uid, createdAt: 0, status: { phase: 'Running', unschedulable: false } };
}

function node(name: string, pods: Pod[]): SnapshotNode {
  const n = new SnapshotNode(name, {}, [], RES, RES, false, 'registered', 'g');
  for (const p of pods) n.addPod(p);
  return n;
}

describe('ClusterSnapshot checkpoint', () => {
  it('restores pod order, float sums, host ports and the node list exactly', () => {
    const s = new ClusterSnapshot();
    s.addNode(node('n1', [pod('a', 0.1), pod('b', 0.2, [8080]), pod('c', 0.6)]));
    s.addNode(node('n2', []));
    s.addNode(node('n3', []));
    // 0.1 + 0.2 + 0.6 in that order is 0.9 in doubles; taking 0.2 away and adding it back gives 0.8999999999999999.
    expect(s.node('n1')!.requested.memoryMiB).toBe(0.9);

    s.checkpoint();
    s.removeNode('n2');
    s.removePod('b', 'n1');
    s.addPod(pod('b', 0.2, [8080]), 'n3');
    s.addNode(node('upcoming', [pod('d', 1)]));
    s.fork();
    s.removePod('a', 'n1');
    s.commit();
    s.restoreCheckpoint();

    expect(s.nodes.map((n) => n.name)).toEqual(['n1', 'n2', 'n3']);
    const n1 = s.node('n1')!;
    expect([...n1.pods.keys()]).toEqual(['a', 'b', 'c']);
    expect(n1.requested.memoryMiB).toBe(0.9);
    expect(n1.requested.cpuMillis).toBe(300);
    expect(n1.requested.pods).toBe(3);
    expect([...n1.hostPortsInUse]).toEqual([8080]);
    expect(s.node('n3')!.pods.size).toBe(0);
    expect(s.node('n3')!.requested.memoryMiB).toBe(0);
    expect(s.node('upcoming')).toBeUndefined();
  });

  it('restores a node that only received pods (also through nested fork/revert) without copying its pods', () => {
    const s = new ClusterSnapshot();
    s.addNode(node('n1', [pod('x', 0.1), pod('y', 0.2)]));
    const before = s.node('n1')!.requested.memoryMiB;
    s.checkpoint();
    s.addPod(pod('z', 0.6), 'n1');
    s.fork();
    s.addPod(pod('w', 5), 'n1');
    s.revert();
    s.addPod(pod('v', 7, [9090]), 'n1');
    expect([...s.node('n1')!.pods.keys()]).toEqual(['x', 'y', 'z', 'v']);
    s.restoreCheckpoint();
    const n1 = s.node('n1')!;
    expect([...n1.pods.keys()]).toEqual(['x', 'y']);
    expect(n1.requested.memoryMiB).toBe(before);
    expect(n1.requested.pods).toBe(2);
    expect(n1.hostPortsInUse.size).toBe(0);
  });

  it('restores a node that received pods, lost one again through a revert, then gave one away', () => {
    const s = new ClusterSnapshot();
    s.addNode(node('n1', [pod('x', 0.1), pod('y', 0.2)]));
    s.addNode(node('n2', [pod('z', 0.7)]));
    s.checkpoint();
    s.addPod(pod('a', 1), 'n1');
    s.fork();
    s.addPod(pod('b', 2), 'n1');
    s.revert(); // a failed simulation: b leaves n1 again
    s.removePod('x', 'n1'); // n1 is a candidate later: its original pods are copied now
    s.addPod(pod('x', 0.1), 'n2');
    expect([...s.node('n1')!.pods.keys()]).toEqual(['y', 'a']);
    s.restoreCheckpoint();
    expect([...s.node('n1')!.pods.keys()]).toEqual(['x', 'y']);
    expect(s.node('n1')!.requested.memoryMiB).toBe(0.1 + 0.2);
    expect([...s.node('n2')!.pods.keys()]).toEqual(['z']);
    expect(s.node('n2')!.requested.pods).toBe(1);
  });

  it('a plain fork/revert re-adds a removed pod last (why the loop uses a checkpoint)', () => {
    const s = new ClusterSnapshot();
    s.addNode(node('n1', [pod('a', 1), pod('b', 1), pod('c', 1)]));
    s.fork();
    s.removePod('b', 'n1');
    s.revert();
    expect([...s.node('n1')!.pods.keys()]).toEqual(['a', 'c', 'b']);
  });

  it('refuses to change its base inside a change set, and a second checkpoint', () => {
    const s = new ClusterSnapshot();
    s.addNode(node('n1', []));
    s.checkpoint();
    expect(() => s.replaceNodeAt(0, node('n1', []))).toThrow(/inside a change set/);
    expect(() => s.checkpoint()).toThrow(/already open/);
    s.restoreCheckpoint();
    expect(() => s.restoreCheckpoint()).toThrow(/without checkpoint/);
    const fresh = node('n1', [pod('x', 5)]);
    s.replaceNodeAt(0, fresh);
    expect(s.node('n1')).toBe(fresh);
    expect(s.nodes).toEqual([fresh]);
  });

  it('discard leaves a change set for restoreCheckpoint to undo, and refuses changes until then', () => {
    const s = new ClusterSnapshot();
    s.addNode(node('n1', [pod('a', 0.1), pod('b', 0.2, [8080]), pod('c', 0.6)]));
    s.addNode(node('n2', [pod('d', 1)]));
    expect(() => {
      s.fork();
      s.discard();
    }).toThrow(/inside a checkpoint/);
    s.revert();
    s.checkpoint();
    s.removePod('c', 'n1');
    s.fork();
    s.removePod('b', 'n1');
    s.addPod(pod('b', 0.2, [8080]), 'n2');
    s.discard();
    // The moves are still there to read...
    expect([...s.node('n2')!.pods.keys()]).toEqual(['d', 'b']);
    expect([...s.node('n1')!.hostPortsInUse]).toEqual([]);
    // ...but nothing may change before the restore.
    expect(() => s.addPod(pod('e', 1), 'n1')).toThrow(/sealed/);
    expect(() => s.removePod('a', 'n1')).toThrow(/sealed/);
    expect(() => s.fork()).toThrow(/sealed/);
    s.restoreCheckpoint();
    const n1 = s.node('n1')!;
    expect([...n1.pods.keys()]).toEqual(['a', 'b', 'c']);
    expect(n1.requested.memoryMiB).toBe(0.9);
    expect([...n1.hostPortsInUse]).toEqual([8080]);
    expect([...s.node('n2')!.pods.keys()]).toEqual(['d']);
    expect(s.node('n2')!.requested.memoryMiB).toBe(1);
    s.addPod(pod('e', 1), 'n1');
    expect(n1.pods.has('e')).toBe(true);
  });

  it('reads the scale-down-disabled annotation of the Node ("true" only)', () => {
    const k8sNode = (annotations: Record<string, string>): Node => ({
      name: 'n1', labels: {}, taints: [], annotations, capacity: RES, allocatable: RES, providerID: 'aws:///us-east-1a/i-1', ready: true, unschedulable: false, createdAt: 0,
    });
    const snap = (n: Node): SnapshotNode => new SnapshotNode('n1', {}, [], RES, RES, false, 'registered', 'g', n);
    const key = 'cluster-autoscaler.kubernetes.io/scale-down-disabled';
    expect(snap(k8sNode({ [key]: 'true' })).scaleDownDisabled).toBe(true);
    expect(snap(k8sNode({ [key]: 'false' })).scaleDownDisabled).toBe(false);
    expect(snap(k8sNode({})).scaleDownDisabled).toBe(false);
    expect(new SnapshotNode('t', {}, [], RES, RES, false, 'upcoming', 'g').scaleDownDisabled).toBe(false);
  });
});
