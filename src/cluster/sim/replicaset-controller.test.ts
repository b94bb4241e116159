import { describe, expect, it } from 'vitest';
import type { SimClock } from '../../sim/sim-clock.js';
import { bareStore, nodeSpec, podSpec, podsOf, world } from '../../../test/cluster/fixtures.js';
import type { ClusterStore } from './cluster-store.js';
import { ReplicaSetController } from './replicaset-controller.js';

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

describe('ReplicaSetController bookkeeping', () => {
  /** A controller on a bare store: pods stay Pending and unbound; deletion removes them at once. */
  function bare(): { clock: SimClock; store: ClusterStore; rs: ReplicaSetController } {
    const { clock, store, createPod } = bareStore();
    const rs = new ReplicaSetController(store, clock, createPod, (pod) => store.removePod(pod));
    return { clock, store, rs };
  }
  const uids = (store: ClusterStore): string[] => [...store.pods.keys()].sort();

  it('forgets the creation order of pods deleted behind its back, and still deletes the newest replacement first', () => {
    const { clock, store, rs } = bare();
    rs.scale('default', 'web', 3, podSpec());
    expect(uids(store)).toEqual(['default/web-1', 'default/web-2', 'default/web-3']);
    // Two pods go (evicted, deleted with their node...): the controller replaces them at the next instant.
    store.removePod(store.pods.get('default/web-1')!);
    store.removePod(store.pods.get('default/web-3')!);
    clock.run(1);
    expect(uids(store)).toEqual(['default/web-2', 'default/web-4', 'default/web-5']);
    // Only the three pods that exist are remembered, not the two that are gone.
    expect(rs.trackedPods).toBe(3);
    // Same creation time, all Pending: the later-created pod goes first (web-5, then web-4).
    rs.scale('default', 'web', 1, podSpec());
    expect(uids(store)).toEqual(['default/web-2']);
    expect(rs.trackedPods).toBe(1);
  });

  it('keeps nothing for pods that churned many times over', () => {
    const { clock, store, rs } = bare();
    rs.scale('default', 'web', 2, podSpec());
    for (let t = 1; t <= 50; t++) {
      for (const pod of [...store.pods.values()]) store.removePod(pod);
      clock.run(t);
    }
    expect(store.pods.size).toBe(2);
    expect(rs.trackedPods).toBe(2);
  });
});
