import { describe, expect, it } from 'vitest';
import type { EvictionResult } from '../../src/cluster/cluster.js';
import { requestDeletion } from '../../src/engine/index.js';
import { nodePool, podSpec } from '../../src/engine/testing/fixtures.js';
import { LabelKeys, TaintKeys } from '../../src/model/index.js';
import { World } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };

function recordEvictions(w: World): EvictionResult[] {
  const results: EvictionResult[] = [];
  const evict = w.cluster.evictPod.bind(w.cluster);
  w.cluster.evictPod = (uid: string) => {
    const r = evict(uid);
    results.push(r);
    return r;
  };
  return results;
}

describe('engine: termination of deleted NodeClaims', () => {
  it('taints and cordons the node, evicts its pods, replaces their capacity, then terminates the instance and removes node and claim', () => {
    const w = new World({ controllersOff: true });
    w.cluster.scaleDeployment('default', 'web', 3, podSpec({ cpuMillis: 1000, labels: { app: 'web' }, owner: { kind: 'ReplicaSet', name: 'web' } }));
    w.runUntil(120);
    const [claim] = [...w.cluster.nodeClaims()];
    const node = w.engine.state.nodeOf(claim)!;
    const instanceId = claim.status.instanceId!;
    expect(w.boundPods()).toHaveLength(3);

    w.clock.schedule(0, () => requestDeletion(w.clock, w.cluster, claim, 'test'));
    w.runUntil(121);
    const draining = w.cluster.node(node.name)!;
    expect(draining.taints).toContainEqual({ key: TaintKeys.disrupted, effect: 'NoSchedule' });
    expect(draining.unschedulable).toBe(true);

    w.runUntil(400);
    expect(w.cluster.node(node.name)).toBeUndefined();
    expect(w.cluster.nodeClaim(claim.name)).toBeUndefined();
    expect(w.cloud.instance(instanceId)?.state).toBe('terminated');
    expect(w.decisionsOf('nodeclaim-terminated').map((d) => d.reason)).toEqual(['test']);
    // the Deployment's pods found a new node launched for them
    expect(w.launchedTypes()).toHaveLength(2);
    const running = w.boundPods().filter((p) => p.labels.app === 'web');
    expect(running).toHaveLength(3);
    expect(new Set(running.map((p) => p.status.nodeName))).not.toContain(node.name);
  });

  it('retries evictions a PodDisruptionBudget refuses and finishes once it allows them', () => {
    const w = new World({ controllersOff: true });
    w.cluster.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
    w.cluster.scaleDeployment('default', 'web', 2, podSpec({ cpuMillis: 1000, labels: { app: 'web' }, owner: { kind: 'ReplicaSet', name: 'web' } }));
    w.runUntil(120);
    const [claim] = [...w.cluster.nodeClaims()];
    const evictions = recordEvictions(w);
    w.clock.schedule(0, () => requestDeletion(w.clock, w.cluster, claim, 'test'));
    w.runUntil(600);
    expect(evictions.some((r) => !r.ok && r.reason === 'pdb')).toBe(true);
    expect(evictions.filter((r) => r.ok)).toHaveLength(2);
    expect(w.cluster.nodeClaim(claim.name)).toBeUndefined();
    expect(w.boundPods().filter((p) => p.labels.app === 'web')).toHaveLength(2);
  });

  it('waits while a PodDisruptionBudget allows no eviction at all', () => {
    const w = new World({ controllersOff: true });
    w.cluster.addPdb({ name: 'db', namespace: 'default', selector: { matchLabels: { app: 'db' } }, minAvailable: 1 });
    w.cluster.scaleDeployment('default', 'db', 1, podSpec({ cpuMillis: 1000, labels: { app: 'db' }, owner: { kind: 'ReplicaSet', name: 'db' } }));
    w.runUntil(120);
    const [claim] = [...w.cluster.nodeClaims()];
    w.clock.schedule(0, () => requestDeletion(w.clock, w.cluster, claim, 'test'));
    w.runUntil(1200);
    expect(w.cluster.nodeClaim(claim.name)?.status.deletionAt).toBe(120);
    expect(w.engine.state.nodeOf(claim)).toBeDefined();
    expect(w.cloud.terminateCalls).toEqual([]);
  });

  it('deletes a claim that never launched without calling the cloud and clears its pods nominations', () => {
    const w = new World({ controllersOff: true, cloudLatencySeconds: 100 });
    const [p] = w.createPods(1, { cpuMillis: 500 });
    w.runUntil(5);
    const [claim] = [...w.cluster.nodeClaims()];
    expect(w.cluster.pod(p.uid)?.status.nominatedNodeName).toBe(claim.name);
    w.clock.schedule(0, () => requestDeletion(w.clock, w.cluster, claim, 'test'));
    w.runUntil(5.5);
    expect(w.cluster.nodeClaim(claim.name)).toBeUndefined();
    expect(w.cluster.pod(p.uid)?.status.nominatedNodeName).toBeUndefined();
    expect(w.cloud.terminateCalls).toEqual([]);
    // the launch answer arrives later: its instance is terminated, not leaked
    w.runUntil(200);
    expect(w.decisionsOf('launch-abandoned')).toHaveLength(1);
    expect(w.cloud.running().every((i) => i.tags['karpenter.sh/nodeclaim'] !== claim.name)).toBe(true);
  });

  it('registers nodes with the NodePool labels and taints and lifts the unregistered taint', () => {
    const pool = nodePool({
      requirements: [onDemand],
      labels: { team: 'a' },
      taints: [{ key: 'dedicated', value: 'a', effect: 'NoSchedule' }],
      startupTaints: [{ key: 'agent.io/not-ready', effect: 'NoSchedule' }],
    });
    const w = new World({ nodePools: [pool], controllersOff: true });
    w.createPods(1, { cpuMillis: 500, tolerations: [{ key: 'dedicated', operator: 'Exists' }] });
    w.runUntil(120);
    const [claim] = [...w.cluster.nodeClaims()];
    const node = w.engine.state.nodeOf(claim)!;
    expect(node.labels).toMatchObject({ team: 'a', [LabelKeys.nodePool]: 'default', [LabelKeys.registered]: 'true', [LabelKeys.initialized]: 'true' });
    expect(node.taints.map((t) => t.key).sort()).toEqual(['dedicated']);
    expect(claim.status.registeredAt).toBeGreaterThan(claim.status.launchedAt!);
    expect(claim.status.initializedAt).toBeGreaterThanOrEqual(claim.status.registeredAt! + 10);
  });
});
