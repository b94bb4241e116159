/** Option-object fixtures for the scheduling tests (not exported from the library index). */
import { resources } from '../model/index.js';
import type { Labels, PodSpec, Resources, Taint } from '../model/index.js';
import type { NodeView } from './fit.js';

export function podSpec(opts: Partial<PodSpec> & { cpuMillis?: number; memoryMiB?: number } = {}): PodSpec {
  const { cpuMillis, memoryMiB, ...rest } = opts;
  return {
    namespace: 'default',
    labels: {},
    annotations: {},
    requests: resources({ cpuMillis: cpuMillis ?? 0, memoryMiB: memoryMiB ?? 0 }),
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    ...rest,
  };
}

export function nodeView(
  opts: Partial<Omit<NodeView, 'allocatable' | 'requested'>> & {
    allocatable?: Partial<Resources>;
    requested?: Partial<Resources>;
    labels?: Labels;
    taints?: readonly Taint[];
  } = {},
): NodeView {
  return {
    name: opts.name ?? 'node-1',
    labels: opts.labels ?? {},
    taints: opts.taints ?? [],
    allocatable: resources({ cpuMillis: 4000, memoryMiB: 16384, pods: 110, ephemeralMiB: 20000, ...opts.allocatable }),
    requested: resources(opts.requested ?? {}),
    hostPortsInUse: opts.hostPortsInUse ?? new Set(),
    unschedulable: opts.unschedulable ?? false,
  };
}
