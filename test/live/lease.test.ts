import { afterEach, describe, expect, it } from 'vitest';
import { CoordinationV1Api } from '../../src/cluster/kube/client.js';
import { LeaseElector, WallClock } from '../../src/cluster/kube/index.js';
import { eventually, liveWorld, type LiveWorld } from './harness.js';

let world: LiveWorld | undefined;
const electors: LeaseElector[] = [];
afterEach(async () => {
  for (const e of electors.splice(0)) await e.stop();
  await world?.close();
  world = undefined;
});

function elector(w: LiveWorld, identity: string, log: string[], o: { release?: boolean } = {}): LeaseElector {
  const e = new LeaseElector(w.kubeConfig, new WallClock(), {
    namespace: 'kube-system',
    name: 'fleetsim-controller',
    identity,
    leaseDurationSeconds: 1,
    renewDeadlineSeconds: 0.5,
    retryPeriodSeconds: 0.1,
    releaseOnStop: o.release ?? true,
    onStartedLeading: () => log.push(`${identity} leads`),
    onStoppedLeading: () => log.push(`${identity} stops`),
  });
  electors.push(e);
  return e;
}

describe('LeaseElector over the served Lease API', () => {
  it('the lease API refuses a stale resourceVersion with 409 Conflict', async () => {
    world = await liveWorld({ pumpSeconds: 0 });
    const api = world.kubeConfig.makeApiClient(CoordinationV1Api);
    const created = await api.createNamespacedLease({ namespace: 'default', body: { metadata: { name: 'l' }, spec: { holderIdentity: 'a' } } });
    const rv = created.metadata!.resourceVersion!;
    await api.replaceNamespacedLease({ namespace: 'default', name: 'l', body: { metadata: { name: 'l', resourceVersion: rv }, spec: { holderIdentity: 'b' } } });
    const stale = api.replaceNamespacedLease({ namespace: 'default', name: 'l', body: { metadata: { name: 'l', resourceVersion: rv }, spec: { holderIdentity: 'c' } } });
    await expect(stale).rejects.toMatchObject({ code: 409 });
    await expect(api.createNamespacedLease({ namespace: 'default', body: { metadata: { name: 'l' } } })).rejects.toMatchObject({ code: 409 });
    expect((await api.readNamespacedLease({ namespace: 'default', name: 'l' })).spec?.holderIdentity).toBe('b');
  });

  it('two candidates: exactly one leads; the other takes over after the lease expires', async () => {
    world = await liveWorld({ pumpSeconds: 0 });
    const w = world;
    const log: string[] = [];
    const a = elector(w, 'a', log, { release: false });
    const b = elector(w, 'b', log);
    a.start();
    await eventually(() => a.isLeader, 5000, 'a to lead');
    b.start();
    // For several lease durations, b only follows.
    for (let i = 0; i < 15; i++) {
      await new Promise((r) => setTimeout(r, 100));
      expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    }
    expect(b.leader).toBe('a');
    // a stops without releasing: b must wait out the lease (1 s since it last saw a renewal).
    await a.stop();
    const stoppedAt = performance.now();
    await eventually(() => b.isLeader, 5000, 'b to take over');
    expect(performance.now() - stoppedAt).toBeGreaterThanOrEqual(850);
    expect(log).toEqual(['a leads', 'a stops', 'b leads']);
    const lease = await w.kubeConfig.makeApiClient(CoordinationV1Api).readNamespacedLease({ namespace: 'kube-system', name: 'fleetsim-controller' });
    expect(lease.spec?.holderIdentity).toBe('b');
    expect(lease.spec?.leaseTransitions).toBe(1);
  });

  it('a leader whose renewal meets a conflicting write steps down; a released lease is taken at once', async () => {
    world = await liveWorld({ pumpSeconds: 0 });
    const w = world;
    const log: string[] = [];
    const a = elector(w, 'a', log);
    expect(await a.attempt()).toBe(true);
    // Someone else rewrites the lease between a's read and a's write: a's write carries a stale version.
    const api = w.kubeConfig.makeApiClient(CoordinationV1Api);
    w.server.faults.failRequests(1, 409, { method: 'PUT', path: /\/leases\/fleetsim-controller$/ });
    expect(await a.attempt()).toBe(false);
    expect(log).toEqual(['a leads', 'a stops']);
    // a takes it back on its next attempt (the lease is still its own), then releases it on stop.
    expect(await a.attempt()).toBe(true);
    await a.stop();
    const released = await api.readNamespacedLease({ namespace: 'kube-system', name: 'fleetsim-controller' });
    expect(released.spec?.holderIdentity).toBe('');
    const b = elector(w, 'b', log);
    expect(await b.attempt()).toBe(true);
    expect(log).toEqual(['a leads', 'a stops', 'a leads', 'a stops', 'b leads']);
  });
});
