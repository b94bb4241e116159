import type { PodDisruptionBudget } from '../../model/index.js';

/**
 * PodDisruptionBudget arithmetic as the disruption controller computes it (pure functions).
 *
 * - `expected` is the number of pods the budget is about (the controllers' desired replicas);
 *   `healthy` the matching pods that are Running and not being deleted.
 * - minAvailable: an integer is used as is; a percentage is of `expected`, rounded up.
 * - maxUnavailable: an integer or a percentage of `expected` (rounded up); desired healthy =
 *   expected − maxUnavailable, at least 0.
 * - disruptionsAllowed = max(0, healthy − desiredHealthy).
 */
export function parseIntOrPercent(value: number | string, of: number, what: string): number {
  if (typeof value === 'number') {
    if (!Number.isInteger(value) || value < 0) throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
    return value;
  }
  const m = /^(\d+)%$/.exec(value.trim());
  if (!m) {
    if (/^\d+$/.test(value.trim())) return Number(value.trim());
    throw new RangeError(`${what} must be an integer or a percentage like "50%", got "${value}"`);
  }
  return Math.ceil((Number(m[1]) * of) / 100);
}

export function desiredHealthy(pdb: PodDisruptionBudget, expected: number): number {
  if (pdb.minAvailable !== undefined) return parseIntOrPercent(pdb.minAvailable, expected, `PDB ${pdb.name} minAvailable`);
  if (pdb.maxUnavailable !== undefined) {
    const maxUnavailable = parseIntOrPercent(pdb.maxUnavailable, expected, `PDB ${pdb.name} maxUnavailable`);
    return Math.max(0, expected - maxUnavailable);
  }
  // Neither set: the API rejects such a PDB; treat it as "no disruption limit".
  return 0;
}

/** Does the budget need the controllers' desired scale (percentages, maxUnavailable), or only pod counts? */
export function needsExpectedScale(pdb: PodDisruptionBudget): boolean {
  return pdb.maxUnavailable !== undefined || typeof pdb.minAvailable === 'string';
}

export function disruptionsAllowed(pdb: PodDisruptionBudget, healthy: number, expected: number): number {
  return Math.max(0, healthy - desiredHealthy(pdb, expected));
}
