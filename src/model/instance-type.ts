import type { Labels } from './labels.js';
import type { CapacityType } from './node.js';
import type { Resources } from './resources.js';

/** Where and how an instance type can be bought: one (zone, capacity type) pool with its price. */
export interface Offering {
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly pricePerHour: number;
  /** False while the pool is known to be out of capacity. */
  available: boolean;
}

export interface GpuSpec {
  readonly count: number;
  readonly name: string;
  readonly manufacturer: string;
  readonly memoryMiB: number;
}

export type InterruptionBucket = '<5%' | '5-10%' | '10-15%' | '15-20%' | '>20%';

/** An EC2 instance type as the engine sees it. */
export interface InstanceType {
  readonly name: string;
  readonly family: string;
  readonly category: string;
  readonly generation: number;
  readonly size: string;
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly arch: 'amd64' | 'arm64';
  readonly gpu?: GpuSpec;
  readonly networkBandwidthMbps: number;
  readonly bareMetal: boolean;
  /** ENI-limited pods (default network card), before kubelet maxPods/podsPerCore overrides. */
  readonly eniMaxPods: number;
  /** Well-known labels a node of this type carries (instance-type, arch, os, karpenter.k8s.aws/*). */
  readonly labels: Labels;
  /** Raw capacity (cpu = vCPU, memory = instance memory less VM overhead, pods). */
  readonly capacity: Resources;
  /** Capacity minus kube-reserved, system-reserved and eviction threshold under default kubelet settings. */
  readonly allocatable: Resources;
  readonly offerings: readonly Offering[];
  readonly onDemandPricePerHour: number;
  readonly spotSavingsPercent?: number;
  readonly interruptionBucket?: InterruptionBucket;
}

export function cheapestOffering(it: InstanceType, filter: (o: Offering) => boolean = () => true): Offering | undefined {
  let best: Offering | undefined;
  for (const o of it.offerings) {
    if (!o.available || !filter(o)) continue;
    if (!best || o.pricePerHour < best.pricePerHour) best = o;
  }
  return best;
}
