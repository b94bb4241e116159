import { describe, expect, it } from 'vitest';
import { CloudError } from '../../src/cloud/errors.js';
import { nodePool } from '../../src/engine/testing/fixtures.js';
import { LabelKeys } from '../../src/model/index.js';
import { World } from './world.js';

const ZONES = ['us-east-1a', 'us-east-1b', 'us-east-1c'];

describe('engine: provisioning end to end (SimCluster + fake cloud)', () => {
  it('launches one c5.4xlarge for ten 1-CPU pods and they all bind to it', () => {
    // c5/m5/r5 catalog: 10 CPUs need a 16-vCPU type (8-vCPU ones allocate 7910m); c5.4xlarge at $0.68/h is the cheapest.
    const w = new World();
    w.createPods(10, { cpuMillis: 1000, memoryMiB: 1024 });
    w.runUntil(120);
    expect(w.launchedTypes()).toEqual(['c5.4xlarge']);
    expect(w.cloud.launchRequests).toHaveLength(1);
    const nodes = [...w.cluster.nodes()];
    expect(nodes).toHaveLength(1);
    expect(w.boundPods().map((p) => p.status.nodeName)).toEqual(Array(10).fill(nodes[0].name));
    const claim = [...w.cluster.nodeClaims()][0];
    expect(claim.status.initializedAt).toBeDefined();
    expect(nodes[0].labels[LabelKeys.initialized]).toBe('true');
    expect(nodes[0].taints.some((t) => t.key === 'karpenter.sh/unregistered')).toBe(false);
  });

  it('waits for the batch window: pods arriving within 1 s of each other share one NodeClaim', () => {
    const w = new World();
    w.createPods(2, { cpuMillis: 1000 });
    w.clock.schedule(0.6, () => w.createPods(2, { cpuMillis: 1000 }));
    w.runUntil(3);
    expect(w.decisionsOf('nodeclaim-created')).toHaveLength(1);
    expect(w.decisionsOf('nodeclaim-created')[0].pods).toHaveLength(4);
    // opened at 0, extended at 0.6, closed 1 s later
    expect(w.decisionsOf('nodeclaim-created')[0].at).toBeCloseTo(1.6, 6);
  });

  it('tags instances with the NodePool, the NodeClaim, the NodeClass tags and the fleetsim cluster', () => {
    const w = new World();
    w.createPods(1, { cpuMillis: 500 });
    w.runUntil(5);
    const req = w.cloud.launchRequests[0];
    const claim = [...w.cluster.nodeClaims()][0];
    expect(req.tags).toEqual({
      team: 'sim',
      'karpenter.sh/nodepool': 'default',
      'karpenter.sh/nodeclaim': claim.name,
      'karpenter.k8s.aws/ec2nodeclass': 'default',
      'fleetsim.io/cluster': 'fleetsim',
    });
  });

  it('does not launch twice for pods an in-flight NodeClaim can absorb', () => {
    const w = new World();
    w.createPods(3, { cpuMillis: 1000 });
    // c5.xlarge (3920m) takes the three; a 500m pod 10 s later, while the claim is launched but not registered, fits too.
    w.clock.schedule(10, () => w.createPods(1, { cpuMillis: 500 }));
    w.runUntil(100);
    expect(w.launchedTypes()).toEqual(['c5.xlarge']);
    expect(w.cloud.launchRequests).toHaveLength(1);
    expect(w.boundPods()).toHaveLength(4);
  });

  it('re-plans pods left unplaced every 10 s while they stay pending', () => {
    const pool = nodePool({ requirements: [{ key: LabelKeys.capacityType, operator: 'In', values: ['on-demand'] }], limits: { cpuMillis: 4000 } });
    const w = new World({ nodePools: [pool] });
    w.createPods(6, { cpuMillis: 1000 });
    w.runUntil(30);
    expect(w.provisionerBatches()).toBeGreaterThanOrEqual(3);
    expect(w.decisionsOf('pod-unschedulable').every((d) => /limits/.test(String(d.reason)))).toBe(true);
    // reasons are recorded once per pod, not every batch
    expect(w.decisionsOf('pod-unschedulable').length).toBeLessThanOrEqual(6);
  });

  it('lets CreateFleet fall through to the next override when the cheapest offering has no capacity', () => {
    const w = new World();
    for (const z of ZONES) w.cloud.insufficientCapacity('c5.4xlarge', z, 'on-demand');
    w.createPods(10, { cpuMillis: 1000 });
    w.runUntil(120);
    expect(w.cloud.launchRequests).toHaveLength(1);
    expect(w.cloud.launchRequests[0].overrides[0].instanceType).toBe('c5.4xlarge');
    // m5.4xlarge ($0.768/h) is the next cheapest c5/m5/r5 type with 16 vCPUs
    expect(w.launchedTypes()).toEqual(['m5.4xlarge']);
    // the offerings Fleet found empty are remembered (consolidation will not chase them)
    expect(w.engine.unavailableOfferings.isUnavailable('c5.4xlarge', 'us-east-1b', 'on-demand')).toBe(true);
  });

  it('on an ICE error marks the offerings unavailable for 3 minutes, deletes the claim and plans again without them', () => {
    const w = new World();
    const iced = ZONES.map((zone) => ({ instanceType: 'c5.4xlarge', zone, capacityType: 'on-demand' as const }));
    w.cloud.nextLaunchErrors = [new CloudError('InsufficientInstanceCapacity', 'no c5.4xlarge', iced)];
    w.createPods(10, { cpuMillis: 1000 });
    w.runUntil(120);
    expect(w.decisionsOf('launch-failed')).toHaveLength(1);
    expect(w.decisionsOf('nodeclaim-terminated').map((d) => d.reason)).toEqual(['insufficient-capacity']);
    expect(w.cloud.launchRequests).toHaveLength(2);
    expect(w.cloud.launchRequests[1].overrides.some((o) => o.instanceType === 'c5.4xlarge')).toBe(false);
    expect(w.launchedTypes()).toEqual(['m5.4xlarge']);
    const failedAt = w.decisionsOf('launch-failed')[0].at;
    // the pods were re-planned by the next periodic batch, not 3 minutes later
    expect(w.decisionsOf('nodeclaim-created')[1].at - failedAt).toBeLessThanOrEqual(11);
    expect(w.boundPods()).toHaveLength(10);
    expect(w.engine.unavailableOfferings.isUnavailable('c5.4xlarge', 'us-east-1a', 'on-demand')).toBe(true);
    w.runUntil(failedAt + 180);
    expect(w.engine.unavailableOfferings.isUnavailable('c5.4xlarge', 'us-east-1a', 'on-demand')).toBe(false);
  });

  it('retries a launch that failed with a non-capacity error', () => {
    const w = new World();
    w.cloud.nextLaunchErrors = [new CloudError('RequestLimitExceeded', 'throttled')];
    w.createPods(1, { cpuMillis: 500 });
    w.runUntil(60);
    expect(w.decisionsOf('launch-error')).toHaveLength(1);
    expect(w.cloud.launchRequests).toHaveLength(2);
    expect(w.launchedTypes()).toEqual(['c5.large']);
    expect(w.boundPods()).toHaveLength(1);
  });

  it('deletes a NodeClaim that cannot launch within 5 minutes', () => {
    const w = new World();
    w.cloud.nextLaunchErrors = Array.from({ length: 100 }, () => new CloudError('InternalError', 'boom'));
    w.createPods(1, { cpuMillis: 500 });
    w.runUntil(302);
    const timeouts = w.decisionsOf('launch-timeout');
    expect(timeouts).toHaveLength(1);
    expect(timeouts[0].at).toBeCloseTo(1 + 300, 6);
  });

  it('deletes a NodeClaim whose node never registers after 15 minutes and terminates its instance', () => {
    const w = new World({ registerAfterSeconds: Infinity });
    w.createPods(1, { cpuMillis: 500 });
    w.runUntil(10);
    const claim = [...w.cluster.nodeClaims()][0];
    const launchedAt = claim.status.launchedAt!;
    const instanceId = claim.status.instanceId!;
    w.runUntil(launchedAt + 899);
    expect(w.cluster.nodeClaim(claim.name)).toBeDefined();
    w.runUntil(launchedAt + 905);
    expect(w.decisionsOf('registration-timeout').map((d) => d.nodeClaim)).toEqual([claim.name]);
    expect(w.cluster.nodeClaim(claim.name)).toBeUndefined();
    expect(w.cloud.terminateCalls).toContain(instanceId);
    expect(w.cloud.instance(instanceId)?.state).toBe('terminated');
  });

  it('prefers spot when the NodePool allows it, never paying more than the cheapest on-demand offering', () => {
    const pool = nodePool({ requirements: [{ key: LabelKeys.capacityType, operator: 'In', values: ['spot', 'on-demand'] }] });
    const w = new World({ nodePools: [pool] });
    w.createPods(1, { cpuMillis: 500 });
    w.runUntil(5);
    const req = w.cloud.launchRequests[0];
    expect(req.capacityType).toBe('spot');
    expect(req.overrides.every((o) => o.capacityType === 'spot')).toBe(true);
    // cheapest on-demand c5/m5/r5 type that fits 500m is c5.large at $0.085/h
    expect(Math.max(...req.overrides.map((o) => o.priority ?? 0))).toBeLessThanOrEqual(0.085);
  });
});
