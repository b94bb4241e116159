import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import type { Instance, LaunchResult } from '../../cloud/cloud-provider.js';
import { MockEc2 } from '../../cloud/mock-ec2/index.js';
import type { ClusterEvent } from '../../cluster/cluster.js';
import { SimCluster } from '../../cluster/sim/index.js';
import { resources, type Decision, type NodeClaim } from '../../model/index.js';
import { RandomSource } from '../../sim/random.js';
import { SimClock } from '../../sim/sim-clock.js';
import { DryRunCloud, DRY_RUN_TAG } from './dry-run-cloud.js';
import { DryRunCluster } from './dry-run-cluster.js';
import { Interceptions } from './interceptions.js';

const claim: NodeClaim = {
  name: 'default-0',
  nodePoolName: 'default',
  nodeClassName: 'default',
  createdAt: 0,
  requirements: [],
  instanceTypeOptions: ['m5.large'],
  requests: resources({ cpuMillis: 1000, memoryMiB: 1024 }),
  taints: [],
  startupTaints: [],
  templateHash: 'h',
  status: {},
};

function world() {
  const clock = new SimClock();
  const random = new RandomSource(3);
  const sim = new SimCluster(clock, random);
  const ec2 = new MockEc2(clock, random, loadCatalog({ families: ['m5'] }), { spot: { interruptions: false } });
  const decisions: Decision[] = [];
  const intercept = new Interceptions(clock, { record: (d) => decisions.push(d) }, 300);
  return { clock, sim, ec2, decisions, intercept };
}

describe('dry run wrappers', () => {
  it('keep NodeClaims in an overlay the engine sees, and report node and pod writes without doing them', () => {
    const { clock, sim, decisions, intercept } = world();
    const node = sim.registerNode({ name: 'n1', labels: {}, taints: [], startupTaints: [], capacity: resources({ cpuMillis: 4000, memoryMiB: 16384, pods: 110 }), allocatable: resources({ cpuMillis: 4000, memoryMiB: 16384, pods: 110 }), providerID: 'aws:///us-east-1a/i-1', readyAfterSeconds: 0 });
    const pod = sim.createPod({ namespace: 'default', labels: {}, annotations: {}, requests: resources({ cpuMillis: 100, memoryMiB: 128 }), nodeSelector: {}, tolerations: [], topologySpreadConstraints: [], hostPorts: [], priority: 0, terminationGracePeriodSeconds: 30 }, 'p');
    clock.run(5);
    expect(sim.pod(pod.uid)!.status.phase).toBe('Running');
    const dry = new DryRunCluster(sim, intercept);
    const events: ClusterEvent['kind'][] = [];
    dry.watch((e) => events.push(e.kind));

    dry.createNodeClaim(claim);
    dry.updateNodeClaimStatus(claim.name, { launchRequestedAt: 1 });
    expect(dry.nodeClaim(claim.name)!.status.launchRequestedAt).toBe(1);
    expect([...dry.nodeClaims()].map((c) => c.name)).toEqual([claim.name]);
    expect(sim.nodeClaim(claim.name)).toBeUndefined();
    dry.deleteNodeClaim(claim.name);
    expect(dry.nodeClaim(claim.name)).toBeUndefined();
    expect(events).toEqual(['nodeclaim-added', 'nodeclaim-updated', 'nodeclaim-deleted']);

    expect(dry.evictPod(pod.uid)).toEqual({ ok: true });
    dry.addNodeTaint(node.name, { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' });
    dry.addNodeTaint(node.name, { key: 'karpenter.sh/disrupted', effect: 'NoSchedule' }); // reported once
    dry.cordonNode(node.name, true);
    dry.deleteNode(node.name);
    clock.run(10);
    expect(sim.pod(pod.uid)!.status.phase).toBe('Running');
    expect(sim.node(node.name)!.taints).toEqual([]);
    expect(sim.node(node.name)!.unschedulable).toBe(false);
    expect(decisions.map((d) => d.message)).toEqual(['evict pod default/p from n1', 'taint node n1 karpenter.sh/disrupted:NoSchedule', 'cordon node n1', 'delete node n1']);
    expect(decisions.every((d) => d.actor === 'dry-run' && d.kind.startsWith('would-'))).toBe(true);
    expect(intercept.counts.get('taint')).toBe(2);
  });

  it('answer launches with marked simulated instances and hide real instances they "terminated", with no EC2 call', async () => {
    const { clock, ec2, decisions, intercept } = world();
    const real = ec2.launchNow({ nodeClaimName: 'old', nodePoolName: 'default', nodeClassName: 'default', capacityType: 'on-demand', overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }], tags: {} });
    if (!real.ok) throw new Error('setup');
    const cloud = new DryRunCloud(ec2, intercept, { now: () => clock.now(), creationOf: () => ({ at: 0, actor: 'karpenter/provisioner', kind: 'nodeclaim-created', reason: 'pending pods fit no existing node', pods: ['web-1'] }) });
    const launched = await new Promise<LaunchResult>((ok) =>
      cloud.launch({ nodeClaimName: 'default-0', nodePoolName: 'default', nodeClassName: 'default', capacityType: 'on-demand', overrides: [{ instanceType: 'm5.xlarge', zone: 'us-east-1b', capacityType: 'on-demand' }, { instanceType: 'm5.2xlarge', zone: 'us-east-1b', capacityType: 'on-demand' }], tags: { 'karpenter.sh/nodeclaim': 'default-0' } }, ok),
    );
    if (!launched.ok) throw new Error('launch failed');
    expect(launched.instance).toMatchObject({ instanceType: 'm5.xlarge', zone: 'us-east-1b', pricePerHour: 0.192, tags: { [DRY_RUN_TAG]: 'true', 'karpenter.sh/nodeclaim': 'default-0' } });
    expect(launched.instance.id).toMatch(/^i-dryrun-/);
    expect(ec2.listNow().map((i) => i.id)).toEqual([real.instance.id]);
    expect(decisions[0]!.message).toBe('launch m5.xlarge (on-demand) in us-east-1b at $0.1920/h for NodeClaim default-0 of NodePool default (pods web-1)');

    const terminated = await new Promise((ok) => {
      cloud.terminate(real.instance.id, ok);
      clock.run(clock.now() + 60);
    });
    expect(terminated).toEqual({ ok: true });
    expect(ec2.getNow(real.instance.id)!.state).toBe('running');
    const seen = await new Promise<Instance | undefined>((ok) => cloud.get(real.instance.id, ok));
    expect(seen).toBeUndefined();
    expect(decisions.map((d) => d.kind)).toEqual(['would-launch', 'would-terminate']);
  });
});
