import { LabelKeys, subtract, type DaemonSet, type InstanceType, type NodePool, type Requirement, type Resources } from '../../../model/index.js';
import { Requirements } from '../../../scheduling/index.js';
import { daemonSetPod, templateDaemonSetOverhead } from './daemonset-overhead.js';
import { instanceTypeRequirements } from './instance-type-info.js';

/** Requirements of a NodePool's template: its requirements, its labels and the nodepool label. */
export function templateRequirements(np: NodePool): Requirements {
  const labels: Requirement[] = Object.entries(np.labels).map(([key, v]) => ({ key, operator: 'In', values: [v] }));
  return Requirements.from([...np.requirements, ...labels, { key: LabelKeys.nodePool, operator: 'In', values: [np.name] }]);
}

/**
 * What a NodePool's template is, independent of offering availability and prices: its requirements, the
 * instance types compatible with them, and per type the DaemonSet overhead and what is left for pods.
 * Cached per (NodePool, instance-type list, DaemonSets) object identity: batches rarely change those.
 */
export interface StaticTemplate {
  readonly requirements: Requirements;
  readonly types: readonly InstanceType[];
  readonly daemonSetOverhead: readonly Resources[];
  readonly availableForPods: readonly Resources[];
  /** Indexes into `types` sorted by CPU left for pods, then memory (the order of the template's slots). */
  readonly order: readonly number[];
  readonly minValues: readonly { readonly key: string; readonly count: number }[];
}

const cache = new WeakMap<NodePool, WeakMap<readonly InstanceType[], Map<string, StaticTemplate>>>();
const daemonSetIds = new WeakMap<DaemonSet, number>();
let nextDaemonSetId = 0;

function daemonSetKey(daemonSets: readonly DaemonSet[]): string {
  return daemonSets
    .map((ds) => {
      let id = daemonSetIds.get(ds);
      if (id === undefined) daemonSetIds.set(ds, (id = nextDaemonSetId++));
      return id;
    })
    .join(',');
}

function build(np: NodePool, types: readonly InstanceType[], daemonSets: readonly DaemonSet[]): StaticTemplate {
  const requirements = templateRequirements(np);
  const compatible = types.filter((it) => requirements.conflict(instanceTypeRequirements(it)) === undefined);
  const overhead = templateDaemonSetOverhead(daemonSets.map(daemonSetPod), requirements, np.taints, compatible);
  const availableForPods = compatible.map((it, i) => subtract(it.allocatable, overhead[i]));
  const order = compatible
    .map((_, i) => i)
    .sort((a, b) => availableForPods[a].cpuMillis - availableForPods[b].cpuMillis || availableForPods[a].memoryMiB - availableForPods[b].memoryMiB || a - b);
  return {
    requirements,
    types: compatible,
    daemonSetOverhead: overhead,
    availableForPods,
    order,
    minValues: requirements
      .keys()
      .map((key) => ({ key, count: requirements.minValues(key) ?? 0 }))
      .filter((m) => m.count > 0),
  };
}

export function staticTemplate(np: NodePool, types: readonly InstanceType[], daemonSets: readonly DaemonSet[]): StaticTemplate {
  let byTypes = cache.get(np);
  if (!byTypes) cache.set(np, (byTypes = new WeakMap()));
  let byDs = byTypes.get(types);
  if (!byDs) byTypes.set(types, (byDs = new Map()));
  const key = daemonSetKey(daemonSets);
  let t = byDs.get(key);
  if (!t) {
    t = build(np, types, daemonSets);
    byDs.set(key, t);
  }
  return t;
}
