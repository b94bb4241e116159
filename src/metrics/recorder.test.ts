import { describe, expect, it } from 'vitest';
import { TaintKeys } from '../model/index.js';
import { Priority } from '../sim/clock.js';
import { SimClock } from '../sim/sim-clock.js';
import { FakeCluster, makeNode, makePod } from '../../test/report/fixtures.js';
import { buildSummary } from '../report/summary.js';
import { Recorder, type RecorderOptions } from './recorder.js';

function world(options: Partial<RecorderOptions> = {}) {
  const clock = new SimClock();
  const cluster = new FakeCluster();
  const recorder = new Recorder(clock, {
    scenario: 't',
    policy: 'p',
    seed: 1,
    unitPrices: { perVcpuHour: 0, perGiBHour: 0, perGpuHour: 0 },
    ...options,
  });
  recorder.attach(cluster);
  const at = (t: number, fn: () => void): void => void clock.scheduleAt(t, fn, Priority.world);
  const launch = (id: string, t: number, price = 0.096, capacityType: 'on-demand' | 'spot' = 'on-demand'): void =>
    at(t, () =>
      recorder.instanceLaunched({
        instanceId: id,
        providerID: `aws:///us-east-1a/${id}`,
        instanceType: 'm5.large',
        zone: 'us-east-1a',
        capacityType,
        pricePerHour: price,
        at: t,
      }),
    );
  const finish = (horizon: number) => {
    clock.run(horizon);
    return recorder.finish(horizon);
  };
  return { clock, cluster, recorder, at, launch, finish };
}

describe('Recorder: pod timelines', () => {
  it('a pod created at 10, bound at 40, running at 42 was pending 30 s and started in 32 s', () => {
    const w = world();
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-1', 0)));
    w.at(10, () => w.cluster.addPod(makePod('a', 10)));
    w.at(20, () => w.cluster.updatePod('a', { unschedulable: true, unschedulableSince: 20 }));
    w.at(40, () => w.cluster.updatePod('a', { nodeName: 'n1', boundAt: 40 }));
    w.at(42, () => w.cluster.updatePod('a', { phase: 'Running', startedAt: 42 }));
    const data = w.finish(100);
    const s = buildSummary(data);
    expect(s.pendingSeconds).toEqual({ p50: 30, p90: 30, p95: 30, p99: 30, max: 30, mean: 30 });
    expect(s.startupSeconds.p50).toBe(32);
    expect(s.pods).toEqual({ created: 1, scheduled: 1, completed: 0, evicted: 0, pendingAtEnd: 0, neverScheduled: 0 });
    expect(data.pods.unschedulable[0]).toBe(20);
    expect(data.pods.node[0]).toBe('n1');
  });

  it('a pod never bound counts as pending until the horizon; one deleted unbound until its deletion', () => {
    const w = world();
    w.at(20, () => w.cluster.addPod(makePod('stuck', 20)));
    w.at(30, () => w.cluster.addPod(makePod('gone', 30)));
    w.at(50, () => w.cluster.deletePod('gone'));
    const s = buildSummary(w.finish(100));
    expect(s.pendingSeconds.max).toBe(80);
    expect(s.pendingSeconds.p50).toBe(20);
    expect(s.pendingSeconds.mean).toBe(50);
    expect(s.pods.pendingAtEnd).toBe(1);
    expect(s.pods.neverScheduled).toBe(2);
    expect(s.startupSeconds.p50).toBeNull();
  });

  it('counts completions, and evictions only for pods leaving a node being drained', () => {
    const w = world();
    w.at(0, () => {
      w.cluster.addNode(makeNode('n1', 'i-1', 0));
      w.cluster.addNode(makeNode('n2', 'i-2', 0));
      for (const [uid, node] of [['a', 'n1'], ['b', 'n2'], ['c', 'n2']] as const) {
        w.cluster.addPod(makePod(uid, 0));
        w.cluster.updatePod(uid, { nodeName: node, boundAt: 0, phase: 'Running', startedAt: 1 });
      }
    });
    w.at(10, () => w.cluster.updatePod('c', { phase: 'Succeeded', finishedAt: 10 }));
    w.at(20, () => w.cluster.updateNode('n1', { taints: [{ key: TaintKeys.disrupted, effect: 'NoSchedule' }] }));
    w.at(21, () => w.cluster.updatePod('a', { deletionAt: 21 }));
    w.at(25, () => w.cluster.deletePod('a'));
    w.at(30, () => w.cluster.deletePod('b'));
    const data = w.finish(60);
    const s = buildSummary(data);
    expect(s.evictions).toBe(1);
    expect(s.pods.evicted).toBe(1);
    expect(s.pods.completed).toBe(1);
    expect(Array.from(data.pods.evictions)).toEqual([1, 0, 0]);
    expect(Array.from(data.pods.finished)).toEqual([25, 30, 10]);
  });

  it('a pod that becomes unbound again without finishing was evicted, and its pending time stays the first one', () => {
    const w = world();
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-1', 0)));
    w.at(5, () => w.cluster.addPod(makePod('a', 5)));
    w.at(15, () => w.cluster.updatePod('a', { nodeName: 'n1', boundAt: 15, phase: 'Running', startedAt: 16 }));
    w.at(50, () => w.cluster.updatePod('a', { nodeName: undefined, phase: 'Pending' }));
    w.recorder.podEvicted({ podUid: 'a', at: 50 }); // not bound yet at this point: ignored
    const data = w.finish(100);
    const s = buildSummary(data);
    expect(s.evictions).toBe(1);
    expect(s.pendingSeconds.p50).toBe(10);
    expect(s.pods.pendingAtEnd).toBe(1);
  });
});

describe('Recorder: cost', () => {
  it('bills a 0.096 $/h instance 0.048 $ for 1800 s and 60 s minimum for 30 s', () => {
    const w = world();
    w.launch('i-1', 0);
    w.at(1800, () => w.recorder.instanceTerminated({ instanceId: 'i-1', at: 1800, reason: 'emptiness' }));
    w.launch('i-2', 100);
    w.at(130, () => w.recorder.instanceTerminated({ instanceId: 'i-2', at: 130, reason: 'interrupted' }));
    const data = w.finish(3600);
    const s = buildSummary(data);
    expect(data.instances.map((r) => r.billedSeconds)).toEqual([1800, 60]);
    expect(data.instances[0]!.costUsd).toBeCloseTo(0.048, 12);
    expect(data.instances[1]!.costUsd).toBeCloseTo(0.0016, 12);
    expect(s.cost.totalUsd).toBe(0.0496);
    expect(s.cost.onDemandUsd).toBe(0.0496);
    expect(s.cost.idleUsd).toBe(0.0496);
    expect(s.nodes).toEqual({ launched: 2, terminated: 2, peak: 2, meanActive: 0.508 });
  });

  it('bills instances still running at the horizon up to the horizon, split by capacity type', () => {
    const w = world();
    w.launch('i-od', 0, 0.2);
    w.launch('i-spot', 1800, 0.05, 'spot');
    const s = buildSummary(w.finish(3600));
    expect(s.cost.onDemandUsd).toBe(0.2);
    expect(s.cost.spotUsd).toBe(0.025);
    expect(s.cost.totalUsd).toBe(0.225);
    expect(s.nodes.meanActive).toBe(1.5);
  });

  it('splits a node price between workload, DaemonSet and idle by OpenCost default weights', () => {
    // m5.large-like: 2 vCPU, 8 GiB, 0.096 $/h. Weights 0.031611 $/vCPU, 0.004237 $/GiB:
    // node weight = 2×0.031611 + 8×0.004237 = 0.097118
    // workload pod 1 vCPU for 1 h → 0.096 × 0.031611 / 0.097118 = 0.031247 $
    // DaemonSet pod 1 GiB for 1 h → 0.096 × 0.004237 / 0.097118 = 0.004188 $
    const w = world();
    w.launch('i-1', 0);
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-1', 0)));
    w.at(0, () => {
      w.cluster.addPod(makePod('ds', 0, { memoryMiB: 1024 }, { kind: 'DaemonSet', name: 'agent' }));
      w.cluster.updatePod('ds', { nodeName: 'n1', boundAt: 0 });
    });
    w.at(1800, () => w.cluster.addPod(makePod('w', 1800, { cpuMillis: 1000 })));
    w.at(1800, () => w.cluster.updatePod('w', { nodeName: 'n1', boundAt: 1800 }));
    w.at(5400, () => w.cluster.deletePod('w'));
    const s = buildSummary(w.finish(7200));
    expect(s.cost.totalUsd).toBe(0.192);
    expect(s.cost.workloadUsd).toBe(0.031247);
    expect(s.cost.daemonsetUsd).toBeCloseTo(2 * 0.004188, 5);
    expect(s.cost.workloadUsd + s.cost.daemonsetUsd + s.cost.idleUsd).toBeCloseTo(0.192, 9);
    expect(s.pods.created).toBe(1); // the DaemonSet pod is not a workload pod
  });
});

describe('Recorder: nodes, utilization, events', () => {
  it('measures node Ready from the launch request matched by NodeClaim name', () => {
    const w = world();
    w.at(5, () => w.recorder.instanceLaunchRequested({ nodeClaimName: 'nc-1', at: 5 }));
    w.at(7, () =>
      w.recorder.instanceLaunched({
        instanceId: 'i-1', providerID: 'aws:///us-east-1a/i-1', instanceType: 'm5.large', zone: 'us-east-1a',
        capacityType: 'spot', pricePerHour: 0.04, nodeClaimName: 'nc-1', at: 7,
      }),
    );
    w.at(30, () => w.cluster.addNode(makeNode('n1', 'i-1', 30, { capacityType: 'spot' })));
    w.at(40, () => w.cluster.updateNode('n1', { ready: true, readyAt: 40 }));
    const data = w.finish(100);
    expect(data.instances[0]).toMatchObject({ launchRequestedAt: 5, launchedAt: 7, registeredAt: 30, readyAt: 40, nodeName: 'n1' });
    expect(buildSummary(data).nodeReadySeconds.p50).toBe(35);
  });

  it('time-weights requested over allocatable', () => {
    // 2000m / 8192 MiB allocatable for 100 s; 1000m / 2048 MiB requested for the last 50 s.
    const w = world();
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-1', 0)));
    w.at(50, () => {
      w.cluster.addPod(makePod('a', 50, { cpuMillis: 1000, memoryMiB: 2048 }));
      w.cluster.updatePod('a', { nodeName: 'n1', boundAt: 50 });
    });
    const s = buildSummary(w.finish(100));
    expect(s.utilization).toEqual({ cpuRequestedMean: 0.25, memoryRequestedMean: 0.125 });
  });

  it('samples its aggregates at a fixed step', () => {
    const w = world({ stepSeconds: 60 });
    w.launch('i-1', 0, 0.12);
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-1', 0)));
    w.at(30, () => w.cluster.addPod(makePod('a', 30, { cpuMillis: 500, memoryMiB: 512 })));
    w.at(70, () => w.cluster.updatePod('a', { nodeName: 'n1', boundAt: 70, phase: 'Running', startedAt: 70 }));
    const ts = w.finish(150).timeseries;
    expect(Array.from(ts.t)).toEqual([0, 60, 120]);
    expect(Array.from(ts.pendingPods)).toEqual([0, 1, 0]);
    expect(Array.from(ts.runningPods)).toEqual([0, 0, 1]);
    expect(Array.from(ts.nodesOnDemand)).toEqual([1, 1, 1]);
    expect(Array.from(ts.requestedCpuCores)).toEqual([0, 0, 0.5]);
    expect(Array.from(ts.allocatableMemoryGiB)).toEqual([8, 8, 8]);
    expect(ts.costPerHour[1]).toBe(0.12);
    expect(ts.costUsd[2]).toBeCloseTo(0.004, 12); // 0.12 $/h × 120 s
  });

  it('counts each disrupted node once, spot events and launch failures by class', () => {
    const w = world();
    w.launch('i-1', 0);
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-1', 0)));
    w.at(10, () => {
      w.recorder.disruption({ nodeName: 'n1', reason: 'emptiness', at: 10 });
      w.recorder.disruption({ instanceId: 'i-1', reason: 'drift', at: 11 });
      w.recorder.spotEvent({ kind: 'rebalance', instanceId: 'i-1', at: 10 });
      w.recorder.spotEvent({ kind: 'interruption', instanceId: 'i-1', at: 12 });
      w.recorder.launchFailed({ code: 'InsufficientInstanceCapacity', at: 10 });
      w.recorder.launchFailed({ code: 'RequestLimitExceeded', at: 10 });
    });
    const data = w.finish(100);
    const s = buildSummary(data);
    expect(s.disruptions).toEqual({ emptiness: 1, drift: 0, underutilized: 0, expiration: 0, interruption: 0 });
    expect(s.spot).toEqual({ interruptions: 1, rebalanceRecommendations: 1 });
    expect(s.launchFailures).toEqual({ insufficientCapacity: 1, other: 1 });
    expect(data.instances[0]!.disruptionReason).toBe('emptiness');
    expect(data.events.map((e) => e.kind)).toEqual(['disruption', 'rebalance-recommendation', 'launch-failure', 'launch-failure', 'spot-interruption']);
  });

  it('integrates the fluid lower bound over the workload demand', () => {
    // 1 vCPU + 2 GiB from 0 to 3600: max(1 × 0.036, 2 × 0.009) = 0.036 $/h for 1 h.
    const w = world({ unitPrices: { perVcpuHour: 0.036, perGiBHour: 0.009, perGpuHour: 0 } });
    w.at(0, () => w.cluster.addPod(makePod('a', 0, { cpuMillis: 1000, memoryMiB: 2048 })));
    w.at(3600, () => w.cluster.deletePod('a'));
    expect(buildSummary(w.finish(7200)).costLowerBoundUsd).toBe(0.036);
  });
});

describe('Recorder: linking nodes to instances', () => {
  it('links a Node to its instance by providerID even when the id does not end it', () => {
    const w = world();
    w.at(0, () =>
      w.recorder.instanceLaunched({
        instanceId: 'i-abc', providerID: 'kwok://node-x', instanceType: 'm5.large', zone: 'us-east-1a',
        capacityType: 'on-demand', pricePerHour: 0.096, at: 0,
      }),
    );
    w.at(20, () => w.cluster.addNode({ ...makeNode('node-x', 'unused', 20), providerID: 'kwok://node-x' }));
    const data = w.finish(3600);
    expect(data.instances).toHaveLength(1);
    expect(data.instances[0]).toMatchObject({ instanceId: 'i-abc', nodeName: 'node-x', registeredAt: 20 });
  });

  it('creates an instance for a Node it never heard of, priced by the lookup', () => {
    const w = world({ priceOf: (type, _zone, ct) => (type === 'm5.large' && ct === 'spot' ? 0.036 : undefined) });
    w.at(0, () => w.cluster.addNode(makeNode('n1', 'i-9', 0, { capacityType: 'spot' })));
    const s = buildSummary(w.finish(3600));
    expect(s.cost).toMatchObject({ totalUsd: 0.036, spotUsd: 0.036, onDemandUsd: 0 });
    expect(s.nodes.launched).toBe(1);
  });
});

describe('Recorder: launch requests', () => {
  it('measures node Ready from the request that succeeded, per node group in order', () => {
    const w = world();
    const launched = (id: string, t: number) =>
      w.recorder.instanceLaunched({
        instanceId: id, providerID: `aws:///us-east-1a/${id}`, instanceType: 'm5.large', zone: 'us-east-1a',
        capacityType: 'on-demand', pricePerHour: 0.096, groupName: 'ng-1', at: t,
      });
    w.at(0, () => w.recorder.instanceLaunchRequested({ groupName: 'ng-1', at: 0 }));
    w.at(5, () => w.recorder.launchFailed({ code: 'InsufficientInstanceCapacity', groupName: 'ng-1', at: 5 }));
    w.at(100, () => {
      w.recorder.instanceLaunchRequested({ groupName: 'ng-1', at: 100 });
      w.recorder.instanceLaunchRequested({ groupName: 'ng-1', at: 100 });
    });
    w.at(160, () => launched('i-1', 160));
    w.at(170, () => launched('i-2', 170));
    w.at(200, () => w.cluster.addNode({ ...makeNode('n1', 'i-1', 200), ready: true, readyAt: 200 }));
    w.at(230, () => w.cluster.addNode({ ...makeNode('n2', 'i-2', 230), ready: true, readyAt: 230 }));
    const s = buildSummary(w.finish(1000));
    // 200 − 100 and 230 − 100: the failed request at 0 is forgotten
    expect(s.nodeReadySeconds).toMatchObject({ p50: 100, max: 130, mean: 115 });
    expect(s.launchFailures.insufficientCapacity).toBe(1);
  });
});

describe('summary.json extras', () => {
  it('appends optional workload statistics after the schemaVersion-1 fields', () => {
    const w = world();
    const s = buildSummary(w.finish(10), { workload: { podsFromTrace: 12, meanCpuMillis: 333.3333333 } });
    expect(Object.keys(s).at(-1)).toBe('workload');
    expect(Object.keys(s).at(-2)).toBe('evictions');
    expect(s.workload).toEqual({ podsFromTrace: 12, meanCpuMillis: 333.333333 });
    expect('workload' in buildSummary(world().finish(10))).toBe(false);
  });
});
