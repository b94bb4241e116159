import type { Kubelet, Resources } from '../model/index.js';
import type { InstanceSpec } from './spec.js';

/**
 * Capacity and allocatable exactly as Karpenter's AWS provider computes them before it learns a node's real
 * capacity (aws `pkg/providers/instancetype/types.go`, defaults of `pkg/operator/options`):
 * - memory = instance MiB (− 64 MiB on arm64) − ceil(7.5 %) VM overhead;
 * - pods = kubelet maxPods if set, else the ENI-limited count; podsPerCore caps it;
 * - kube-reserved: memory 11 × pods + 255 MiB, CPU 6 % of core 1 + 1 % of core 2 + 0.5 % of cores 3–4 +
 *   0.25 % of each further core (each range truncated to whole millicores), ephemeral 1 GiB; a kubelet
 *   kubeReserved value replaces the computed one resource by resource;
 * - eviction-hard: memory 100 MiB, nodefs 10 % of the root volume; system-reserved none by default;
 * - allocatable = capacity − kube-reserved − system-reserved − eviction threshold.
 */
export const VM_MEMORY_OVERHEAD_PERCENT = 7.5;
export const ARM64_MEMORY_HOLE_MIB = 64;
export const EVICTION_HARD_MEMORY_MIB = 100;
export const EVICTION_HARD_NODEFS_PERCENT = 10;
export const KUBE_RESERVED_EPHEMERAL_MIB = 1024;
/** AL2023/AL2 default root volume. */
export const DEFAULT_ROOT_VOLUME_GIB = 20;

const CPU_RESERVED_RANGES: readonly (readonly [number, number, number])[] = [
  [0, 1000, 0.06],
  [1000, 2000, 0.01],
  [2000, 4000, 0.005],
  [4000, Number.MAX_SAFE_INTEGER, 0.0025],
];

export function kubeReservedCpuMillis(cpuMillis: number): number {
  let reserved = 0;
  for (const [start, end, fraction] of CPU_RESERVED_RANGES) {
    if (cpuMillis <= start) break;
    reserved += Math.trunc((Math.min(cpuMillis, end) - start) * fraction);
  }
  return reserved;
}

export function kubeReservedMemoryMiB(pods: number): number {
  return 11 * pods + 255;
}

export function memoryCapacityMiB(spec: Pick<InstanceSpec, 'memoryMiB' | 'arch'>): number {
  const m = spec.memoryMiB - (spec.arch === 'arm64' ? ARM64_MEMORY_HOLE_MIB : 0);
  return m - Math.ceil((m * VM_MEMORY_OVERHEAD_PERCENT) / 100);
}

export function maxPods(spec: Pick<InstanceSpec, 'eniMaxPods' | 'vcpu'>, kubelet: Kubelet = {}): number {
  let pods = kubelet.maxPods ?? spec.eniMaxPods;
  if (kubelet.podsPerCore !== undefined && kubelet.podsPerCore > 0) pods = Math.min(pods, kubelet.podsPerCore * spec.vcpu);
  return pods;
}

/** Extended resources a node of this type advertises (AMD GPUs and AWS Neuron devices). */
function extendedOf(spec: InstanceSpec): Record<string, number> | undefined {
  const ext: Record<string, number> = {};
  if (spec.gpuCount > 0 && spec.gpuManufacturer === 'amd') ext['amd.com/gpu'] = spec.gpuCount;
  if (spec.neuronDevices > 0) ext['aws.amazon.com/neuron'] = spec.neuronDevices;
  return Object.keys(ext).length > 0 ? ext : undefined;
}

export function capacityOf(spec: InstanceSpec, kubelet: Kubelet = {}, rootVolumeGiB = DEFAULT_ROOT_VOLUME_GIB): Resources {
  const extended = extendedOf(spec);
  return {
    cpuMillis: spec.vcpu * 1000,
    memoryMiB: memoryCapacityMiB(spec),
    gpus: spec.gpuManufacturer === 'nvidia' ? spec.gpuCount : 0,
    pods: maxPods(spec, kubelet),
    ephemeralMiB: rootVolumeGiB * 1024,
    ...(extended ? { extended } : {}),
  };
}

/** Everything taken off capacity: kube-reserved + system-reserved + eviction thresholds. */
export function overheadOf(capacity: Resources, kubelet: Kubelet = {}): Resources {
  const kr = kubelet.kubeReserved ?? {};
  const sr = kubelet.systemReserved ?? {};
  const kubeCpu = kr.cpuMillis ?? kubeReservedCpuMillis(capacity.cpuMillis);
  const kubeMem = kr.memoryMiB ?? kubeReservedMemoryMiB(capacity.pods);
  const kubeEph = kr.ephemeralMiB ?? KUBE_RESERVED_EPHEMERAL_MIB;
  const evictMem = kubelet.evictionHardMemoryMiB ?? EVICTION_HARD_MEMORY_MIB;
  const evictEph = Math.ceil((capacity.ephemeralMiB * EVICTION_HARD_NODEFS_PERCENT) / 100);
  return {
    cpuMillis: kubeCpu + (sr.cpuMillis ?? 0),
    memoryMiB: kubeMem + (sr.memoryMiB ?? 0) + evictMem,
    gpus: 0,
    pods: 0,
    ephemeralMiB: kubeEph + (sr.ephemeralMiB ?? 0) + evictEph,
  };
}

export function allocatableOf(capacity: Resources, kubelet: Kubelet = {}): Resources {
  const o = overheadOf(capacity, kubelet);
  return {
    cpuMillis: Math.max(0, capacity.cpuMillis - o.cpuMillis),
    memoryMiB: Math.max(0, capacity.memoryMiB - o.memoryMiB),
    gpus: capacity.gpus,
    pods: capacity.pods,
    ephemeralMiB: Math.max(0, capacity.ephemeralMiB - o.ephemeralMiB),
    ...(capacity.extended ? { extended: capacity.extended } : {}),
  };
}
