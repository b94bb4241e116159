import type { Taint, TaintEffect, Toleration } from '../model/index.js';

/**
 * Kubernetes' Toleration.ToleratesTaint: the effect must match unless the toleration's effect is empty;
 * the key must match unless the toleration's key is empty (with operator Exists that tolerates every
 * taint); operator Exists ignores the value, Equal (the default) requires equal values (a missing value
 * counts as "").
 */
export function tolerationMatches(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== undefined && toleration.effect !== taint.effect) return false;
  const key = toleration.key ?? '';
  if (key !== '' && key !== taint.key) return false;
  const operator = toleration.operator ?? 'Equal';
  if (operator === 'Exists') return true;
  // (An empty key with Equal is rejected by API validation; like Kubernetes' code we then compare values only.)
  return (toleration.value ?? '') === (taint.value ?? '');
}

/** Does any of the tolerations tolerate the taint? */
export function toleratesTaint(tolerations: readonly Toleration[], taint: Taint): boolean {
  for (const t of tolerations) if (tolerationMatches(t, taint)) return true;
  return false;
}

export const FILTER_EFFECTS: readonly TaintEffect[] = ['NoSchedule', 'NoExecute'];

/**
 * The first taint with one of `effects` that no toleration tolerates (kube-scheduler's TaintToleration
 * filter considers NoSchedule and NoExecute; PreferNoSchedule only affects scoring).
 */
export function untoleratedTaint(
  tolerations: readonly Toleration[],
  taints: readonly Taint[],
  effects: readonly TaintEffect[] = FILTER_EFFECTS,
): Taint | undefined {
  for (const taint of taints) {
    if (!effects.includes(taint.effect)) continue;
    if (!toleratesTaint(tolerations, taint)) return taint;
  }
  return undefined;
}

/** Number of PreferNoSchedule taints not tolerated by a toleration with effect PreferNoSchedule or empty. */
export function intolerablePreferNoScheduleCount(tolerations: readonly Toleration[], taints: readonly Taint[]): number {
  const relevant = tolerations.filter((t) => t.effect === undefined || t.effect === 'PreferNoSchedule');
  let n = 0;
  for (const taint of taints) if (taint.effect === 'PreferNoSchedule' && !toleratesTaint(relevant, taint)) n++;
  return n;
}
