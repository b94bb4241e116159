import { describe, expect, it } from 'vitest';
import { nodeSpec, podSpec, world } from './fixtures.js';

describe('a node whose readiness the cloud decides (readyAfterSeconds: Infinity)', () => {
  it('stays NotReady with its pods Unschedulable until markNodeReady, then binds them', () => {
    const { clock, cluster } = world();
    cluster.registerNode(nodeSpec('n1', { readyAfterSeconds: Infinity }));
    const pod = cluster.createPod(podSpec());
    clock.run(1000);
    expect(cluster.node('n1')!.ready).toBe(false);
    expect(pod.status.nodeName).toBeUndefined();
    expect(pod.status.unschedulable).toBe(true);
    clock.schedule(0, () => cluster.markNodeReady('n1'));
    clock.run(1001);
    expect(cluster.node('n1')!.ready).toBe(true);
    expect(cluster.node('n1')!.readyAt).toBe(1000);
    expect(cluster.node('n1')!.taints.some((t) => t.key === 'node.kubernetes.io/not-ready')).toBe(false);
    expect(pod.status.nodeName).toBe('n1');
  });

  it('markNodeReady on a node that is already Ready changes nothing', () => {
    const { clock, cluster } = world();
    cluster.registerNode(nodeSpec('n1'));
    clock.run(5);
    const readyAt = cluster.node('n1')!.readyAt;
    cluster.markNodeReady('n1');
    expect(cluster.node('n1')!.readyAt).toBe(readyAt);
  });
});
