/**
 * How a node's price is split between the pods on it (OpenCost's allocation model).
 *
 * A node's hourly price is divided among its resources in proportion to fixed relative weights per
 * unit: OpenCost's default prices (configs/default.json: CPU 0.031611 $/vCPU-h, RAM 0.004237 $/GiB-h,
 * GPU 0.95 $/GPU-h), i.e. one vCPU weighs as much as ≈ 7.46 GiB of memory. On a node with capacity
 * (c vCPU, m GiB, g GPUs) and price p:
 *
 *     scale        = p / (c × wCpu + m × wGiB + g × wGpu)
 *     price of one requested vCPU on that node = scale × wCpu   (likewise GiB and GPU)
 *
 * At every instant, workload cost accrues at Σ (requests of the workload pods bound to the node) × those
 * unit prices, DaemonSet cost at the same for DaemonSet pods, and the rest of the node's billed cost
 * (unrequested capacity, reserved overhead, time before registration or after the last pod, and the
 * 60 s billing minimum) is idle. The split uses capacity (not allocatable), as OpenCost does, so system
 * reservations count as idle.
 */
export interface CostWeights {
  readonly perVcpu: number;
  readonly perGiB: number;
  readonly perGpu: number;
}

export const OPENCOST_DEFAULT_WEIGHTS: CostWeights = { perVcpu: 0.031611, perGiB: 0.004237, perGpu: 0.95 };

/** Fraction of a node's price taken by the given requests (0..1). */
export function requestShare(
  weights: CostWeights,
  capacity: { cpuMillis: number; memoryMiB: number; gpus: number },
  cpuMillis: number,
  memoryMiB: number,
  gpus: number,
): number {
  const whole =
    (capacity.cpuMillis / 1000) * weights.perVcpu + (capacity.memoryMiB / 1024) * weights.perGiB + capacity.gpus * weights.perGpu;
  if (!(whole > 0)) return 0;
  const part = (cpuMillis / 1000) * weights.perVcpu + (memoryMiB / 1024) * weights.perGiB + gpus * weights.perGpu;
  return Math.min(1, Math.max(0, part / whole));
}

/** Billed seconds of an instance: per-second billing, rounded up to whole seconds, with a 60 s minimum. */
export { billedSeconds } from '../model/billing.js';
