import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/index.js';
import type { Instance } from '../../src/cloud/cloud-provider.js';
import { MockEc2 } from '../../src/cloud/mock-ec2/index.js';
import { SimCluster } from '../../src/cluster/sim/index.js';
import { InvariantChecker, type InvariantViolation } from '../../src/invariants/index.js';
import { Recorder } from '../../src/metrics/index.js';
import { LabelKeys, resources, type NodePool, type PodSpec } from '../../src/model/index.js';
import { unitPricesFromInstanceTypes } from '../../src/report/lower-bound.js';
import { buildSummary } from '../../src/report/summary.js';
import { bootstrapNodes, instanceLabels } from '../../src/runtime/node-bootstrap.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';

const POOL: NodePool = {
  name: 'general',
  weight: 0,
  labels: {},
  taints: [],
  startupTaints: [],
  requirements: [],
  nodeClassName: 'default',
  disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [] },
  limits: { cpuMillis: 8000 },
};

function spec(o: Partial<PodSpec> & { cpuMillis: number }): PodSpec {
  const { cpuMillis, ...rest } = o;
  return {
    namespace: 'default',
    labels: {},
    annotations: {},
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    ...rest,
    requests: resources({ cpuMillis, memoryMiB: 256 }),
  };
}

/**
 * A legal run of the real simulated world — mock EC2, node bootstrap, simulated cluster with its
 * scheduler, kubelet, ReplicaSet and DaemonSet controllers — with the checker wired as the runtime would:
 * no invariant trips, and the checker's independent pod, instance and cost accounting agrees with the
 * recorder's summary and the mock's billing ledger.
 */
describe('the invariant checker on a real simulated world', () => {
  it('stays quiet through scheduling, PDB-guarded drains, instance loss and completion, and agrees with the summary', () => {
    const clock = new SimClock();
    const random = new RandomSource(7);
    const catalog = loadCatalog({ families: ['m5'] });
    const byName = new Map(catalog.map((it) => [it.name, it] as const));
    const ec2 = new MockEc2(clock, random, catalog, {});
    const sim = new SimCluster(clock, random);
    const violations: InvariantViolation[] = [];
    const checker = new InvariantChecker(clock, {
      nodePools: [POOL],
      capacityOf: (t) => byName.get(t)?.capacity,
      onViolation: (v) => violations.push(v),
    });
    checker.attach(sim);
    ec2.onInstanceEvent((e) => checker.instanceEvent(e));
    const cluster = checker.guardEvictions(sim);

    const recorder = new Recorder(clock, { scenario: 'world', policy: 'static', seed: 7, unitPrices: unitPricesFromInstanceTypes(catalog) });
    recorder.attach(sim);
    ec2.onInstanceEvent((e) => {
      const i = e.instance;
      if (e.kind === 'launched') {
        recorder.instanceLaunched({ instanceId: i.id, providerID: i.providerID, instanceType: i.instanceType, zone: i.zone, capacityType: i.capacityType, pricePerHour: i.pricePerHour, at: e.at });
      } else if (e.kind === 'terminated') recorder.instanceTerminated({ instanceId: i.id, at: e.at, reason: e.reason ?? 'terminated' });
    });
    bootstrapNodes(ec2, sim, (i: Instance) => {
      const it = byName.get(i.instanceType)!;
      return { labels: { ...instanceLabels(i, it, 'us-east-1'), [LabelKeys.nodePool]: 'general' }, taints: [], startupTaints: [], capacity: it.capacity, allocatable: it.allocatable };
    });

    sim.addDaemonSet({ name: 'agent', namespace: 'kube-system', template: { ...spec({ cpuMillis: 100 }), tolerations: [] } });
    sim.addPdb({ name: 'web', namespace: 'default', selector: { matchLabels: { app: 'web' } }, maxUnavailable: 1 });
    const ids: string[] = [];
    for (let n = 0; n < 4; n++) {
      const r = ec2.launchNow({
        nodeClaimName: `c${n}`,
        nodePoolName: 'general',
        nodeClassName: 'default',
        capacityType: 'on-demand',
        overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }],
        tags: {},
      });
      if (!r.ok) throw new Error(r.error.message);
      ids.push(r.instance.id);
    }
    sim.scaleDeployment('default', 'web', 8, spec({ cpuMillis: 500, labels: { app: 'web' } }));
    for (let i = 0; i < 6; i++) sim.createPod(spec({ cpuMillis: 300, durationSeconds: 200 + 50 * i }));
    clock.run(600);

    // Drain one node the way Karpenter's termination controller does: evict everything, retry refusals.
    const webPods = (name: string): number => [...sim.podsOnNode(name)].filter((p) => p.labels['app'] === 'web').length;
    const node = [...sim.nodes()].sort((a, b) => webPods(b.name) - webPods(a.name))[0]!;
    expect(webPods(node.name)).toBeGreaterThanOrEqual(2);
    let refused = 0;
    for (let round = 0; round < 20; round++) {
      const left = [...sim.podsOnNode(node.name)].filter((p) => p.owner?.kind !== 'DaemonSet' && p.status.deletionAt === undefined);
      if (left.length === 0) break;
      for (const p of left) if (!cluster.evictPod(p.uid).ok) refused++;
      clock.run(clock.now() + 5);
    }
    ec2.terminateNow(ids[3]!);
    clock.run(3600);

    const data = recorder.finish(3600);
    const summary = buildSummary(data);
    const result = checker.finish(3600, { ledger: ec2.ledger(), totalCostUsd: summary.cost.totalUsd, podTotals: summary.pods });
    expect(violations.map((v) => v.message)).toEqual([]);
    expect(result.instancesLaunched).toBe(4);
    expect(result.pods.completed).toBe(6);
    expect(result.pods.created).toBe(summary.pods.created);
    expect(refused).toBeGreaterThan(0); // the PDB held the drain back at least once
    expect(summary.pods.evicted).toBeGreaterThan(0);
  });

  it('throws out of the simulation when the fourth node takes its NodePool past its limit', () => {
    const clock = new SimClock();
    const random = new RandomSource(7);
    const catalog = loadCatalog({ families: ['m5'] });
    const byName = new Map(catalog.map((it) => [it.name, it] as const));
    const ec2 = new MockEc2(clock, random, catalog, {});
    const sim = new SimCluster(clock, random);
    const checker = new InvariantChecker(clock, { nodePools: [{ ...POOL, limits: { cpuMillis: 6000 } }] });
    checker.attach(sim);
    ec2.onInstanceEvent((e) => checker.instanceEvent(e));
    bootstrapNodes(ec2, sim, (i: Instance) => {
      const it = byName.get(i.instanceType)!;
      return { labels: { ...instanceLabels(i, it, 'us-east-1'), [LabelKeys.nodePool]: 'general' }, taints: [], startupTaints: [], capacity: it.capacity, allocatable: it.allocatable };
    });
    for (let n = 0; n < 4; n++) {
      ec2.launchNow({
        nodeClaimName: `c${n}`,
        nodePoolName: 'general',
        nodeClassName: 'default',
        capacityType: 'on-demand',
        overrides: [{ instanceType: 'm5.large', zone: 'us-east-1a', capacityType: 'on-demand' }],
        tags: {},
      });
    }
    expect(() => clock.run(600)).toThrow(/NODEPOOL_LIMIT_EXCEEDED: .*NodePool general exceeds its limits .*cpu 8000m > limit 6000m/);
  });
});
