import { describe, expect, it } from 'vitest';
import type { CloudProvider, Instance } from '../../cloud/cloud-provider.js';
import { SimCluster } from '../../cluster/sim/index.js';
import { resources, type Decision, type NodeClaim } from '../../model/index.js';
import { RandomSource } from '../../sim/random.js';
import { SimClock } from '../../sim/sim-clock.js';
import { reconcileInstances } from './reconcile.js';

const inst = (id: string, launchedAt: number, tags: Record<string, string>): Instance => ({
  id,
  providerID: `aws:///us-east-1a/${id}`,
  instanceType: 'm5.large',
  zone: 'us-east-1a',
  capacityType: 'on-demand',
  pricePerHour: 0.096,
  launchedAt,
  state: 'running',
  tags,
});

const claim = (name: string, status: NodeClaim['status'] = {}): NodeClaim => ({
  name,
  nodePoolName: 'default',
  nodeClassName: 'default',
  createdAt: 0,
  requirements: [],
  instanceTypeOptions: ['m5.large'],
  requests: resources({ cpuMillis: 1000, memoryMiB: 1024 }),
  taints: [],
  startupTaints: [],
  templateHash: 'h',
  status,
});

/** A cloud whose listing returns what it is given (even instances another cluster owns, as a buggy filter would). */
function fakeCloud(instances: Instance[]): CloudProvider & { terminated: string[] } {
  const terminated: string[] = [];
  return {
    name: 'fake',
    terminated,
    instanceTypes: () => [],
    launch: () => undefined,
    terminate: (id, done) => {
      terminated.push(id);
      done({ ok: true });
    },
    get: (id, done) => done(instances.find((i) => i.id === id)),
    list: (_tags, done) => done(instances),
    onEvent: () => () => undefined,
  };
}

describe('reconcileInstances (crash safety)', () => {
  it('adopts an interrupted launch, terminates leaks older than the grace, spares young and foreign instances', async () => {
    const clock = new SimClock(1000);
    const cluster = new SimCluster(clock, new RandomSource(1));
    cluster.createNodeClaim(claim('a', { launchRequestedAt: 840 }));
    cluster.createNodeClaim(claim('b', { instanceId: 'i-2', launchedAt: 900 }));
    cluster.createNodeClaim(claim('c', { instanceId: 'i-8', launchedAt: 500, deletionAt: 990 }));
    const own = (claimName?: string): Record<string, string> => ({ 'fleetsim.io/cluster': 'c1', ...(claimName ? { 'karpenter.sh/nodeclaim': claimName } : {}) });
    const cloud = fakeCloud([
      inst('i-7', 870, own('a')), // a second instance for claim a (launched after i-1): a duplicate
      inst('i-1', 850, own('a')), // claim a's launch, interrupted before its status was written
      inst('i-2', 900, own('b')), // claim b's own instance
      inst('i-3', 800, own('gone')), // claim deleted, instance left behind 200 s ago
      inst('i-4', 950, own('gone-too')), // the same but only 50 s old: maybe still being recorded
      inst('i-5', 100, { 'fleetsim.io/cluster': 'someone-else', 'karpenter.sh/nodeclaim': 'gone' }),
      inst('i-6', 100, { 'karpenter.sh/nodeclaim': 'gone' }),
      inst('i-8', 500, own('c')), // claim c is being deleted: termination owns it
    ]);
    const decisions: Decision[] = [];
    const r = await reconcileInstances({ cloud, cluster, clusterName: 'c1', leakAfterSeconds: 100, now: () => clock.now(), decisions: { record: (d) => decisions.push(d) } });
    expect(r).toEqual({ adopted: ['a'], terminated: ['i-3', 'i-7'], young: ['i-4'], foreign: ['i-5', 'i-6'] });
    expect(cloud.terminated).toEqual(['i-3', 'i-7']);
    expect(cluster.nodeClaim('a')!.status).toMatchObject({ instanceId: 'i-1', providerID: 'aws:///us-east-1a/i-1', launchedAt: 850, instanceType: 'm5.large', launchRequestedAt: 840 });
    expect(cluster.nodeClaim('b')!.status.instanceId).toBe('i-2');
    expect(decisions.map((d) => `${d.kind} ${String(d.instanceId)}`)).toEqual(['instance-leaked i-3', 'nodeclaim-adopted i-1', 'instance-leaked i-7']);
    expect(decisions[2]!.reason).toBe('NodeClaim a is bound to i-1');
  });
});
