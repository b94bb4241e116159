import type { Node } from '../../../model/index.js';
import { SERVED_KUBELET_VERSION } from '../constants.js';
import { fromQuantities, toQuantities } from './quantities.js';
import { taintFromKube, taintToKube } from './scheduling-fields.js';
import { fromTimestamp, toTimestamp, type TimeBase } from './time.js';
import type { KubeCondition, KubeNode, KubeObjectMeta } from './types.js';
import { stableUid } from './uid.js';

/** A model node as a Kubernetes Node (without resourceVersion). */
export function nodeToKube(node: Node, base: TimeBase): KubeNode {
  const metadata: KubeObjectMeta = {
    name: node.name,
    uid: stableUid(`Node/${node.name}/${node.createdAt}`),
    creationTimestamp: toTimestamp(node.createdAt, base),
    labels: { ...node.labels },
    annotations: { ...node.annotations },
  };
  if (node.deletionAt !== undefined) metadata.deletionTimestamp = toTimestamp(node.deletionAt, base);
  const spec: NonNullable<KubeNode['spec']> = { providerID: node.providerID };
  if (node.unschedulable) spec.unschedulable = true;
  if (node.taints.length > 0) spec.taints = node.taints.map(taintToKube);
  const ready: KubeCondition = node.ready
    ? { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }
    : { type: 'Ready', status: 'False', reason: 'KubeletNotReady', message: 'kubelet is not ready' };
  const since = node.ready ? node.readyAt : undefined;
  ready.lastTransitionTime = toTimestamp(since ?? node.createdAt, base);
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata,
    spec,
    status: {
      capacity: toQuantities(node.capacity, true),
      allocatable: toQuantities(node.allocatable, true),
      conditions: [ready],
      nodeInfo: { kubeletVersion: SERVED_KUBELET_VERSION, operatingSystem: node.labels['kubernetes.io/os'] ?? 'linux', architecture: node.labels['kubernetes.io/arch'] ?? 'amd64' },
    },
  };
}

/** A Kubernetes Node as a model node. `readyAt` is the Ready condition's last transition while Ready. */
export function nodeFromKube(node: KubeNode, base: TimeBase): Node {
  const meta = node.metadata;
  const readyCondition = node.status?.conditions?.find((c) => c.type === 'Ready');
  const ready = readyCondition?.status === 'True';
  const out: Node = {
    name: meta.name ?? '',
    labels: { ...(meta.labels ?? {}) },
    taints: (node.spec?.taints ?? []).map(taintFromKube),
    annotations: { ...(meta.annotations ?? {}) },
    capacity: fromQuantities(node.status?.capacity),
    allocatable: fromQuantities(node.status?.allocatable ?? node.status?.capacity),
    providerID: node.spec?.providerID ?? '',
    ready,
    unschedulable: node.spec?.unschedulable === true,
    createdAt: fromTimestamp(meta.creationTimestamp, base) ?? 0,
  };
  const readyAt = ready ? fromTimestamp(readyCondition?.lastTransitionTime, base) : undefined;
  if (readyAt !== undefined) out.readyAt = readyAt;
  const deletionAt = fromTimestamp(meta.deletionTimestamp, base);
  if (deletionAt !== undefined) out.deletionAt = deletionAt;
  return out;
}
