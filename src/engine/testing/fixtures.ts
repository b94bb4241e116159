import {
  resources,
  type Affinity,
  type DaemonSet,
  type Labels,
  type NodePool,
  type OwnerRef,
  type Pod,
  type PodSpec,
  type Requirement,
  type Taint,
  type Toleration,
  type TopologySpreadConstraint,
} from '../../model/index.js';

/** Fixture builders for engine tests: option objects with defaults (Karpenter's test.Pod / test.NodePool habit). */
export interface PodOptions {
  readonly name?: string;
  readonly namespace?: string;
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly gpus?: number;
  readonly labels?: Labels;
  readonly nodeSelector?: Labels;
  readonly affinity?: Affinity;
  readonly tolerations?: readonly Toleration[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  readonly hostPorts?: readonly number[];
  readonly createdAt?: number;
  readonly owner?: OwnerRef;
  /** Default true: kube-scheduler has marked it Unschedulable. */
  readonly unschedulable?: boolean;
  readonly nodeName?: string;
  readonly priority?: number;
}

let podCounter = 0;

export function pod(o: PodOptions = {}): Pod {
  const name = o.name ?? `pod-${String(podCounter++).padStart(5, '0')}`;
  const bound = o.nodeName !== undefined;
  return {
    uid: name,
    name,
    namespace: o.namespace ?? 'default',
    labels: o.labels ?? {},
    annotations: {},
    ...(o.owner ? { owner: o.owner } : {}),
    requests: resources({ cpuMillis: o.cpuMillis ?? 0, memoryMiB: o.memoryMiB ?? 0, gpus: o.gpus ?? 0 }),
    nodeSelector: o.nodeSelector ?? {},
    ...(o.affinity ? { affinity: o.affinity } : {}),
    tolerations: o.tolerations ?? [],
    topologySpreadConstraints: o.topologySpreadConstraints ?? [],
    hostPorts: o.hostPorts ?? [],
    priority: o.priority ?? 0,
    terminationGracePeriodSeconds: 30,
    createdAt: o.createdAt ?? 0,
    status: bound
      ? { phase: 'Running', nodeName: o.nodeName, unschedulable: false, boundAt: 0, startedAt: 0 }
      : { phase: 'Pending', unschedulable: o.unschedulable ?? true, ...((o.unschedulable ?? true) ? { unschedulableSince: o.createdAt ?? 0 } : {}) },
  };
}

/** The spec part of `pod(o)`, for `ClusterWorkloads.createPod`. */
export function podSpec(o: PodOptions = {}): PodSpec {
  const { uid: _uid, name: _name, createdAt: _createdAt, status: _status, ...spec } = pod(o);
  return spec;
}

/** `count` pods named `<prefix>-<i>` with the same options. */
export function pods(count: number, o: PodOptions & { readonly prefix?: string } = {}): Pod[] {
  const prefix = o.prefix ?? `p${podCounter++}`;
  return Array.from({ length: count }, (_, i) => pod({ ...o, name: `${prefix}-${String(i).padStart(5, '0')}` }));
}

export interface NodePoolOptions {
  readonly name?: string;
  readonly weight?: number;
  readonly labels?: Labels;
  readonly taints?: readonly Taint[];
  readonly startupTaints?: readonly Taint[];
  readonly requirements?: readonly Requirement[];
  readonly limits?: NodePool['limits'];
  readonly nodeClassName?: string;
}

export function nodePool(o: NodePoolOptions = {}): NodePool {
  return {
    name: o.name ?? 'default',
    weight: o.weight ?? 0,
    labels: o.labels ?? {},
    taints: o.taints ?? [],
    startupTaints: o.startupTaints ?? [],
    requirements: o.requirements ?? [],
    nodeClassName: o.nodeClassName ?? 'default',
    expireAfterSeconds: 720 * 3600,
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [{ nodes: '10%' }] },
    limits: o.limits ?? {},
  };
}

export function daemonSet(o: { name?: string; cpuMillis?: number; memoryMiB?: number; tolerations?: readonly Toleration[]; nodeSelector?: Labels } = {}): DaemonSet {
  return {
    name: o.name ?? 'ds',
    namespace: 'kube-system',
    template: {
      labels: { app: o.name ?? 'ds' },
      annotations: {},
      requests: resources({ cpuMillis: o.cpuMillis ?? 0, memoryMiB: o.memoryMiB ?? 0 }),
      nodeSelector: o.nodeSelector ?? {},
      tolerations: o.tolerations ?? [{ operator: 'Exists' }],
      topologySpreadConstraints: [],
      hostPorts: [],
      priority: 0,
      terminationGracePeriodSeconds: 30,
    },
  };
}

/** Requirement shorthand: `req('karpenter.sh/capacity-type', 'In', 'on-demand')`. */
export function req(key: string, operator: Requirement['operator'], ...values: string[]): Requirement {
  return { key, operator, values };
}
