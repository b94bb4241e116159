import type { InstanceType, Offering } from '../model/index.js';

/**
 * The fluid cost lower bound (`costLowerBoundUsd` in summary.json).
 *
 * Imagine capacity could be bought in any fraction, at the cheapest rate the catalog offers for each
 * resource, with no boot delay, no bin-packing loss, no DaemonSet overhead and no billing minimum.
 * For every offering the policy could use (instance type × zone × capacity type), take its price per
 * allocatable vCPU, per allocatable GiB of memory and per GPU; the unit prices are the minima over those
 * offerings:
 *
 *     perVcpuHour = min over offerings of price / allocatable vCPU
 *     perGiBHour  = min over offerings of price / allocatable GiB
 *     perGpuHour  = min over offerings with GPUs of price / GPUs
 *
 * At every instant t, with the workload's requested resources D(t) (every workload pod that exists and
 * has not finished, pending or running; DaemonSet pods excluded), the bound's rate is the price of the
 * binding resource:
 *
 *     rate(t) = max(D.cpu × perVcpuHour, D.memory × perGiBHour, D.gpus × perGpuHour)   [USD/h]
 *
 * and costLowerBoundUsd = ∫ rate(t) dt over the horizon. It is a true lower bound of any policy's cost:
 * a node of price p with allocatable (c, m) hosts at most c vCPU and m GiB of requests, and
 * p = c × (p/c) ≥ (hosted cpu) × perVcpuHour (likewise for memory and GPUs), so the fleet's cost rate is
 * at least each resource's requested amount times its cheapest unit price, hence at least their maximum.
 * Using allocatable rather than raw capacity keeps it valid and makes it tighter. When no allowed type has
 * GPUs, perGpuHour is 0 and GPU demand does not raise the bound. `efficiency` in the report is
 * cost.totalUsd / costLowerBoundUsd (≥ 1; 1 is unattainable in practice).
 */
export interface UnitPrices {
  readonly perVcpuHour: number;
  readonly perGiBHour: number;
  readonly perGpuHour: number;
}

/** Unit prices over every offering of `types` that passes `filter` (default: all offerings, available or not). */
export function unitPricesFromInstanceTypes(
  types: readonly InstanceType[],
  filter: (type: InstanceType, offering: Offering) => boolean = () => true,
): UnitPrices {
  let perVcpu = Infinity;
  let perGiB = Infinity;
  let perGpu = Infinity;
  for (const it of types) {
    const vcpu = it.allocatable.cpuMillis / 1000;
    const gib = it.allocatable.memoryMiB / 1024;
    const gpus = it.allocatable.gpus > 0 ? it.allocatable.gpus : (it.gpu?.count ?? 0);
    for (const o of it.offerings) {
      if (!filter(it, o) || !(o.pricePerHour >= 0)) continue;
      if (vcpu > 0) perVcpu = Math.min(perVcpu, o.pricePerHour / vcpu);
      if (gib > 0) perGiB = Math.min(perGiB, o.pricePerHour / gib);
      if (gpus > 0) perGpu = Math.min(perGpu, o.pricePerHour / gpus);
    }
  }
  const finite = (x: number): number => (Number.isFinite(x) ? x : 0);
  return { perVcpuHour: finite(perVcpu), perGiBHour: finite(perGiB), perGpuHour: finite(perGpu) };
}

/** The bound's rate in USD per hour for a demand. */
export function lowerBoundRatePerHour(prices: UnitPrices, cpuMillis: number, memoryMiB: number, gpus: number): number {
  return Math.max(
    (cpuMillis / 1000) * prices.perVcpuHour,
    (memoryMiB / 1024) * prices.perGiBHour,
    gpus > 0 ? gpus * prices.perGpuHour : 0,
    0,
  );
}

/** A demand step: from `at` until the next point (or the horizon), the workload requests these resources. */
export interface DemandPoint {
  readonly at: number;
  readonly cpuMillis: number;
  readonly memoryMiB: number;
  readonly gpus: number;
}

/** ∫ rate dt over [first point, horizon] for a step timeline sorted by time (USD). */
export function lowerBoundUsd(prices: UnitPrices, timeline: readonly DemandPoint[], horizonSeconds: number): number {
  const integrator = new LowerBoundIntegrator(prices);
  for (const p of timeline) {
    if (p.at > horizonSeconds) break;
    integrator.set(p.at, p.cpuMillis, p.memoryMiB, p.gpus);
  }
  integrator.advance(horizonSeconds);
  return integrator.totalUsd;
}

/** Incremental form used by the recorder: call `set` whenever demand changes, `advance` at the end. */
export class LowerBoundIntegrator {
  private last: number | undefined;
  private ratePerSecond = 0;
  private total = 0;

  constructor(private readonly prices: UnitPrices) {}

  get totalUsd(): number {
    return this.total;
  }

  advance(at: number): void {
    if (this.last !== undefined && at > this.last) this.total += this.ratePerSecond * (at - this.last);
    if (this.last === undefined || at > this.last) this.last = at;
  }

  set(at: number, cpuMillis: number, memoryMiB: number, gpus: number): void {
    this.advance(at);
    this.ratePerSecond = lowerBoundRatePerHour(this.prices, cpuMillis, memoryMiB, gpus) / 3600;
  }
}
