import { afterEach, describe, expect, it } from 'vitest';
import { createPod, deletePod, eventually, liveAgainst, liveInstances, served, type Live, type Served } from './e2e-harness.js';

const running = (s: Served, ...names: string[]) => names.every((n) => s.world.cluster.pod(`default/${n}`)?.status.phase === 'Running');

/** A leader change mid-run under `fleetsim live --apply`: the lease is lost, not the process. */
describe('fleetsim live --apply: the leader loses its lease mid-launch', () => {
  let s: Served | undefined;
  const lives: Live[] = [];
  afterEach(async () => {
    for (const l of lives.splice(0)) await l.handle.stop();
    await s?.close();
    s = undefined;
  });

  it('while CreateFleet is in flight: the old leader stops acting, the new one adopts the launch — no double launch, nothing leaks', async () => {
    // A slow CreateFleet (1.5 s) so the lease is lost while the request is on the server.
    s = await served((r) => ({ ...r, ec2Options: { ...r.ec2Options, apiLatencySeconds: { min: 1.5, max: 1.5 } } }));
    // A registration timeout of 15 s (the harness's 4 s is tight next to a 1.5 s CreateFleet on a loaded machine).
    const engine = { batchIdleSeconds: 0.2, batchMaxSeconds: 1, registrationTimeoutSeconds: 15, terminateRetrySeconds: 0.5, evictionRetrySeconds: 0.5, drainRecheckSeconds: 0.5 };
    const a = await liveAgainst(s, { apply: true, identity: 'replica-a', engine });
    lives.push(a);
    await a.handle.acting;
    const b = await liveAgainst(s, { apply: true, identity: 'replica-b', engine });
    lives.push(b);
    expect(b.handle.isLeader()).toBe(false);
    await createPod(s.core, 'a');
    await eventually(() => (s!.ec2Api.calls.CreateFleet ?? 0) >= 1, 15_000, 'CreateFleet sent');
    // a's next lease renewal meets a conflicting write (409): a steps down at once.
    s.api.faults.failRequests(1, 409, { method: 'PUT', path: /\/leases\/fleetsim-leader-election$/ });
    const timeout = new Promise<string>((ok) => setTimeout(() => ok('still leading after 10 s'), 10_000));
    expect(await Promise.race([a.handle.done, timeout])).toBe('lost-leadership');
    // `fleetsim live` exits on 'lost-leadership' so that the replica restarts (src/cli/live.ts); the process
    // dies without releasing the lease, as kill() does.
    a.handle.kill();
    expect(a.logs.some((x) => /replica-a lost the lease/.test(x))).toBe(true);
    await eventually(() => b.handle.isLeader(), 15_000, 'replica b leads');
    await b.handle.acting;
    // A second pod after the handover: b provisions for it.
    await createPod(s.core, 'b', { cpu: '3' });
    await eventually(() => running(s!, 'a', 'b'), 30_000, 'both pods running');
    const instances = liveInstances(s);
    // One launch per NodeClaim, one NodeClaim per instance: nothing launched twice.
    expect(s.ec2Api.calls.CreateFleet).toBe(instances.length);
    const claims = [...s.world.cluster.nodeClaims()];
    expect(claims).toHaveLength(instances.length);
    expect(new Set(instances.map((i) => i.tags['karpenter.sh/nodeclaim'])).size).toBe(instances.length);
    expect(b.logs.some((x) => /reconcile \((start|settled)\): 1 adopted/.test(x))).toBe(true);
    // a acted no more after losing the lease.
    const lostAt = a.logs.findIndex((y) => /lost the lease/.test(y));
    expect(a.logs.slice(lostAt + 1).filter((x) => /leads \(lease|^created NodeClaim|^launched/.test(x))).toEqual([]);
    await deletePod(s.core, 'a');
    await deletePod(s.core, 'b');
    await eventually(() => liveInstances(s!).length === 0, 30_000, 'the emptied nodes consolidated: nothing leaks');
    expect(s.ec2Api.calls.CreateFleet).toBe(instances.length);
  }, 120_000);
});
