import { add, max, resources, type OwnerRef, type Pod, type PodPhase, type PodSpec, type Resources } from '../../../model/index.js';
import { FleetsimAnnotations } from '../constants.js';
import { fromQuantities, toQuantities } from './quantities.js';
import {
  affinityFromKube,
  affinityToKube,
  spreadFromKube,
  spreadToKube,
  tolerationFromKube,
  tolerationToKube,
} from './scheduling-fields.js';
import { fromTimestamp, toTimestamp, type TimeBase } from './time.js';
import type { KubeCondition, KubeContainer, KubeObjectMeta, KubeOwnerReference, KubePod, KubePodSpec, KubePodTemplate } from './types.js';
import { stableUid } from './uid.js';

/** The image served pods claim to run (they run nothing; the simulation decides their life). */
export const SERVED_POD_IMAGE = 'registry.k8s.io/pause:3.9';

const PHASES = new Set(['Pending', 'Running', 'Succeeded', 'Failed']);

/** The API group/version of an owner kind, for ownerReferences. */
export function ownerApiVersion(kind: string): string {
  if (kind === 'ReplicaSet' || kind === 'Deployment' || kind === 'DaemonSet' || kind === 'StatefulSet') return 'apps/v1';
  if (kind === 'Job' || kind === 'CronJob') return 'batch/v1';
  if (kind === 'NodeClaim') return 'fleetsim.io/v1alpha1';
  return 'v1';
}

function ownerToKube(namespace: string, owner: OwnerRef): KubeOwnerReference {
  return {
    apiVersion: ownerApiVersion(owner.kind),
    kind: owner.kind,
    name: owner.name,
    uid: stableUid(`${owner.kind}/${namespace}/${owner.name}`),
    controller: true,
    blockOwnerDeletion: true,
  };
}

/** The controlling owner (or the first owner) of an object. */
export function ownerFromKube(meta: KubeObjectMeta): OwnerRef | undefined {
  const refs = meta.ownerReferences ?? [];
  const ref = refs.find((r) => r.controller) ?? refs[0];
  return ref ? { kind: ref.kind, name: ref.name } : undefined;
}

/** The pod-spec part of a model pod as Kubernetes JSON (one container carrying all requests). */
export function podSpecToKube(spec: Omit<PodSpec, 'namespace'>): KubePodSpec {
  const requests = toQuantities(spec.requests);
  const container: KubeContainer = { name: 'main', image: SERVED_POD_IMAGE, resources: { requests } };
  if (spec.hostPorts.length > 0) container.ports = spec.hostPorts.map((p) => ({ containerPort: p, hostPort: p, protocol: 'TCP' }));
  const out: KubePodSpec = {
    containers: [container],
    restartPolicy: spec.owner?.kind === 'Job' ? 'Never' : 'Always',
    schedulerName: 'default-scheduler',
    priority: spec.priority,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds,
  };
  if (Object.keys(spec.nodeSelector).length > 0) out.nodeSelector = { ...spec.nodeSelector };
  const affinity = affinityToKube(spec.affinity);
  if (affinity && Object.keys(affinity).length > 0) out.affinity = affinity;
  if (spec.tolerations.length > 0) out.tolerations = spec.tolerations.map(tolerationToKube);
  if (spec.topologySpreadConstraints.length > 0) out.topologySpreadConstraints = spec.topologySpreadConstraints.map(spreadToKube);
  if (spec.priorityClassName !== undefined) out.priorityClassName = spec.priorityClassName;
  if (spec.localStorage) out.volumes = [{ name: 'local', emptyDir: {} }];
  return out;
}

function podConditions(pod: Pod, base: TimeBase): KubeCondition[] {
  const s = pod.status;
  const at = (t: number | undefined): string | undefined => (t === undefined ? undefined : toTimestamp(t, base));
  const out: KubeCondition[] = [];
  if (s.nodeName !== undefined) out.push({ type: 'PodScheduled', status: 'True', lastTransitionTime: at(s.boundAt ?? pod.createdAt) });
  else if (s.unschedulable) {
    out.push({
      type: 'PodScheduled',
      status: 'False',
      reason: 'Unschedulable',
      message: 'no node can run this pod now',
      lastTransitionTime: at(s.unschedulableSince ?? pod.createdAt),
    });
  }
  if (s.phase === 'Running') out.push({ type: 'Ready', status: 'True', lastTransitionTime: at(s.startedAt) });
  else if (s.phase === 'Succeeded' || s.phase === 'Failed') {
    out.push({ type: 'Ready', status: 'False', reason: 'PodCompleted', lastTransitionTime: at(s.finishedAt) });
  }
  for (const c of out) if (c.lastTransitionTime === undefined) delete c.lastTransitionTime;
  return out;
}

/** A model pod as a Kubernetes Pod (without resourceVersion; the API server sets that). */
export function podToKube(pod: Pod, base: TimeBase): KubePod {
  const annotations: Record<string, string> = { ...pod.annotations };
  if (pod.status.nominatedNodeName !== undefined) annotations[FleetsimAnnotations.nominatedNode] = pod.status.nominatedNodeName;
  if (pod.durationSeconds !== undefined) annotations[FleetsimAnnotations.durationSeconds] = String(pod.durationSeconds);
  const metadata: KubeObjectMeta = {
    name: pod.name,
    namespace: pod.namespace,
    uid: stableUid(`Pod/${pod.uid}/${pod.createdAt}`),
    creationTimestamp: toTimestamp(pod.createdAt, base),
    labels: { ...pod.labels },
    annotations,
  };
  if (pod.owner) metadata.ownerReferences = [ownerToKube(pod.namespace, pod.owner)];
  if (pod.status.deletionAt !== undefined) {
    metadata.deletionTimestamp = toTimestamp(pod.status.deletionAt + pod.terminationGracePeriodSeconds, base);
    metadata.deletionGracePeriodSeconds = pod.terminationGracePeriodSeconds;
  }
  const spec = podSpecToKube(pod);
  if (pod.status.nodeName !== undefined) spec.nodeName = pod.status.nodeName;
  const status: KubePod['status'] = { phase: pod.status.phase, conditions: podConditions(pod, base), qosClass: 'Burstable' };
  if (pod.status.startedAt !== undefined) status.startTime = toTimestamp(pod.status.startedAt, base);
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status };
}

function sumRequests(containers: readonly KubeContainer[] | undefined): Resources {
  let total = resources();
  for (const c of containers ?? []) total = add(total, fromQuantities(c.resources?.requests));
  return total;
}

/** Effective pod requests as the scheduler sees them: max(sum of containers, each init container) + overhead. */
export function podRequests(spec: KubePodSpec): Resources {
  let effective = sumRequests(spec.containers);
  for (const c of spec.initContainers ?? []) effective = max(effective, fromQuantities(c.resources?.requests));
  return add(effective, fromQuantities(spec.overhead));
}

function usesLocalStorage(spec: KubePodSpec): boolean {
  return (spec.volumes ?? []).some((v) => v.hostPath !== undefined || (v.emptyDir !== undefined && v.emptyDir !== null && v.emptyDir.medium !== 'Memory'));
}

function hostPorts(spec: KubePodSpec): number[] {
  const ports = new Set<number>();
  for (const c of [...(spec.initContainers ?? []), ...spec.containers]) for (const p of c.ports ?? []) if (p.hostPort) ports.add(p.hostPort);
  return [...ports].sort((a, b) => a - b);
}

/** A pod (or pod template) as a model PodSpec in `namespace`; fleetsim's own annotations are lifted out. */
export function podSpecFromKube(pod: KubePod | KubePodTemplate, namespace: string): PodSpec {
  const meta = pod.metadata ?? {};
  const spec = pod.spec;
  const annotations = { ...(meta.annotations ?? {}) };
  const duration = annotations[FleetsimAnnotations.durationSeconds];
  delete annotations[FleetsimAnnotations.nominatedNode];
  delete annotations[FleetsimAnnotations.durationSeconds];
  const out: PodSpec = {
    namespace,
    labels: { ...(meta.labels ?? {}) },
    annotations,
    requests: podRequests(spec),
    nodeSelector: { ...(spec.nodeSelector ?? {}) },
    tolerations: (spec.tolerations ?? []).map(tolerationFromKube),
    topologySpreadConstraints: (spec.topologySpreadConstraints ?? []).map(spreadFromKube),
    hostPorts: hostPorts(spec),
    priority: spec.priority ?? 0,
    terminationGracePeriodSeconds: spec.terminationGracePeriodSeconds ?? 30,
  };
  const owner = ownerFromKube(meta);
  const affinity = affinityFromKube(spec.affinity);
  const extra: Partial<{ -readonly [K in keyof PodSpec]: PodSpec[K] }> = {};
  if (owner) extra.owner = owner;
  if (affinity) extra.affinity = affinity;
  if (spec.priorityClassName) extra.priorityClassName = spec.priorityClassName;
  if (usesLocalStorage(spec)) extra.localStorage = true;
  if (duration !== undefined && Number.isFinite(Number(duration))) extra.durationSeconds = Number(duration);
  return { ...out, ...extra };
}

function condition(pod: KubePod, type: string): KubeCondition | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** A Kubernetes Pod as a model pod. Its uid is `namespace/name` (client-go's cache key), as in the simulation. */
export function podFromKube(pod: KubePod, base: TimeBase): Pod {
  const meta = pod.metadata;
  const namespace = meta.namespace ?? 'default';
  const name = meta.name ?? '';
  const phase = (PHASES.has(pod.status?.phase ?? '') ? pod.status?.phase : 'Pending') as PodPhase;
  const scheduled = condition(pod, 'PodScheduled');
  const ready = condition(pod, 'Ready');
  const nodeName = pod.spec.nodeName || undefined;
  const status: Pod['status'] = { phase, unschedulable: false };
  if (nodeName !== undefined) {
    status.nodeName = nodeName;
    status.boundAt = fromTimestamp(scheduled?.status === 'True' ? scheduled.lastTransitionTime : undefined, base);
  } else if (scheduled?.status === 'False' && scheduled.reason === 'Unschedulable') {
    status.unschedulable = true;
    status.unschedulableSince = fromTimestamp(scheduled.lastTransitionTime, base);
  }
  const nominated = meta.annotations?.[FleetsimAnnotations.nominatedNode];
  if (nominated) status.nominatedNodeName = nominated;
  if (phase === 'Running') status.startedAt = fromTimestamp(ready?.status === 'True' ? ready.lastTransitionTime : pod.status?.startTime, base);
  if (phase === 'Succeeded' || phase === 'Failed') status.finishedAt = fromTimestamp(ready?.status === 'False' ? ready.lastTransitionTime : undefined, base);
  const deletion = fromTimestamp(meta.deletionTimestamp, base);
  if (deletion !== undefined) status.deletionAt = deletion - (meta.deletionGracePeriodSeconds ?? 0);
  for (const key of Object.keys(status) as (keyof Pod['status'])[]) if (status[key] === undefined) delete status[key];
  return {
    ...podSpecFromKube(pod, namespace),
    uid: `${namespace}/${name}`,
    name,
    createdAt: fromTimestamp(meta.creationTimestamp, base) ?? 0,
    status,
  };
}
