import type { Cluster, ClusterEvent, ClusterListener } from '../../src/cluster/cluster.js';
import { LabelKeys, resources, type Node, type NodeClaim, type Pod, type PodStatus, type Resources } from '../../src/model/index.js';

/** A minimal Cluster stand-in for recorder tests: holds objects and replays changes to watchers. */
export class FakeCluster implements Pick<Cluster, 'watch' | 'nodes' | 'pods' | 'nodeClaims'> {
  private readonly listeners: ClusterListener[] = [];
  readonly podMap = new Map<string, Pod>();
  readonly nodeMap = new Map<string, Node>();

  pods(): Iterable<Pod> {
    return this.podMap.values();
  }
  nodes(): Iterable<Node> {
    return this.nodeMap.values();
  }
  nodeClaims(): Iterable<NodeClaim> {
    return [];
  }
  watch(listener: ClusterListener): () => void {
    this.listeners.push(listener);
    return () => this.listeners.splice(this.listeners.indexOf(listener), 1);
  }
  emit(e: ClusterEvent): void {
    for (const l of this.listeners) l(e);
  }

  addPod(pod: Pod): void {
    this.podMap.set(pod.uid, pod);
    this.emit({ kind: 'pod-added', pod });
  }
  updatePod(uid: string, patch: Partial<PodStatus>): void {
    const pod = this.podMap.get(uid)!;
    Object.assign(pod.status, patch);
    this.emit({ kind: 'pod-updated', pod });
  }
  deletePod(uid: string): void {
    const pod = this.podMap.get(uid)!;
    this.podMap.delete(uid);
    this.emit({ kind: 'pod-deleted', pod });
  }
  addNode(node: Node): void {
    this.nodeMap.set(node.name, node);
    this.emit({ kind: 'node-added', node });
  }
  updateNode(name: string, patch: Partial<Node>): void {
    const node = this.nodeMap.get(name)!;
    Object.assign(node, patch);
    this.emit({ kind: 'node-updated', node });
  }
  deleteNode(name: string): void {
    const node = this.nodeMap.get(name)!;
    this.nodeMap.delete(name);
    this.emit({ kind: 'node-deleted', node });
  }
}

export function makePod(uid: string, createdAt: number, requests: Partial<Resources> = {}, owner?: Pod['owner']): Pod {
  return {
    uid,
    name: uid,
    namespace: 'default',
    labels: {},
    annotations: {},
    ...(owner ? { owner } : {}),
    requests: resources(requests),
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    createdAt,
    status: { phase: 'Pending', unschedulable: false },
  };
}

export function makeNode(
  name: string,
  instanceId: string,
  createdAt: number,
  opts: { cpuMillis?: number; memoryMiB?: number; allocCpuMillis?: number; allocMemoryMiB?: number; capacityType?: string; instanceType?: string } = {},
): Node {
  const cpu = opts.cpuMillis ?? 2000;
  const mem = opts.memoryMiB ?? 8192;
  return {
    name,
    labels: {
      [LabelKeys.instanceType]: opts.instanceType ?? 'm5.large',
      [LabelKeys.zone]: 'us-east-1a',
      [LabelKeys.capacityType]: opts.capacityType ?? 'on-demand',
    },
    taints: [],
    annotations: {},
    capacity: resources({ cpuMillis: cpu, memoryMiB: mem, pods: 29 }),
    allocatable: resources({ cpuMillis: opts.allocCpuMillis ?? cpu, memoryMiB: opts.allocMemoryMiB ?? mem, pods: 29 }),
    providerID: `aws:///us-east-1a/${instanceId}`,
    ready: false,
    unschedulable: false,
    createdAt,
  };
}
