import type { Kubelet } from '../../model/index.js';
import { readKarpenterDuration } from './duration.js';
import { EVICTION_SIGNALS, readEviction, readReserved } from './resources.js';
import { isObj, type Path, type Reader } from './reader.js';

/** Kubelet settings that change a node's pod slots or allocatable resources, and so the simulation. */
const SIMULATED = ['maxPods', 'podsPerCore', 'systemReserved', 'kubeReserved', 'evictionHard'] as const;
/** Accepted and recorded (they change the node's hash, hence drift), without other effect. */
const RECORDED = [
  'clusterDNS',
  'evictionSoft',
  'evictionSoftGracePeriod',
  'evictionMaxPodGracePeriod',
  'imageGCHighThresholdPercent',
  'imageGCLowThresholdPercent',
  'cpuCFSQuota',
] as const;
export const KUBELET_FIELDS: readonly string[] = [...SIMULATED, ...RECORDED];

export interface KubeletRead {
  readonly kubelet: Kubelet;
  /** The recorded (non-simulated) fields as written. */
  readonly recorded: Readonly<Record<string, unknown>>;
}

/**
 * EC2NodeClass `spec.kubelet` (v1), NodePool `spec.template.spec.kubelet` (v1beta1) or Provisioner
 * `spec.kubeletConfiguration` (v1alpha5; `extraFields` adds its `containerRuntime`).
 */
export function readKubelet(r: Reader, value: unknown, path: Path, extraFields: readonly string[] = []): KubeletRead | undefined {
  const obj = r.object(value, path, [...KUBELET_FIELDS, ...extraFields]);
  if (!obj) return undefined;
  const kubelet: { -readonly [K in keyof Kubelet]?: Kubelet[K] } = {};
  if (obj.maxPods !== undefined) kubelet.maxPods = r.int(obj.maxPods, [...path, 'maxPods'], { min: 0 });
  if (obj.podsPerCore !== undefined) kubelet.podsPerCore = r.int(obj.podsPerCore, [...path, 'podsPerCore'], { min: 0 });
  if (obj.systemReserved !== undefined) kubelet.systemReserved = readReserved(r, obj.systemReserved, [...path, 'systemReserved']);
  if (obj.kubeReserved !== undefined) kubelet.kubeReserved = readReserved(r, obj.kubeReserved, [...path, 'kubeReserved']);
  if (obj.evictionHard !== undefined) {
    const memory = readEviction(r, obj.evictionHard, [...path, 'evictionHard'])?.memory;
    if (memory && 'percent' in memory) kubelet.evictionHardMemoryPercent = memory.percent;
    else if (memory) kubelet.evictionHardMemoryMiB = memory.memoryMiB;
  }
  const recorded: Record<string, unknown> = {};
  for (const key of [...RECORDED, ...extraFields]) if (obj[key] !== undefined) recorded[key] = obj[key];
  checkRecorded(r, obj, path);
  for (const k of Object.keys(kubelet) as (keyof Kubelet)[]) if (kubelet[k] === undefined) delete kubelet[k];
  return { kubelet, recorded };
}

/** Light checks of the recorded fields, mirroring the CRD's rules. */
function checkRecorded(r: Reader, obj: Readonly<Record<string, unknown>>, path: Path): void {
  if (obj.evictionSoft !== undefined) readEviction(r, obj.evictionSoft, [...path, 'evictionSoft']);
  if (obj.evictionSoftGracePeriod !== undefined) {
    const grace = r.object(obj.evictionSoftGracePeriod, [...path, 'evictionSoftGracePeriod'], EVICTION_SIGNALS);
    for (const [k, v] of Object.entries(grace ?? {})) readKarpenterDuration(r, v, [...path, 'evictionSoftGracePeriod', k], false);
    const soft = isObj(obj.evictionSoft) ? Object.keys(obj.evictionSoft) : [];
    const graceKeys = grace ? Object.keys(grace) : [];
    for (const k of soft) if (!graceKeys.includes(k)) r.problem([...path, 'evictionSoft', k], `evictionSoft "${k}" has no matching evictionSoftGracePeriod`);
    for (const k of graceKeys) if (!soft.includes(k)) r.problem([...path, 'evictionSoftGracePeriod', k], `evictionSoftGracePeriod "${k}" has no matching evictionSoft`);
  }
  if (obj.evictionMaxPodGracePeriod !== undefined) r.int(obj.evictionMaxPodGracePeriod, [...path, 'evictionMaxPodGracePeriod']);
  const high = obj.imageGCHighThresholdPercent === undefined ? undefined : r.int(obj.imageGCHighThresholdPercent, [...path, 'imageGCHighThresholdPercent'], { min: 0, max: 100 });
  const low = obj.imageGCLowThresholdPercent === undefined ? undefined : r.int(obj.imageGCLowThresholdPercent, [...path, 'imageGCLowThresholdPercent'], { min: 0, max: 100 });
  if (high !== undefined && low !== undefined && high <= low) {
    r.problem([...path, 'imageGCHighThresholdPercent'], `imageGCHighThresholdPercent (${high}) must be greater than imageGCLowThresholdPercent (${low})`);
  }
  if (obj.cpuCFSQuota !== undefined) r.bool(obj.cpuCFSQuota, [...path, 'cpuCFSQuota']);
  if (obj.clusterDNS !== undefined) r.stringList(obj.clusterDNS, [...path, 'clusterDNS']);
}
