import { afterEach, describe, expect, it } from 'vitest';
import { requestDeletion } from '../../src/engine/index.js';
import { CLUSTER, createPod, deletePod, eventually, liveAgainst, liveInstances, served, type Live, type Served } from './e2e-harness.js';

const running = (s: Served, ...names: string[]) => names.every((n) => s.world.cluster.pod(`default/${n}`)?.status.phase === 'Running');

/** Faults in the served world while `fleetsim live --apply` works: nothing leaks, nothing is launched twice. */
describe('fleetsim live --apply under faults', () => {
  let s: Served | undefined;
  const lives: Live[] = [];
  afterEach(async () => {
    for (const l of lives.splice(0)) await l.handle.stop();
    await s?.close();
    s = undefined;
  });

  async function start(o: Parameters<typeof liveAgainst>[1] = {}): Promise<Live> {
    const l = await liveAgainst(s!, { apply: true, ...o });
    lives.push(l);
    return l;
  }

  it('watches dropped mid-stream and answered 410 Gone: the engine still sees the pending pods and launches once', async () => {
    s = await served();
    const l = await start();
    await l.handle.acting;
    s.api.faults.dropWatches();
    s.api.faults.expireNextWatches(3);
    await createPod(s.core, 'a');
    s.api.faults.dropWatches('pods');
    await createPod(s.core, 'b');
    await eventually(() => running(s!, 'a', 'b'), 20_000, 'pods running');
    expect(liveInstances(s)).toHaveLength(1);
    expect(s.ec2Api.calls.CreateFleet).toBe(1);
    // The informers re-listed after the 410s and resumed after the drops.
    const informers = [...l.handle.kube.informers.values()];
    expect(informers.reduce((n, i) => n + i.lists, 0)).toBeGreaterThanOrEqual(informers.length + 3);
    expect([...l.handle.kube.pods()].map((p) => p.name).sort()).toEqual(['a', 'b']);
  }, 60_000);

  it('EC2 throttling (RequestLimitExceeded on CreateFleet): the adapter backs off and retries, one instance results', async () => {
    s = await served();
    s.world.ec2.injectError('CreateFleet', 'RequestLimitExceeded', 2);
    const l = await start({ maxAttempts: 1 });
    await l.handle.acting;
    await createPod(s.core, 'a');
    await eventually(() => running(s!, 'a'), 20_000, 'pod running');
    expect(s.ec2Api.calls.CreateFleet).toBe(3);
    expect(liveInstances(s)).toHaveLength(1);
    expect(l.logs.some((x) => /CreateFleet throttled/.test(x))).toBe(true);
  }, 60_000);

  it('an instance that never registers: the claim times out (registration timeout 4 s), the instance is terminated, nothing leaks', async () => {
    s = await served();
    const l = await start();
    await l.handle.acting;
    // Only the `broken` NodePool takes this pod; its EC2NodeClass boots nodes that never join.
    await createPod(s.core, 'stuck', { nodeSelector: { 'karpenter.sh/nodepool': 'broken' }, tolerations: [{ key: 'fleetsim.io/broken', operator: 'Exists', effect: 'NoSchedule' }] });
    const first = await eventually(() => liveInstances(s!)[0], 15_000, 'a launch');
    expect(first.tags['karpenter.k8s.aws/ec2nodeclass']).toBe('broken');
    await eventually(() => s!.world.ec2.getNow(first.id)?.state === 'terminated' || s!.world.ec2.getNow(first.id)?.state === 'shutting-down', 20_000, 'the unregistered instance terminated');
    expect(l.logs.some((x) => x.startsWith('registration-timeout'))).toBe(true);
    // The pod is still pending, so the engine tries again; remove it and everything goes away.
    await deletePod(s.core, 'stuck');
    await eventually(() => liveInstances(s!).length === 0 && [...s!.world.cluster.nodeClaims()].length === 0, 20_000, 'no instance and no NodeClaim left');
    expect([...s.world.cluster.nodes()]).toEqual([]);
  }, 60_000);

  it('429 on evictions while a node drains: evictions are retried, the pod leaves, the instance is terminated', async () => {
    s = await served();
    const l = await start();
    await l.handle.acting;
    await createPod(s.core, 'victim');
    await eventually(() => running(s!, 'victim'), 20_000, 'pod running');
    const [instance] = liveInstances(s);
    const claim = [...l.handle.engineCluster.nodeClaims()][0]!;
    s.api.faults.rejectEvictions(2);
    requestDeletion(l.handle.clock, l.handle.engineCluster, claim, 'test');
    await eventually(() => s!.world.ec2.getNow(instance!.id)?.state !== 'running', 20_000, 'the drained instance terminated');
    expect(s.api.faults.count({ method: 'POST', status: 429 })).toBe(2);
    expect(s.api.faults.count({ method: 'POST', status: 201 })).toBeGreaterThanOrEqual(1);
    // The evicted bare pod is gone; the node and claim were removed.
    await eventually(() => s!.world.cluster.pod('default/victim') === undefined, 10_000, 'the evicted pod gone');
    await eventually(() => !s!.world.cluster.nodeClaim(claim.name), 10_000, 'the claim removed');
  }, 60_000);

  it('the engine killed mid-launch and a second replica taking over: the launch is adopted, not repeated; nothing leaks', async () => {
    // A slow CreateFleet (1.5 s) so the kill lands while the request is on the server.
    s = await served((r) => ({ ...r, ec2Options: { ...r.ec2Options, apiLatencySeconds: { min: 1.5, max: 1.5 } } }));
    const a = await start({ identity: 'replica-a' });
    await a.handle.acting;
    const b = await start({ identity: 'replica-b' });
    expect(b.handle.isLeader()).toBe(false);
    await createPod(s.core, 'a');
    await eventually(() => (s!.ec2Api.calls.CreateFleet ?? 0) >= 1, 15_000, 'CreateFleet sent');
    a.handle.kill();
    // The instance appears when the server finishes the call; replica b takes the lease after it expires.
    await eventually(() => b.handle.isLeader(), 15_000, 'replica b leads');
    await b.handle.acting;
    await eventually(() => running(s!, 'a'), 20_000, 'pod running');
    expect(s.ec2Api.calls.CreateFleet).toBe(1);
    const instances = liveInstances(s);
    expect(instances).toHaveLength(1);
    expect(instances[0]!.tags['fleetsim.io/cluster']).toBe(CLUSTER);
    expect(b.logs.some((x) => /reconcile \((start|settled)\): 1 adopted/.test(x))).toBe(true);
    await deletePod(s.core, 'a');
    await eventually(() => liveInstances(s!).length === 0, 30_000, 'the emptied node consolidated: nothing leaks');
  }, 90_000);
});
