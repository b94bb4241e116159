import { Priority } from '../../src/sim/clock.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import { Recorder } from '../../src/metrics/recorder.js';
import type { RunData } from '../../src/metrics/run-data.js';
import { FakeCluster, makeNode, makePod } from './fixtures.js';

/**
 * A small hand-built run: a few instances (on-demand and spot) and pods over two hours, with a
 * disruption, a spot interruption, a launch failure and some decisions. `variant` shifts timings so that
 * policies and seeds differ in a predictable way.
 */
export function sampleRun(policy: string, seed: number, variant = 0): RunData {
  const clock = new SimClock();
  const cluster = new FakeCluster();
  const rec = new Recorder(clock, {
    scenario: 'sample',
    policy,
    seed,
    unitPrices: { perVcpuHour: 0.02, perGiBHour: 0.003, perGpuHour: 0 },
  });
  rec.attach(cluster);
  const at = (t: number, fn: () => void): void => void clock.scheduleAt(t, fn, Priority.world);
  const delay = 30 + 10 * variant + seed;
  const types = [
    ['m5.large', 'on-demand', 0.096, 2000, 8192],
    ['c5.xlarge', 'spot', 0.068, 4000, 8192],
    ['r5.large', 'on-demand', 0.126, 2000, 16384],
  ] as const;
  for (let k = 0; k < 6; k++) {
    const [type, ct, price, cpu, mem] = types[k % 3]!;
    const id = `i-${policy}-${k}`;
    const name = `node-${k}`;
    const t0 = k * 600;
    at(t0, () => rec.instanceLaunchRequested({ nodeClaimName: `nc-${k}`, at: t0 }));
    at(t0 + 2, () =>
      rec.instanceLaunched({
        instanceId: id, providerID: `aws:///us-east-1a/${id}`, instanceType: type, zone: 'us-east-1a', capacityType: ct,
        pricePerHour: price, nodeClaimName: `nc-${k}`, at: t0 + 2,
      }),
    );
    at(t0, () => rec.decision({ at: t0, actor: `${policy}/provisioner`, kind: 'launch', reason: 'pending pods', nodeClaim: `nc-${k}`, pods: [`pod-${k}-0`, `pod-${k}-1`], instanceTypes: [type] }));
    at(t0 + delay, () => cluster.addNode(makeNode(name, id, t0 + delay, { capacityType: ct, instanceType: type, cpuMillis: cpu, memoryMiB: mem })));
    at(t0 + delay + 5, () => cluster.updateNode(name, { ready: true, readyAt: t0 + delay + 5 }));
    for (let j = 0; j < 3; j++) {
      const uid = `pod-${k}-${j}`;
      at(t0 + j, () => cluster.addPod(makePod(uid, t0 + j, { cpuMillis: 300 + 100 * j, memoryMiB: 1024 }, { kind: 'Deployment', name: `web-${k % 2}` })));
      at(t0 + delay + 6, () => cluster.updatePod(uid, { nodeName: name, boundAt: t0 + delay + 6 }));
      at(t0 + delay + 8 + j, () => cluster.updatePod(uid, { phase: 'Running', startedAt: t0 + delay + 8 + j }));
    }
  }
  at(1000, () => rec.launchFailed({ code: 'InsufficientInstanceCapacity', at: 1000 }));
  at(2000, () => rec.spotEvent({ kind: 'rebalance', instanceId: `i-${policy}-1`, at: 2000 }));
  at(2100, () => rec.spotEvent({ kind: 'interruption', instanceId: `i-${policy}-1`, at: 2100 }));
  at(2220, () => {
    rec.disruption({ nodeName: 'node-1', reason: 'interruption', at: 2220 });
    cluster.updatePod('pod-1-0', { deletionAt: 2220 });
    cluster.deletePod('pod-1-0');
    cluster.deleteNode('node-1');
    rec.instanceTerminated({ instanceId: `i-${policy}-1`, at: 2220, reason: 'spot-interruption' });
  });
  at(4000, () => {
    rec.decision({ at: 4000, actor: `${policy}/disruption`, kind: 'disrupt', reason: 'emptiness', node: 'node-0', savingsPerHour: 0.096 });
    rec.disruption({ nodeName: 'node-0', reason: 'emptiness', at: 4000 });
    for (let j = 0; j < 3; j++) cluster.updatePod(`pod-0-${j}`, { phase: 'Succeeded', finishedAt: 4000 });
    cluster.deleteNode('node-0');
    rec.instanceTerminated({ instanceId: `i-${policy}-0`, at: 4000, reason: 'emptiness' });
  });
  at(6000 + 100 * variant, () => cluster.addPod(makePod('never', 6000 + 100 * variant, { cpuMillis: 64000 })));
  clock.run(7200);
  return rec.finish(7200);
}
