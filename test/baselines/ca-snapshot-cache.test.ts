import { describe, expect, it } from 'vitest';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { caWorld } from './ca-world.js';

/**
 * The loop's ClusterSnapshot is kept between loops and patched from the cluster's watch. With `verify`
 * on, every loop compares it with a snapshot built from scratch (node order, each node's pods in
 * `cluster.pods()` order, sums, terminating pods, host ports, group) and throws on any difference.
 */
describe('Cluster Autoscaler snapshot cache', () => {
  it('matches a full rebuild at every loop through scale-ups, drains, evictions, job completions and node deletions', () => {
    const w = caWorld({
      groups: [nodeGroup('general', 'm5.xlarge', { maxSize: 20, desiredCapacity: 1 }), nodeGroup('compute', 'c5.xlarge', { maxSize: 20, desiredCapacity: 2 })],
      options: { scaleDownUnneededSeconds: 120, scaleDownDelayAfterAddSeconds: 60, maxDrainParallelism: 2 },
      nodeReadySeconds: 30,
    });
    w.ca.autoscaler.snapshots.verify = true;
    const spread = [{ maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 'spread' } } }];
    w.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
    w.ca.start();
    w.cluster.scaleDeployment('default', 'web', 12, podSpec(900, 2048, { app: 'web', hostPorts: [8080] }));
    w.clock.run(300);
    w.cluster.scaleDeployment('default', 'batch', 10, podSpec(1500, 1024, { app: 'batch' }));
    w.cluster.createJob('default', 'once', podSpec(500, 512, { app: 'once', owner: { kind: 'Job', name: 'once' } }), 4, 2);
    w.clock.run(900);
    w.cluster.scaleDeployment('default', 'spread', 4, podSpec(200, 256, { app: 'spread', topologySpreadConstraints: spread }));
    w.clock.run(1500);
    w.cluster.scaleDeployment('default', 'batch', 0, podSpec(1500, 1024, { app: 'batch' }));
    w.cluster.scaleDeployment('default', 'web', 3, podSpec(900, 2048, { app: 'web', hostPorts: [8080] }));
    w.clock.run(2400);
    const victim = [...w.cluster.pods()].find((p) => p.status.nodeName !== undefined && p.owner?.name === 'spread');
    if (victim) w.cluster.evictPod(victim.uid);
    w.cluster.scaleDeployment('default', 'spread', 0, podSpec(200, 256, { app: 'spread', topologySpreadConstraints: spread }));
    w.clock.run(5000);

    // The run went through both directions, so the comparison covered changing node sets.
    expect(w.find('scale-up').length).toBeGreaterThan(0);
    expect(w.find('scale-down').length).toBeGreaterThan(1);
    expect(w.find('scale-down').some((d) => (d.podsToReschedule as unknown[]).length > 0)).toBe(true);
  });

  it('notices a change the watch did not report (the check can fail)', () => {
    const w = caWorld({ groups: [nodeGroup('general', 'm5.xlarge', { desiredCapacity: 1 })] });
    w.ca.autoscaler.snapshots.verify = true;
    w.cluster.scaleDeployment('default', 'web', 2, podSpec(500, 512, { app: 'web' }));
    w.ca.start();
    w.clock.run(25);
    const pod = [...w.cluster.pods()].find((p) => p.status.nodeName !== undefined)!;
    pod.status.deletionAt = w.clock.now(); // mutated behind the cluster's back: no pod-updated event
    expect(() => w.clock.run(40)).toThrow(/SnapshotCache differs from a full build: terminating/);
  });
});
