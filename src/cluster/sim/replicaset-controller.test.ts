import { describe, expect, it } from 'vitest';
import { nodeSpec, podSpec, podsOf, world } from '../../../test/cluster/fixtures.js';

const fixedStart = { podStartSeconds: { median: 1, p95: 1 } };

describe('ReplicaSetController scale-down', () => {
  it('deletes a pod from the node holding two replicas rather than the newest pod alone on its node', () => {
    const { clock, cluster } = world(fixedStart);
    // Node A fits two 400m pods; web-1 and web-2 land there, then web-3 (the newest) on B.
    cluster.registerNode(nodeSpec('A', { cpuMillis: 1000 }));
    clock.run(1);
    cluster.scaleDeployment('default', 'web', 2, podSpec({ cpuMillis: 400 }));
    clock.run(10);
    cluster.registerNode(nodeSpec('B', { cpuMillis: 1000 }));
    clock.run(11);
    cluster.scaleDeployment('default', 'web', 3, podSpec({ cpuMillis: 400 }));
    clock.run(20); // clock.run takes absolute simulated times
    expect(podsOf(cluster, 'web').map((p) => p.status.phase)).toEqual(['Running', 'Running', 'Running']);
    const nodeOf = (uid: string): string | undefined => cluster.pod(uid)?.status.nodeName;
    expect([nodeOf('default/web-1'), nodeOf('default/web-2'), nodeOf('default/web-3')]).toEqual(['A', 'A', 'B']);

    cluster.scaleDeployment('default', 'web', 2, podSpec({ cpuMillis: 400 }));
    const deleting = podsOf(cluster, 'web').filter((p) => p.status.deletionAt !== undefined);
    expect(deleting).toHaveLength(1);
    expect(deleting[0]!.status.nodeName).toBe('A');
    expect(cluster.pod('default/web-3')!.status.deletionAt).toBeUndefined();
  });

  it('deletes a bound pod that has not started before any Running pod', () => {
    // Slow starts for the second wave: web-3 is bound but still Pending when the scale-down comes.
    const { clock, cluster } = world({ podStartSeconds: { median: 30, p95: 30 } });
    cluster.registerNode(nodeSpec('A'));
    clock.run(1);
    cluster.scaleDeployment('default', 'web', 2, podSpec());
    clock.run(60);
    cluster.scaleDeployment('default', 'web', 3, podSpec());
    clock.run(65); // absolute: web-3 was bound at 60 and starts at 90
    expect(cluster.pod('default/web-3')!.status).toMatchObject({ nodeName: 'A', phase: 'Pending' });
    cluster.scaleDeployment('default', 'web', 2, podSpec());
    expect(cluster.pod('default/web-3')!.status.deletionAt).toBe(65);
    expect(cluster.pod('default/web-1')!.status.deletionAt).toBeUndefined();
    expect(cluster.pod('default/web-2')!.status.deletionAt).toBeUndefined();
  });
});
