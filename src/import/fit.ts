import type { InstanceType, Toleration } from '../model/index.js';
import { cpuMillisOf, memoryMiBOf } from '../model/quantity.js';
import { untoleratedTaint } from '../scheduling/taints.js';
import type { ImportContext } from './context.js';
import type { ImportedNode } from './nodes.js';
import type { InitialPod } from './pods.js';

interface Amount {
  cpuMillis: number;
  memoryMiB: number;
  gpus: number;
  pods: number;
}

function amountOf(requests: Readonly<Record<string, unknown>> | undefined): Amount {
  const r = requests ?? {};
  return {
    cpuMillis: cpuMillisOf(r.cpu) ?? 0,
    memoryMiB: memoryMiBOf(r.memory) ?? 0,
    gpus: Number(r['nvidia.com/gpu'] ?? 0) || 0,
    pods: 1,
  };
}

const KEYS = ['cpuMillis', 'memoryMiB', 'gpus', 'pods'] as const;
const UNITS: Record<(typeof KEYS)[number], string> = { cpuMillis: 'm cpu', memoryMiB: ' MiB memory', gpus: ' GPUs', pods: ' pods' };

/** DaemonSets whose nodeSelector and tolerations let them on the node (the DaemonSet controller's rule, affinity aside). */
export function daemonSetsOn(node: ImportedNode, daemonSets: readonly Record<string, unknown>[]): Record<string, unknown>[] {
  return daemonSets.filter((ds) => {
    const sel = (ds.nodeSelector ?? {}) as Record<string, string>;
    if (Object.entries(sel).some(([k, v]) => node.allLabels[k] !== v)) return false;
    return untoleratedTaint((ds.tolerations ?? []) as Toleration[], node.taints) === undefined;
  });
}

/**
 * The simulator starts nodes with the catalog's allocatable (Karpenter's overhead formula), which can
 * be less than a real node's. Pods beyond it (lowest priority first) start Pending instead of making
 * the scenario invalid; each is reported with the resource and the amounts.
 */
export function fitToCatalog(ctx: ImportContext, nodes: readonly ImportedNode[], pods: InitialPod[], daemonSets: readonly Record<string, unknown>[], types: ReadonlyMap<string, InstanceType>): number {
  let moved = 0;
  const byNode = new Map<string, InitialPod[]>();
  for (const p of pods) if (p.node) byNode.set(p.node, [...(byNode.get(p.node) ?? []), p]);
  for (const node of nodes) {
    const it = types.get(node.instanceType);
    if (!it) continue;
    const free: Amount = { cpuMillis: it.allocatable.cpuMillis, memoryMiB: it.allocatable.memoryMiB, gpus: it.allocatable.gpus, pods: it.allocatable.pods };
    for (const ds of daemonSetsOn(node, daemonSets)) {
      const a = amountOf(ds.requests as Record<string, unknown>);
      for (const k of KEYS) free[k] -= a[k];
    }
    const onNode = [...(byNode.get(node.name) ?? [])].sort((a, b) => b.priority - a.priority);
    for (const p of onNode) {
      const a = amountOf(ctx.templates[p.template]?.requests as Record<string, unknown> | undefined);
      const short = KEYS.find((k) => a[k] > free[k]);
      if (short) {
        ctx.report.unmapped(
          `does not fit node ${node.name} (${node.instanceType}) in fleetsim's catalog: ${a[short]}${UNITS[short]} requested, ${Math.max(0, free[short])}${UNITS[short]} left of the catalog's allocatable after DaemonSets and the other pods (the real node's allocatable was larger); starts Pending`,
          `Pod ${p.namespace}/${p.name}`,
        );
        delete p.node;
        moved++;
        continue;
      }
      for (const k of KEYS) free[k] -= a[k];
    }
  }
  return moved;
}
