import { defaultMethods } from '../src/engine/disruption/index.js';
import { CommandQueue } from '../src/engine/disruption/command-queue.js';
import { DisruptionController } from '../src/engine/disruption/controller.js';
import { LabelKeys } from '../src/model/index.js';
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
