import { describe, expect, it } from 'vitest';
import { isProvisionable } from '../../src/model/index.js';
import { nodeSpec, podsOf, podSpec, running, world } from './fixtures.js';

/**
 * Static nodes, no autoscaler: three 4000m / 16 GiB nodes with EKS-like allocatable (3920m cpu,
 * 15300 MiB memory, 58 pods), each running a kube-proxy DaemonSet pod of 100m / 128 MiB.
 *
 * Hand-computed capacity for 500m / 1024 MiB pods, per node:
 *   cpu:    (3920 − 100) / 500   = 7.64 → 7
 *   memory: (15300 − 128) / 1024 = 14.8 → 14
 *   pods:   58 − 1 daemon pod    = 57
 * so cpu binds: 7 per node, 21 in the cluster (not 3 × 4000/500 = 24: allocatable and the daemon pod
 * take their share).
 */
function staticCluster(podsAllocatable = 58) {
  const w = world({ tieBreak: 'random' }, 42);
  w.cluster.addDaemonSet({ name: 'kube-proxy', namespace: 'kube-system', template: podSpec({ cpuMillis: 100, memoryMiB: 128 }) });
  for (const name of ['node-a', 'node-b', 'node-c']) {
    w.cluster.registerNode(
      nodeSpec(name, {
        cpuMillis: 4000,
        memoryMiB: 16384,
        pods: 110,
        allocatable: { cpuMillis: 3920, memoryMiB: 15300, pods: podsAllocatable },
      }),
    );
  }
  return w;
}

describe('static cluster end to end', () => {
  it('runs 20 pods after the start delay, then leaves 3 of 4 more Unschedulable', () => {
    const { clock, cluster } = staticCluster();
    clock.run(10);
    const web = podSpec({ cpuMillis: 500, memoryMiB: 1024 });
    cluster.scaleDeployment('default', 'web', 20, web);
    clock.run(10);
    // Bound in the same instant, none started yet (the kubelet start delay is > 0).
    expect(podsOf(cluster, 'web').filter((p) => p.status.nodeName !== undefined)).toHaveLength(20);
    expect(running(podsOf(cluster, 'web'))).toHaveLength(0);
    clock.run(70);
    const pods = podsOf(cluster, 'web');
    expect(running(pods)).toHaveLength(20);
    for (const p of pods) expect(p.status.startedAt! - p.status.boundAt!).toBeGreaterThan(0);
    expect(new Set(pods.map((p) => p.status.startedAt)).size).toBeGreaterThan(1); // sampled, not constant
    for (const n of ['node-a', 'node-b', 'node-c']) expect([...cluster.podsOnNode(n)].length).toBeLessThanOrEqual(8);

    cluster.scaleDeployment('default', 'web', 24, web);
    clock.run(130);
    const after = podsOf(cluster, 'web');
    expect(after.filter((p) => p.status.nodeName !== undefined)).toHaveLength(21);
    const pending = [...cluster.pendingPods()];
    expect(pending).toHaveLength(3);
    for (const p of pending) {
      expect(p.status.unschedulable).toBe(true);
      expect(p.status.unschedulableSince).toBe(70);
      expect(isProvisionable(p)).toBe(true);
    }
    // 7 web pods + 1 daemon pod on every node: 100 + 7 × 500 = 3600m of 3920m requested.
    for (const n of ['node-a', 'node-b', 'node-c']) {
      const onNode = [...cluster.podsOnNode(n)];
      expect(onNode).toHaveLength(8);
      expect(onNode.reduce((s, p) => s + p.requests.cpuMillis, 0)).toBe(3600);
    }
  });

  it('counts pod slots too: with 6 allocatable pods per node only 5 workload pods fit on each', () => {
    // pods: 6 − 1 daemon pod = 5 per node → 15; cpu would allow 7 per node.
    const { clock, cluster } = staticCluster(6);
    cluster.scaleDeployment('default', 'web', 20, podSpec({ cpuMillis: 500, memoryMiB: 1024 }));
    clock.run(60);
    expect(running(podsOf(cluster, 'web'))).toHaveLength(15);
    expect([...cluster.pendingPods()].filter((p) => p.status.unschedulable)).toHaveLength(5);
  });
});
