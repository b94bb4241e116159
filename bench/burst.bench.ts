import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resolveScenario } from '../src/runtime/resolve-scenario.js';
import { simulate, type SimulationResult } from '../src/runtime/simulate.js';
import { loadScenario } from '../src/scenario/load.js';
import { timeIt, type Benchmark, type Figure } from './harness.js';

/**
 * The 20,000-pod burst end to end (bench/scenarios/burst-20k.yaml): a Deployment goes from 0 to 20,000
 * replicas at once on an empty cluster; Karpenter batches the pending pods, plans NodeClaims against the
 * full embedded catalog, launches them through the mock EC2; nodes boot, register and turn Ready;
 * kube-scheduler binds every pod. Measures the whole simulated run (world built as `fleetsim run` does).
 * Target: under 10 s of wall time.
 */
const here = dirname(fileURLToPath(import.meta.url));
const SCENARIO = join(here, 'scenarios', 'burst-20k.yaml');

export interface BurstFigures {
  readonly wallSeconds: number;
  readonly cpuSeconds: number;
  readonly pods: number;
  readonly running: number;
  readonly nodesLaunched: number;
  /** Simulated seconds from the burst to the last pod Running (NaN when some never ran). */
  readonly secondsToAllRunning: number;
  readonly nodeClaims: number;
}

export function runBurst(): BurstFigures {
  const scenario = resolveScenario(loadScenario(SCENARIO));
  const cpu0 = process.cpuUsage();
  const t = timeIt((): SimulationResult => simulate(scenario, { policy: 'karpenter', seed: scenario.seed }));
  const cpu = process.cpuUsage(cpu0);
  const { pods, instances, decisions } = t.result.data;
  let firstCreated = Infinity;
  let lastRunning = -Infinity;
  let running = 0;
  for (let i = 0; i < pods.count; i++) {
    firstCreated = Math.min(firstCreated, pods.created[i]!);
    const r = pods.running[i]!;
    if (Number.isNaN(r)) continue;
    running++;
    lastRunning = Math.max(lastRunning, r);
  }
  return {
    wallSeconds: t.seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    pods: pods.count,
    running,
    nodesLaunched: instances.length,
    secondsToAllRunning: running === pods.count ? lastRunning - firstCreated : NaN,
    nodeClaims: decisions.filter((d) => d.kind === 'nodeclaim-created').length,
  };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'burst',
    run(): Figure[] {
      const f = runBurst();
      return [
        { figure: 'burst 20k: wall time (whole simulated run)', value: f.wallSeconds, unit: 's', target: { op: '<=', value: 10 } },
        { figure: 'burst 20k: CPU time', value: f.cpuSeconds, unit: 's' },
        { figure: 'burst 20k: pods Running / created', value: f.running, unit: `of ${f.pods}` },
        { figure: 'burst 20k: nodes launched', value: f.nodesLaunched, unit: 'nodes' },
        { figure: 'burst 20k: NodeClaims created', value: f.nodeClaims, unit: 'claims' },
        { figure: 'burst 20k: burst → all Running', value: f.secondsToAllRunning, unit: 'sim s' },
        { figure: 'burst 20k: throughput', value: f.pods / f.wallSeconds, unit: 'pods/s wall' },
      ];
    },
  },
];
