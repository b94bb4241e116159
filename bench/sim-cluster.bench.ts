import { SimCluster } from '../src/cluster/sim/index.js';
import type { ScoringStrategy } from '../src/cluster/sim/index.js';
import { resources, type PodSpec } from '../src/model/index.js';
import { RandomSource } from '../src/sim/random.js';
import { SimClock } from '../src/sim/sim-clock.js';
import { peakRssMiB, type Benchmark, type Figure } from './harness.js';

const NODES = 1000;
const PODS = 30_000;
const DEPLOYMENTS = 30;

function template(i: number): PodSpec {
  return {
    namespace: 'default',
    labels: { app: `app-${i}` },
    annotations: {},
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    // 250m..750m, 512..1536 MiB: 30k pods need ~15,000 cores of 16,000 available.
    requests: resources({ cpuMillis: 250 + (i % 3) * 250, memoryMiB: 512 + (i % 3) * 512 }),
  };
}

/** 1,000 Ready nodes of 16 cores / 64 GiB, then 30,000 pods from 30 Deployments; time the scheduling until all are bound. */
function bindAll(scoring: ScoringStrategy): { bindsPerSecond: number; bindsPerCpuSecond: number; bound: number; runSeconds: number } {
  const clock = new SimClock();
  const cluster = new SimCluster(clock, new RandomSource(1), { scoring });
  for (let i = 0; i < NODES; i++) {
    const capacity = resources({ cpuMillis: 16_000, memoryMiB: 65_536, pods: 110 });
    cluster.registerNode({
      name: `node-${i}`,
      labels: { 'topology.kubernetes.io/zone': `zone-${i % 3}` },
      capacity,
      allocatable: capacity,
      providerID: `aws:///zone-${i % 3}/i-${i}`,
    });
  }
  clock.run(1);
  for (let d = 0; d < DEPLOYMENTS; d++) cluster.scaleDeployment('default', `app-${d}`, PODS / DEPLOYMENTS, template(d));
  const boundBefore = cluster.stats().bound;
  const t0 = process.hrtime.bigint();
  const cpu0 = process.cpuUsage();
  // The single scheduling cycle at t=1 binds every pod.
  while (clock.peekTime() !== undefined && clock.peekTime()! <= 1) clock.step();
  const cycleSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const bound = cluster.stats().bound - boundBefore;
  const t1 = process.hrtime.bigint();
  clock.run(120); // kubelet: every pod starts
  const runSeconds = Number(process.hrtime.bigint() - t1) / 1e9;
  return { bindsPerSecond: bound / cycleSeconds, bindsPerCpuSecond: bound / cpuSeconds, bound, runSeconds };
}

export const benchmarks: Benchmark[] = [
  {
    name: 'sim-cluster',
    run(): Figure[] {
      const out: Figure[] = [];
      for (const scoring of ['LeastAllocated', 'MostAllocated'] as const) {
        const r = bindAll(scoring);
        if (r.bound !== PODS) throw new Error(`expected ${PODS} pods bound, got ${r.bound}`);
        out.push({
          figure: `sim-cluster: pods bound per second, ${NODES} nodes, ${PODS} pods (${scoring})`,
          value: r.bindsPerSecond,
          unit: 'pods/s',
        });
        out.push({
          figure: `sim-cluster: pods bound per CPU-second, ${NODES} nodes, ${PODS} pods (${scoring})`,
          value: r.bindsPerCpuSecond,
          unit: 'pods/cpu-s',
        });
        out.push({ figure: `sim-cluster: kubelet start of ${PODS} pods (${scoring})`, value: r.runSeconds, unit: 's' });
      }
      out.push({ figure: 'sim-cluster: peak RSS', value: peakRssMiB(), unit: 'MiB' });
      return out;
    },
  },
];
