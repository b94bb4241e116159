import { add, fits, type Resources } from '../../../model/index.js';

/** fits(a + b, cap) without allocating in the common case (no extended resources). */
export function fitsSum(a: Resources, b: Resources, cap: Resources): boolean {
  if (a.extended || b.extended) return fits(add(a, b), cap);
  return (
    a.cpuMillis + b.cpuMillis <= cap.cpuMillis &&
    a.memoryMiB + b.memoryMiB <= cap.memoryMiB &&
    a.pods + b.pods <= cap.pods &&
    a.gpus + b.gpus <= cap.gpus &&
    (a.ephemeralMiB + b.ephemeralMiB <= cap.ephemeralMiB || a.ephemeralMiB + b.ephemeralMiB === 0)
  );
}

/** Component-wise maximum (extended resources included). */
export function maxInto(best: Resources, r: Resources): Resources {
  if (
    r.cpuMillis <= best.cpuMillis &&
    r.memoryMiB <= best.memoryMiB &&
    r.gpus <= best.gpus &&
    r.pods <= best.pods &&
    r.ephemeralMiB <= best.ephemeralMiB &&
    !r.extended
  ) {
    return best;
  }
  let extended: Record<string, number> | undefined;
  if (best.extended || r.extended) {
    extended = { ...(best.extended ?? {}) };
    for (const [k, v] of Object.entries(r.extended ?? {})) if (v > (extended[k] ?? 0)) extended[k] = v;
  }
  return {
    cpuMillis: Math.max(best.cpuMillis, r.cpuMillis),
    memoryMiB: Math.max(best.memoryMiB, r.memoryMiB),
    gpus: Math.max(best.gpus, r.gpus),
    pods: Math.max(best.pods, r.pods),
    ephemeralMiB: Math.max(best.ephemeralMiB, r.ephemeralMiB),
    ...(extended ? { extended } : {}),
  };
}
