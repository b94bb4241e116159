import { describe, expect, it } from 'vitest';
import { isDaemonSetPod, LabelKeys, type Node, type Pod } from '../../src/model/index.js';
import type { SimulationWorld } from '../../src/runtime/simulate.js';
import { CLUSTER } from './cluster-fixture.js';
import { nodeNames, podsByNode, run, scenarioOf } from './world.js';


interface Snapshot {
  nodes: string[];
  pods: Record<string, string[]>;
  running: number;
  daemonPodsByNode: Record<string, number>;
  labels: Record<string, Record<string, string>>;
}

function snapshot(w: SimulationWorld): Snapshot {
  const pods: Pod[] = [...w.cluster.pods()];
  const daemonPodsByNode: Record<string, number> = {};
  for (const p of pods) if (isDaemonSetPod(p)) daemonPodsByNode[p.status.nodeName!] = (daemonPodsByNode[p.status.nodeName!] ?? 0) + 1;
  const labels: Record<string, Record<string, string>> = {};
  for (const n of w.cluster.nodes() as Iterable<Node>) labels[n.name] = { ...n.labels };
  return {
    nodes: nodeNames(w.cluster.nodes()),
    pods: podsByNode(pods),
    running: pods.filter((p) => !isDaemonSetPod(p) && p.status.phase === 'Running').length,
    daemonPodsByNode,
    labels,
  };
}

function at1s(policy: 'karpenter' | 'cluster-autoscaler' | 'static', yaml = CLUSTER): { snap: Snapshot; world: SimulationWorld } {
  let snap: Snapshot | undefined;
  let world: SimulationWorld | undefined;
  run(scenarioOf(yaml.replace('horizon: 30m', 'horizon: 2s')), policy, (w) => {
    world = w;
    w.clock.scheduleAt(1, () => (snap = snapshot(w)));
  });
  return { snap: snap!, world: world! };
}

describe('initialState seeding at time 0', () => {
  for (const policy of ['karpenter', 'cluster-autoscaler', 'static'] as const) {
    it(`${policy}: the scenario's nodes and pod placement, Running, one DaemonSet pod a node, controllers topped up without duplicates`, () => {
      const { snap } = at1s(policy);
      expect(snap.nodes).toEqual(['g1', 'k1', 'u1']);
      // api: 2 replicas, 1 listed → one more (Pending at 1 s or bound, never a third); web: 3 listed = 3 replicas.
      const { '': unbound = [], ...bound } = snap.pods;
      const listed = { g1: ['api-a', 'web-b'], k1: ['report-a', 'web-a'], u1: ['web-c'] };
      const extra = [...unbound, ...Object.entries(bound).flatMap(([n, ps]) => ps.filter((p) => !(listed as Record<string, string[]>)[n]!.includes(p)))];
      for (const [n, ps] of Object.entries(listed)) expect(bound[n]).toEqual(expect.arrayContaining(ps));
      expect(extra).toEqual(['api-1']);
      expect(snap.running).toBeGreaterThanOrEqual(5); // the five listed pods are Running at once
      expect(snap.daemonPodsByNode).toEqual({ g1: 1, k1: 1, u1: 1 });
      expect(snap.labels.u1).toMatchObject({ role: 'edge', [LabelKeys.instanceType]: 'm5.large', [LabelKeys.zone]: 'us-east-1a', [LabelKeys.capacityType]: 'on-demand' });
      expect(snap.labels.u1![LabelKeys.nodePool]).toBeUndefined();
    });
  }

  it('karpenter: the NodePool node is a launched, registered, initialized NodeClaim; the others are not', () => {
    const { snap, world } = at1s('karpenter');
    const claims = [...world.cluster.nodeClaims()];
    expect(claims.map((c) => [c.nodePoolName, c.status.nodeName, c.status.instanceType, c.status.launchedAt, c.status.registeredAt, c.status.initializedAt])).toEqual([
      ['default', 'k1', 'm5.xlarge', 0, 0, 0],
    ]);
    expect(claims[0]!.status.pricePerHour).toBe(0.192); // m5.xlarge on-demand, us-east-1
    expect(snap.labels.k1).toMatchObject({ [LabelKeys.nodePool]: 'default', [LabelKeys.registered]: 'true', [LabelKeys.initialized]: 'true' });
    expect(snap.labels.g1![LabelKeys.eksNodeGroup]).toBeUndefined();
  });

  it('cluster-autoscaler: the node-group node and the fitting Karpenter node join the group; desired capacity counts them', () => {
    const { snap, world } = at1s('cluster-autoscaler');
    const g = world.ec2.group('ng')!;
    // desiredCapacity 1 in the scenario, 2 members adopted: max(1, 2) = 2 and nothing new launched
    expect(g.desiredCapacity).toBe(2);
    expect(g.instances.length).toBe(2);
    expect(world.ec2.listNow().length).toBe(3);
    expect(snap.labels.g1![LabelKeys.eksNodeGroup]).toBe('ng');
    expect(snap.labels.k1![LabelKeys.eksNodeGroup]).toBe('ng');
    expect(snap.labels.u1![LabelKeys.eksNodeGroup]).toBeUndefined();
  });

  it('logs one initial-state decision with the counts', () => {
    const k = run(scenarioOf(CLUSTER.replace('horizon: 30m', 'horizon: 2s')), 'karpenter').data.decisions.filter((d) => d.kind === 'initial-state');
    expect(k).toEqual([
      expect.objectContaining({ at: 0, nodes: 3, adoptedByNodePool: { default: 1 }, adoptedByNodeGroup: {}, unmanaged: 2, podsBound: 5, podsPending: 0, controllers: 3 }),
    ]);
    const ca = run(scenarioOf(CLUSTER.replace('horizon: 30m', 'horizon: 2s')), 'cluster-autoscaler').data.decisions.filter((d) => d.kind === 'initial-state');
    expect(ca).toEqual([expect.objectContaining({ adoptedByNodePool: {}, adoptedByNodeGroup: { ng: 2 }, unmanaged: 1 })]);
  });

  it('an evicted listed pod is replaced by its controller (3 replicas stay 3); a Job pod started at 0 finishes after its 10 minutes', () => {
    const seen: Record<string, unknown> = {};
    run(scenarioOf(CLUSTER), 'static', (w) => {
      w.clock.scheduleAt(60, () => {
        seen.evicted = w.cluster.evictPod('shop/web-c').ok;
      });
      w.clock.scheduleAt(300, () => {
        const web = [...w.cluster.pods()].filter((p) => p.owner?.kind === 'ReplicaSet' && p.owner.name === 'web');
        seen.web = web.map((p) => p.name).sort();
        seen.webActive = web.filter((p) => p.status.deletionAt === undefined).length;
      });
      w.clock.scheduleAt(599, () => (seen.before = w.cluster.jobStatus('batch', 'report')));
      w.clock.scheduleAt(601, () => (seen.after = w.cluster.jobStatus('batch', 'report')));
    });
    expect(seen.evicted).toBe(true);
    expect(seen.web).toEqual(['web-1', 'web-a', 'web-b']);
    expect(seen.webActive).toBe(3);
    expect(seen.before).toEqual({ succeeded: 0, active: 1, complete: false });
    expect(seen.after).toEqual({ succeeded: 1, active: 1, complete: false });
  });
});
