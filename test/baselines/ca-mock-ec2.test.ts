import { describe, expect, it } from 'vitest';
import { createClusterAutoscaler } from '../../src/baselines/cluster-autoscaler/index.js';
import { caOptions, nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { loadCatalog } from '../../src/catalog/load.js';
import { ASG_TAG, MockEc2 } from '../../src/cloud/mock-ec2/index.js';
import { SimCluster } from '../../src/cluster/sim/index.js';
import type { Decision } from '../../src/model/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';

describe('Cluster Autoscaler against MockEc2 Auto Scaling groups and the real catalog', () => {
  it('scales a burst up through real ASGs and back down when the work is gone', () => {
    const clock = new SimClock();
    const random = new RandomSource(7);
    const types = loadCatalog({ families: ['m5', 'c5'] });
    const ec2 = new MockEc2(clock, random, types, {});
    const cluster = new SimCluster(clock, random, { tieBreak: 'name' });
    const byId = new Map(types.map((t) => [t.name, t]));
    ec2.onInstanceEvent((e) => {
      const name = `node-${e.instance.id}`;
      if (e.kind === 'ready') {
        const t = byId.get(e.instance.instanceType)!;
        const group = ec2.group(e.instance.tags[ASG_TAG] ?? '');
        cluster.registerNode({
          name,
          labels: { ...t.labels, 'topology.kubernetes.io/zone': e.instance.zone, ...(group?.labels ?? {}) },
          taints: group?.taints ?? [],
          capacity: t.capacity,
          allocatable: t.allocatable,
          providerID: e.instance.providerID,
        });
      } else if (e.kind === 'terminated' && cluster.node(name)) cluster.deleteNode(name);
    });
    const groups = [nodeGroup('general', 'm5.xlarge', { maxSize: 20, zones: ['us-east-1a', 'us-east-1b'] })];
    for (const g of groups) ec2.createAutoScalingGroup(g);
    const decisions: Decision[] = [];
    const ca = createClusterAutoscaler({
      clock,
      cluster,
      autoscaling: ec2,
      instanceTypes: types,
      nodeGroups: groups,
      options: caOptions({ frequentLoopsEnabled: true }),
      decisions: { record: (d) => decisions.push(d) },
      random: random.stream('cluster-autoscaler'),
    });
    cluster.scaleDeployment('default', 'web', 20, podSpec(1000, 1024, { app: 'web', owner: null }));
    ca.start();
    clock.run(900);
    expect([...cluster.pendingPods()]).toHaveLength(0);
    expect(decisions.filter((d) => d.kind === 'scale-up').length).toBeGreaterThanOrEqual(1);
    const peak = ec2.group('general')!.desiredCapacity;
    expect(peak).toBeGreaterThanOrEqual(7);
    cluster.scaleDeployment('default', 'web', 0, podSpec(1000, 1024, { app: 'web', owner: null }));
    clock.run(900 + 3600);
    expect(ec2.group('general')!.desiredCapacity).toBe(0);
    expect(decisions.filter((d) => d.kind === 'scale-down-completed')).toHaveLength(peak);
  });
});
