import {
  add,
  isDaemonSetPod,
  isTerminal,
  LabelKeys,
  resources,
  TaintKeys,
  ZERO,
  type InstanceType,
  type Node,
  type NodeClaim,
  type Pod,
  type Requirement,
  type Resources,
  type Taint,
} from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import type { StateNode } from './state-node.js';

const ONE_POD = resources({ pods: 1 });

/** Taints a node carries while it boots; they do not keep Karpenter from planning pods onto it. */
export function isKnownEphemeralTaint(t: Taint): boolean {
  return (
    t.key === TaintKeys.notReady ||
    t.key === 'node.kubernetes.io/unreachable' ||
    t.key === TaintKeys.unregistered ||
    t.key === 'node.cloudprovider.kubernetes.io/uninitialized' ||
    t.key.startsWith('readiness.k8s.io/')
  );
}

function componentMin(values: readonly Resources[]): Resources {
  if (values.length === 0) return ZERO;
  return values.reduce((a, b) => ({
    cpuMillis: Math.min(a.cpuMillis, b.cpuMillis),
    memoryMiB: Math.min(a.memoryMiB, b.memoryMiB),
    gpus: Math.min(a.gpus, b.gpus),
    pods: Math.min(a.pods, b.pods),
    ephemeralMiB: Math.min(a.ephemeralMiB, b.ephemeralMiB),
  }));
}

function componentMax(values: readonly Resources[]): Resources {
  if (values.length === 0) return ZERO;
  return values.reduce((a, b) => ({
    cpuMillis: Math.max(a.cpuMillis, b.cpuMillis),
    memoryMiB: Math.max(a.memoryMiB, b.memoryMiB),
    gpus: Math.max(a.gpus, b.gpus),
    pods: Math.max(a.pods, b.pods),
    ephemeralMiB: Math.max(a.ephemeralMiB, b.ephemeralMiB),
  }));
}

/** Resolve an instance type of a NodeClaim by name (under the claim's NodeClass). */
export type InstanceTypeLookup = (name: string, claim: NodeClaim) => InstanceType | undefined;

/** An in-flight NodeClaim (no Node yet) as a StateNode. */
export function stateNodeFromClaim(claim: NodeClaim, lookup: InstanceTypeLookup, nominatedAt?: number): StateNode {
  const s = claim.status;
  const launched = s.instanceType !== undefined ? lookup(s.instanceType, claim) : undefined;
  const options = launched ? [launched] : claim.instanceTypeOptions.map((n) => lookup(n, claim)).filter((x): x is InstanceType => x !== undefined);
  const extra: Requirement[] = [];
  if (s.instanceType !== undefined) extra.push({ key: LabelKeys.instanceType, operator: 'In', values: [s.instanceType] });
  if (s.zone !== undefined) extra.push({ key: LabelKeys.zone, operator: 'In', values: [s.zone] });
  if (s.capacityType !== undefined) extra.push({ key: LabelKeys.capacityType, operator: 'In', values: [s.capacityType] });
  const requirements = [...claim.requirements, ...extra];
  return {
    name: claim.name,
    hostname: claim.name,
    nodeClaim: claim,
    nodePoolName: claim.nodePoolName,
    labels: { ...(launched?.labels ?? {}), ...Requirements.from(requirements).singleValueLabels() },
    requirements,
    taints: claim.taints,
    capacity: launched?.capacity ?? componentMax(options.map((o) => o.capacity)),
    allocatable: s.allocatable ?? launched?.allocatable ?? componentMin(options.map((o) => o.allocatable)),
    requested: ZERO,
    pods: [],
    daemonSetNames: new Set(),
    hostPortsInUse: new Set(),
    registered: false,
    initialized: false,
    markedForDeletion: s.deletionAt !== undefined,
    unschedulable: false,
    ...(nominatedAt !== undefined ? { nominatedAt } : {}),
  };
}

/** A registered Node (with its NodeClaim when Karpenter owns it) and the pods bound to it. */
export function stateNodeFromNode(node: Node, claim: NodeClaim | undefined, boundPods: Iterable<Pod>, nominatedAt?: number): StateNode {
  const pods: Pod[] = [];
  const daemonSetNames = new Set<string>();
  const hostPorts = new Set<number>();
  // Sums of the pods' requests plus one pod slot each (the same additions, in the same order, as
  // folding `add(requested, add(p.requests, ONE_POD))`); extended resources take that general path.
  let cpuMillis = 0;
  let memoryMiB = 0;
  let gpus = 0;
  let podSlots = 0;
  let ephemeralMiB = 0;
  let extended = false;
  for (const p of boundPods) {
    if (isTerminal(p)) continue;
    pods.push(p);
    const r = p.requests;
    if (r.extended) extended = true;
    cpuMillis += r.cpuMillis;
    memoryMiB += r.memoryMiB;
    gpus += r.gpus;
    podSlots += r.pods + 1;
    ephemeralMiB += r.ephemeralMiB;
    if (isDaemonSetPod(p) && p.owner) daemonSetNames.add(p.owner.name);
    for (const port of p.hostPorts) hostPorts.add(port);
  }
  let requested: Resources = pods.length === 0 ? ZERO : { cpuMillis, memoryMiB, gpus, pods: podSlots, ephemeralMiB };
  if (extended) {
    requested = ZERO;
    for (const p of pods) requested = add(requested, add(p.requests, ONE_POD));
  }
  const initialized = claim ? claim.status.initializedAt !== undefined : node.ready;
  const startup = new Set((claim?.startupTaints ?? []).map((t) => t.key));
  const taints = initialized ? node.taints : node.taints.filter((t) => !isKnownEphemeralTaint(t) && !startup.has(t.key));
  const pool = claim?.nodePoolName ?? node.labels[LabelKeys.nodePool];
  return {
    name: node.name,
    hostname: node.labels[LabelKeys.hostname] ?? node.name,
    node,
    ...(claim ? { nodeClaim: claim } : {}),
    ...(pool !== undefined ? { nodePoolName: pool } : {}),
    labels: node.labels,
    taints,
    capacity: node.capacity,
    allocatable: node.allocatable,
    requested,
    pods,
    daemonSetNames,
    hostPortsInUse: hostPorts,
    registered: true,
    initialized,
    markedForDeletion: node.deletionAt !== undefined || claim?.status.deletionAt !== undefined,
    unschedulable: node.unschedulable,
    ...(nominatedAt !== undefined ? { nominatedAt } : {}),
  };
}
