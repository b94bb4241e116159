import { LowerBoundIntegrator, type UnitPrices } from '../report/lower-bound.js';

/**
 * Cluster-wide counters, updated incrementally by the trackers, and their time integrals. Every mutation
 * must be preceded by `advance(now)` so that the integrals see piecewise-constant values.
 */
export class Aggregates {
  /** Workload pods that exist, are not bound and have not finished. */
  pendingPods = 0;
  /** Workload pods bound and in phase Running. */
  runningPods = 0;
  /** Over Node objects present in the cluster. */
  allocatableCpuMillis = 0;
  allocatableMemoryMiB = 0;
  /** Requests of every pod (DaemonSet pods included) bound to a present node. */
  requestedCpuMillis = 0;
  requestedMemoryMiB = 0;
  /** Running (launched, not terminated) instances. */
  instancesOnDemand = 0;
  instancesSpot = 0;
  peakInstances = 0;
  costPerHour = 0;
  /** Requests of every workload pod that exists and has not finished (the lower bound's demand). */
  demandCpuMillis = 0;
  demandMemoryMiB = 0;
  demandGpus = 0;

  // integrals
  requestedCpuMilliSeconds = 0;
  allocatableCpuMilliSeconds = 0;
  requestedMemoryMiBSeconds = 0;
  allocatableMemoryMiBSeconds = 0;
  instanceSeconds = 0;
  /** Cumulative billed cost: ∫ costPerHour dt plus minimum-billing top-ups added at termination. */
  cumulativeCostUsd = 0;

  private last: number;
  private readonly lowerBound: LowerBoundIntegrator;

  constructor(start: number, unitPrices: UnitPrices) {
    this.last = start;
    this.lowerBound = new LowerBoundIntegrator(unitPrices);
    this.lowerBound.set(start, 0, 0, 0);
  }

  get now(): number {
    return this.last;
  }

  get lowerBoundUsd(): number {
    return this.lowerBound.totalUsd;
  }

  get instances(): number {
    return this.instancesOnDemand + this.instancesSpot;
  }

  /** Integrate the current values up to `at` (ignored when `at` is not after the last update). */
  advance(at: number): void {
    const dt = at - this.last;
    if (!(dt > 0)) return;
    this.requestedCpuMilliSeconds += this.requestedCpuMillis * dt;
    this.allocatableCpuMilliSeconds += this.allocatableCpuMillis * dt;
    this.requestedMemoryMiBSeconds += this.requestedMemoryMiB * dt;
    this.allocatableMemoryMiBSeconds += this.allocatableMemoryMiB * dt;
    this.instanceSeconds += this.instances * dt;
    this.cumulativeCostUsd += (this.costPerHour / 3600) * dt;
    this.lowerBound.advance(at);
    this.last = at;
  }

  addDemand(cpuMillis: number, memoryMiB: number, gpus: number, sign: 1 | -1): void {
    this.demandCpuMillis += sign * cpuMillis;
    this.demandMemoryMiB += sign * memoryMiB;
    this.demandGpus += sign * gpus;
    this.lowerBound.set(this.last, this.demandCpuMillis, this.demandMemoryMiB, this.demandGpus);
  }

  addInstance(capacityType: string, pricePerHour: number, sign: 1 | -1): void {
    if (capacityType === 'spot') this.instancesSpot += sign;
    else this.instancesOnDemand += sign;
    this.costPerHour += sign * pricePerHour;
    if (this.instances === 0) this.costPerHour = 0; // no drift from float sums
    this.peakInstances = Math.max(this.peakInstances, this.instances);
  }
}
