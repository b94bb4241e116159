import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { requestDeletion } from '../../src/engine/index.js';
import { createPod, deletePod, eventually, liveAgainst, liveInstances, served, type Live, type Served } from './e2e-harness.js';

const MUTATING_EC2 = ['CreateFleet', 'RunInstances', 'TerminateInstances', 'CreateTags'];
const mutatingEc2Calls = (s: Served): number => MUTATING_EC2.reduce((n, a) => n + (s.ec2Api.calls[a] ?? 0), 0);
const evictions = (s: Served): number => s.api.faults.count({ method: 'POST', path: /\/eviction$/ });
/** Kubernetes writes other than the test's own pod creations and deletions. */
const engineWrites = (s: Served) =>
  s.api.faults.requests.filter((r) => r.method !== 'GET' && !(r.path.startsWith('/api/v1/namespaces/default/pods') && (r.method === 'POST' || r.method === 'DELETE') && !r.path.endsWith('/eviction')));
const running = (s: Served, name: string) => s.world.cluster.pod(`default/${name}`)?.status.phase === 'Running';

/**
 * The faults of e2e-faults.test.ts against the default dry run (no --apply): whatever happens, the dry
 * run takes no action — zero EC2 mutating calls, zero evictions, zero Kubernetes writes — and leaks nothing.
 */
describe('fleetsim live (dry run) under faults: no action taken', () => {
  let s: Served | undefined;
  const lives: Live[] = [];
  afterEach(async () => {
    for (const l of lives.splice(0)) await l.handle.stop();
    await s?.close();
    s = undefined;
  });

  it('watch drops and 410s, throttling armed, launches that never register (registration timeout): nothing is launched, terminated or written', async () => {
    s = await served();
    // Armed but never consumed: a dry run sends no CreateFleet at all.
    s.world.ec2.injectError('CreateFleet', 'RequestLimitExceeded', 2);
    const l = await liveAgainst(s, { apply: false });
    lives.push(l);
    await l.handle.acting;
    s.api.faults.dropWatches();
    s.api.faults.expireNextWatches(3);
    await createPod(s.core, 'a');
    s.api.faults.dropWatches('pods');
    // The would-be instance never registers (nothing is launched), so the claim times out after 4 s and
    // the engine plans again: at least two "would launch" lines, each a fresh simulated instance.
    await eventually(() => l.logs.filter((x) => x.startsWith('would launch')).length >= 2, 30_000, 'a second "would launch" after the registration timeout');
    expect(l.logs.some((x) => /registration-timeout/.test(x))).toBe(true);
    expect(mutatingEc2Calls(s)).toBe(0);
    expect(evictions(s)).toBe(0);
    expect(engineWrites(s)).toEqual([]);
    expect(s.world.ec2.listNow()).toEqual([]);
    expect([...s.world.cluster.nodeClaims()]).toEqual([]);
    expect(s.world.cluster.pod('default/a')!.status.phase).toBe('Pending');
  }, 60_000);

  it('a node the engine drains (429s on evictions armed): no eviction, no termination, the pod keeps running', async () => {
    s = await served();
    // A real node first, launched by an --apply replica that then stops (and releases its lease).
    const apply = await liveAgainst(s, { apply: true, identity: 'applier' });
    await apply.handle.acting;
    await createPod(s.core, 'victim');
    await eventually(() => running(s!, 'victim'), 20_000, 'pod running');
    await apply.handle.stop();
    const [instance] = liveInstances(s);
    expect(instance).toBeDefined();
    s.api.faults.reset();
    const callsBefore = mutatingEc2Calls(s);

    const l = await liveAgainst(s, { apply: false });
    lives.push(l);
    await l.handle.acting;
    s.api.faults.rejectEvictions(2);
    const claim = await eventually(() => [...l.handle.engineCluster.nodeClaims()][0], 10_000, 'the dry run sees the NodeClaim');
    requestDeletion(l.handle.clock, l.handle.engineCluster, claim, 'test');
    // The engine goes through its drain in its own overlay; give it time to try.
    await new Promise((r) => setTimeout(r, 4000));
    // Then the pod goes away for real: the dry run may now want to consolidate the empty node.
    await deletePod(s.core, 'victim');
    await new Promise((r) => setTimeout(r, 4000));
    // The dry run did mean to act (its decisions say what it would have done)...
    const kinds = new Set(readFileSync(l.handle.decisions.file!, 'utf8').trim().split('\n').map((x) => (JSON.parse(x) as { kind: string }).kind));
    expect(kinds.has('would-taint') || kinds.has('would-evict') || kinds.has('would-terminate')).toBe(true);
    // ...and did none of it.
    expect(evictions(s)).toBe(0);
    expect(mutatingEc2Calls(s)).toBe(callsBefore);
    expect(engineWrites(s)).toEqual([]);
    expect(s.world.ec2.getNow(instance!.id)?.state).toBe('running');
    expect(s.world.cluster.nodeClaim(claim.name)).toBeDefined();
    expect(s.world.cluster.nodeClaim(claim.name)?.status.deletionAt).toBeUndefined();
  }, 90_000);
});
