import { resources } from '../src/model/index.js';
import type { PodSpec, Resources } from '../src/model/index.js';
import { checkFit, TopologyIndex } from '../src/scheduling/index.js';
import type { NodeView } from '../src/scheduling/index.js';
import type { Benchmark, Figure } from './harness.js';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';

interface MutableNode extends NodeView {
  requested: Resources;
}

function pod(i: number, deployments: number): PodSpec {
  const app = `app-${i % deployments}`;
  const selector = { matchLabels: { app } };
  return {
    namespace: 'default',
    labels: { app },
    annotations: {},
    requests: resources({ cpuMillis: 100 + (i % 7) * 50, memoryMiB: 128 + (i % 5) * 64 }),
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: ZONE, whenUnsatisfiable: 'DoNotSchedule', labelSelector: selector }],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    ...(i % 4 === 0 ? { affinity: { podAntiAffinity: { required: [{ labelSelector: selector, topologyKey: HOST }] } } } : {}),
  };
}

/**
 * kube-scheduler-style placement: each pod is checked against every node (checkFit with the topology
 * index), bound to the first that fits, and added to the index. Reports filter checks per second.
 */
function place(nodeCount: number, podCount: number): { checksPerSecond: number; placed: number; seconds: number } {
  const idx = new TopologyIndex();
  const nodes: MutableNode[] = [];
  for (let n = 0; n < nodeCount; n++) {
    const labels = { [HOST]: `node-${n}`, [ZONE]: `zone-${n % 3}` };
    nodes.push({
      name: `node-${n}`,
      labels,
      taints: [],
      allocatable: resources({ cpuMillis: 16000, memoryMiB: 65536, pods: 110 }),
      requested: resources(),
      hostPortsInUse: new Set(),
      unschedulable: false,
    });
    idx.upsertNode(`node-${n}`, labels);
  }
  let checks = 0;
  let placed = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < podCount; i++) {
    const p = pod(i, 50);
    const start = (i * 7919) % nodeCount;
    for (let k = 0; k < nodeCount; k++) {
      const node = nodes[(start + k) % nodeCount];
      checks++;
      if (checkFit(p, node, idx) === undefined) {
        node.requested = { ...node.requested, cpuMillis: node.requested.cpuMillis + p.requests.cpuMillis, memoryMiB: node.requested.memoryMiB + p.requests.memoryMiB, pods: node.requested.pods + 1 };
        idx.addPod(`p${i}`, p, node.name);
        placed++;
        break;
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { checksPerSecond: checks / seconds, placed, seconds };
}

/** One pod with zone + hostname spread and hostname anti-affinity checked against every node, index unchanged. */
function steady(nodeCount: number, podCount: number, rounds: number): number {
  const idx = new TopologyIndex();
  const nodes: NodeView[] = [];
  for (let n = 0; n < nodeCount; n++) {
    const labels = { [HOST]: `node-${n}`, [ZONE]: `zone-${n % 3}` };
    idx.upsertNode(labels[HOST], labels);
    nodes.push({ name: labels[HOST], labels, taints: [], allocatable: resources({ cpuMillis: 16000, memoryMiB: 65536, pods: 110 }), requested: resources(), hostPortsInUse: new Set(), unschedulable: false });
  }
  for (let i = 0; i < podCount; i++) idx.addPod(`p${i}`, pod(i, 50), `node-${i % nodeCount}`);
  const p = pod(1, 50);
  const t0 = process.hrtime.bigint();
  let fits = 0;
  for (let r = 0; r < rounds; r++) for (const n of nodes) if (checkFit(p, n, idx) === undefined) fits++;
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (fits < 0) console.log(fits);
  return (rounds * nodeCount) / seconds;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'scheduling',
    run(): Figure[] {
      const r = place(1000, 20000);
      const s = steady(2000, 20000, 100);
      return [
        { figure: 'scheduling: checkFit steady state (2000 nodes, 20000 pods indexed, one pod vs all nodes)', value: Math.round(s), unit: 'checks/s' },
        { figure: 'scheduling: checkFit with topology (1000 nodes, 20000 pods, zone spread + host anti-affinity)', value: Math.round(r.checksPerSecond), unit: 'checks/s' },
        { figure: 'scheduling: pods placed per second (same run)', value: Math.round(r.placed / r.seconds), unit: 'pods/s' },
      ];
    },
  },
];
