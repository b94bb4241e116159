import { resources, type Labels, type Pod, type PodSpec, type Resources, type Taint } from '../../src/model/index.js';
import type { ClusterEvent } from '../../src/cluster/cluster.js';
import { SimCluster, type RegisterNodeSpec, type SimClusterOptions } from '../../src/cluster/sim/index.js';
import { ClusterStore } from '../../src/cluster/sim/cluster-store.js';
import { TopologyIndex } from '../../src/scheduling/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';

export interface PodOptions extends Partial<Omit<PodSpec, 'requests'>> {
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly requests?: Resources;
}

/** A pod spec with defaults: namespace default, 100m / 128 MiB, no constraints, TGP 30 s. */
export function podSpec(o: PodOptions = {}): PodSpec {
  const { cpuMillis, memoryMiB, ...rest } = o;
  return {
    namespace: 'default',
    labels: {},
    annotations: {},
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    ...rest,
    requests: o.requests ?? resources({ cpuMillis: cpuMillis ?? 100, memoryMiB: memoryMiB ?? 128 }),
  };
}

export interface NodeOptions {
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly pods?: number;
  readonly labels?: Labels;
  readonly taints?: readonly Taint[];
  readonly startupTaints?: readonly Taint[];
  readonly readyAfterSeconds?: number;
  /** Allocatable when it differs from capacity. */
  readonly allocatable?: Partial<Resources>;
}

/** A node registration with defaults: 4000m / 16 GiB / 110 pods, allocatable = capacity, Ready at once. */
export function nodeSpec(name: string, o: NodeOptions = {}): RegisterNodeSpec {
  const capacity = resources({ cpuMillis: o.cpuMillis ?? 4000, memoryMiB: o.memoryMiB ?? 16384, pods: o.pods ?? 110 });
  return {
    name,
    labels: o.labels ?? {},
    taints: o.taints ?? [],
    startupTaints: o.startupTaints ?? [],
    capacity,
    allocatable: o.allocatable ? resources({ ...capacity, ...o.allocatable }) : capacity,
    providerID: `aws:///us-east-1a/i-${name}`,
    readyAfterSeconds: o.readyAfterSeconds ?? 0,
  };
}

/** A cluster event as it was when announced (the objects themselves change later). */
export interface Seen {
  readonly at: number;
  readonly kind: ClusterEvent['kind'];
  /** Pod uid, node name or NodeClaim name. */
  readonly name: string;
  readonly nodeName?: string;
  readonly phase?: string;
  readonly unschedulable?: boolean;
  readonly ready?: boolean;
}

export interface World {
  readonly clock: SimClock;
  readonly cluster: SimCluster;
  readonly events: Seen[];
}

function seen(at: number, e: ClusterEvent): Seen {
  if ('pod' in e) {
    return { at, kind: e.kind, name: e.pod.uid, nodeName: e.pod.status.nodeName, phase: e.pod.status.phase, unschedulable: e.pod.status.unschedulable };
  }
  if ('node' in e) return { at, kind: e.kind, name: e.node.name, ready: e.node.ready };
  return { at, kind: e.kind, name: e.nodeClaim.name };
}

/** A SimClock and a SimCluster (seed 1 unless given) with a recording watcher. */
export function world(options: Partial<SimClusterOptions> = {}, seed: number | string = 1): World {
  const clock = new SimClock();
  const cluster = new SimCluster(clock, new RandomSource(seed), options);
  const events: Seen[] = [];
  cluster.watch((event) => events.push(seen(clock.now(), event)));
  return { clock, cluster, events };
}

export function podsOf(cluster: SimCluster, owner: string): Pod[] {
  return [...cluster.pods()].filter((p) => p.owner?.name === owner);
}

export function running(pods: Iterable<Pod>): Pod[] {
  return [...pods].filter((p) => p.status.phase === 'Running' && p.status.deletionAt === undefined);
}

/** Node of each pod in binding order, from the recorded events. */
export function bindingSequence(events: readonly Seen[]): string[] {
  const out: string[] = [];
  const done = new Set<string>();
  for (const e of events) {
    if (e.kind !== 'pod-updated' || e.nodeName === undefined || done.has(e.name)) continue;
    done.add(e.name);
    out.push(`${e.at} ${e.name}@${e.nodeName}`);
  }
  return out;
}

/**
 * A bare ClusterStore (no scheduler, no kubelet) and a createPod for a controller under test: pods stay
 * Pending and unbound, named after their owner in creation order (`<namespace>/<owner>-<n>`).
 */
export function bareStore(retainFinishedPods = false): { clock: SimClock; store: ClusterStore; createPod: (spec: PodSpec) => Pod } {
  const clock = new SimClock();
  const store = new ClusterStore(clock, new TopologyIndex(), retainFinishedPods);
  let n = 0;
  const createPod = (spec: PodSpec): Pod => {
    const name = `${spec.owner?.name ?? 'pod'}-${++n}`;
    const pod = { ...spec, uid: `${spec.namespace}/${name}`, name, createdAt: clock.now(), status: { phase: 'Pending' } } as Pod;
    store.addPod(pod);
    return pod;
  };
  return { clock, store, createPod };
}
