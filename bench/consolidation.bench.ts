import { defaultMethods } from '../src/engine/disruption/index.js';
import { CommandQueue } from '../src/engine/disruption/command-queue.js';
import { DisruptionController } from '../src/engine/disruption/controller.js';
import { LabelKeys } from '../src/model/index.js';
import { EngineWorld } from '../test/engine/disruption/engine-world.js';
import { DisruptionWorld, podSpec, pool } from '../test/engine/disruption/world.js';
import { peakRssMiB, timeIt, type Benchmark, type Figure } from './harness.js';

const NODES = 1000;
const PODS = 20_000;

/**
 * A cluster of `NODES` initialized Karpenter nodes of one type holding `PODS` pods (bare pods placed by the
 * simulated kube-scheduler, LeastAllocated: ~20 per node), on-demand m5/c5/r5.
 */
function cluster(type: string, podCpuMillis: number): DisruptionWorld {
  const w = new DisruptionWorld({
    pools: [pool({ requirements: [{ key: LabelKeys.capacityType, operator: 'In', values: ['on-demand'] }] })],
  });
  for (let i = 0; i < NODES; i++) w.addNode(type, { zone: ['us-east-1a', 'us-east-1b', 'us-east-1c'][i % 3] });
  for (let i = 0; i < PODS; i++) w.cluster.createPod(podSpec({ cpuMillis: podCpuMillis, memoryMiB: 512, labels: { app: `svc-${i % 50}` } }));
  w.run(60);
  return w;
}

/** One disruption controller pass (candidates, budgets, every method until one yields a command): wall and CPU seconds. */
function pass(w: DisruptionWorld): { seconds: number; cpuSeconds: number; method: string; candidates: number } {
  const queue = new CommandQueue(w.deps, w.disruptionDecisions);
  const controller = new DisruptionController(w.deps, defaultMethods(), queue, w.podEvents, w.disruptionDecisions);
  const cpu0 = process.cpuUsage();
  const { seconds } = timeIt(() => controller.reconcile());
  const cpu = process.cpuUsage(cpu0);
  const cmd = controller.waiting;
  return { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6, method: cmd?.method ?? 'none', candidates: cmd?.candidates.length ?? 0 };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'consolidation pass (1,000 nodes / 20,000 pods)',
    run(): Figure[] {
      // Packed: c5.2xlarge (7910m) at 20 × 395m = 7900m; no pod fits on another node and no cheaper type
      // holds 7900m: multi-node's prefixes and then all 1,000 single-node candidates are rejected.
      const packed = cluster('c5.2xlarge', 395);
      const p = pass(packed);
      // Half empty: m5.2xlarge at 20 × 200m = 4000m: multi-node deletes the budget's 100 nodes at once.
      const loose = cluster('m5.2xlarge', 200);
      const l = pass(loose);
      const bound = [...loose.cluster.pods()].filter((x) => x.status.nodeName !== undefined).length;
      return [
        { figure: `consolidation pass, packed cluster (command: ${p.method})`, value: p.seconds, unit: 's', target: { op: '<=', value: 1 } },
        { figure: 'consolidation pass, packed cluster, CPU time', value: p.cpuSeconds, unit: 's', target: { op: '<=', value: 1 } },
        { figure: `consolidation pass, half-empty cluster (${l.method}, ${l.candidates} nodes)`, value: l.seconds, unit: 's', target: { op: '<=', value: 1 } },
        { figure: 'consolidation pass, half-empty cluster, CPU time', value: l.cpuSeconds, unit: 's', target: { op: '<=', value: 1 } },
        { figure: 'pods bound in the half-empty cluster', value: bound, unit: 'pods' },
        { figure: 'peak RSS', value: peakRssMiB(), unit: 'MiB' },
      ];
    },
  },
];

const DAY = 86_400;

/** Replicas of a day curve: min + (max − min)·(1 + cos(2π(t − peak)/day))/2, rounded. */
function diurnal(t: number, min: number, max: number, peakAt: number): number {
  return Math.round(min + ((max - min) * (1 + Math.cos((2 * Math.PI * (t - peakAt)) / DAY))) / 2);
}

interface WeekResult {
  readonly costUsd: number;
  readonly nodesDisruptedPerDay: number;
  readonly launches: number;
  readonly wallSeconds: number;
}

/**
 * Seven simulated days of three Deployments following day curves (web 250m/512Mi 20–200 replicas peaking
 * at 14:00, api 500m/1Gi 10–80 at 16:00, batch 1000m/2Gi 0–40 at 03:00; replicas updated every 5 min)
 * on the whole engine (on-demand m5/c5/r5 NodePool, Karpenter defaults: consolidateAfter 0, budget 10%),
 * with disruption on or off.
 */
function week(disruption: boolean): WeekResult {
  const w = new EngineWorld({
    pools: [pool({ requirements: [{ key: LabelKeys.capacityType, operator: 'In', values: ['on-demand'] }] })],
    controllers: { disruption },
  });
  const apps = [
    { name: 'web', cpuMillis: 250, memoryMiB: 512, min: 20, max: 200, peakAt: 14 * 3600 },
    { name: 'api', cpuMillis: 500, memoryMiB: 1024, min: 10, max: 80, peakAt: 16 * 3600 },
    { name: 'batch', cpuMillis: 1000, memoryMiB: 2048, min: 0, max: 40, peakAt: 3 * 3600 },
  ];
  const last = new Map<string, number>();
  const step = (): void => {
    const t = w.clock.now();
    for (const a of apps) {
      const r = diurnal(t, a.min, a.max, a.peakAt);
      if (last.get(a.name) === r) continue;
      last.set(a.name, r);
      w.deployment(a.name, r, { cpuMillis: a.cpuMillis, memoryMiB: a.memoryMiB });
    }
    if (t + 300 < 7 * DAY) w.clock.schedule(300, step);
  };
  step();
  const { seconds } = timeIt(() => w.runUntil(7 * DAY));
  const disrupted = w.decisionsOf('disruption').reduce((s, d) => s + (d.nodes as string[]).length, 0);
  return { costUsd: w.ec2.totalCostUsd(), nodesDisruptedPerDay: disrupted / 7, launches: w.decisionsOf('launch').length, wallSeconds: seconds };
}

benchmarks.push({
  name: 'consolidation over a 7-day diurnal workload (on vs off)',
  run(): Figure[] {
    const on = week(true);
    const off = week(false);
    return [
      { figure: '7-day cost, consolidation off', value: off.costUsd, unit: 'USD' },
      { figure: '7-day cost, consolidation on', value: on.costUsd, unit: 'USD', ratio: { value: on.costUsd / off.costUsd, to: 'off' } },
      { figure: 'cost saved by consolidation', value: (1 - on.costUsd / off.costUsd) * 100, unit: '%' },
      { figure: 'churn: nodes disrupted per day, consolidation on', value: on.nodesDisruptedPerDay, unit: 'nodes/day' },
      { figure: 'churn: nodes disrupted per day, consolidation off', value: off.nodesDisruptedPerDay, unit: 'nodes/day' },
      { figure: 'instances launched in 7 days, on / off', value: on.launches, unit: `launches (off: ${off.launches})` },
      { figure: '7-day run wall time, consolidation on', value: on.wallSeconds, unit: 's' },
    ];
  },
});
