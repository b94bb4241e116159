import { describe, expect, it } from 'vitest';
import { Annotations, LabelKeys } from '../../../src/model/index.js';
import { EngineWorld } from './engine-world.js';
import { pool } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };

/** Times of eviction attempts on pods of an app. */
function evictionTimes(w: EngineWorld, app: string): number[] {
  const times: number[] = [];
  const evict = w.cluster.evictPod.bind(w.cluster);
  w.cluster.evictPod = (uid) => {
    if (w.cluster.pod(uid)?.labels.app === app) times.push(w.clock.now());
    return evict(uid);
  };
  return times;
}

describe('termination: grace periods and eviction backoff', () => {
  it('a NodePool terminationGracePeriod forces a PDB-blocked drain: the pod goes at deadline − its grace period', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], terminationGracePeriodSeconds: 600, consolidateAfterSeconds: 'Never' })] });
    w.cluster.addPdb({ name: 'db', namespace: 'default', selector: { matchLabels: { app: 'db' } }, minAvailable: 1 });
    w.deployment('db', 1, { cpuMillis: 500 });
    w.runUntil(200);
    const [claim] = w.claims();
    const [pod] = w.podsOf('db');
    w.engine.terminator.delete(claim.name, 'expiration');
    // Node deadline 200 + 600 = 800; the pod's terminationGracePeriodSeconds is 30: deleted at 770.
    w.runUntil(769.9);
    expect(pod.status.deletionAt).toBeUndefined();
    expect(w.cluster.nodeClaim(claim.name)).toBeDefined();
    w.runUntil(770);
    expect(pod.status.deletionAt).toBe(770);
    w.runUntil(800 + 5);
    expect(w.cluster.nodeClaim(claim.name)).toBeUndefined();
    expect(w.ec2.getNow(claim.status.instanceId!)?.state).toBe('terminated');
  });

  it('do-not-disrupt pods are not evicted by a drain; the grace period deadline removes them', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], terminationGracePeriodSeconds: 300, consolidateAfterSeconds: 'Never' })] });
    w.deployment('job', 1, { cpuMillis: 500, annotations: { [Annotations.doNotDisrupt]: 'true' } });
    w.deployment('web', 1, { cpuMillis: 500 });
    w.runUntil(200);
    const [claim] = w.claims();
    const [job] = w.podsOf('job');
    const [web] = w.podsOf('web');
    const jobEvictions = evictionTimes(w, 'job');
    w.engine.terminator.delete(claim.name, 'expiration');
    w.runUntil(260);
    expect(web.status.deletionAt).toBe(200);
    expect(job.status.deletionAt).toBeUndefined();
    expect(jobEvictions).toEqual([]);
    w.runUntil(470);
    expect(job.status.deletionAt).toBe(470); // 200 + 300 − 30
  });

  it('evictions refused by a PodDisruptionBudget are retried with exponential backoff from 100 ms up to 10 s', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], consolidateAfterSeconds: 'Never' })] });
    w.cluster.addPdb({ name: 'db', namespace: 'default', selector: { matchLabels: { app: 'db' } }, minAvailable: 1 });
    w.deployment('db', 1, { cpuMillis: 500 });
    w.runUntil(200);
    const [claim] = w.claims();
    const times = evictionTimes(w, 'db');
    w.engine.terminator.delete(claim.name, 'expiration');
    w.runUntil(260);
    const gaps = times.slice(1).map((t, i) => Math.round((t - times[i]) * 1000) / 1000);
    expect(gaps.slice(0, 9)).toEqual([0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 10, 10]);
  });
});
