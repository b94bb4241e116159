/**
 * PodDisruptionBudget arithmetic as Kubernetes' disruption controller and Eviction API do it:
 * desiredHealthy = minAvailable (an integer, or a percentage of the expected pods rounded UP), or
 * expected − maxUnavailable (a percentage also rounded UP); disruptionsAllowed = max(0, currentHealthy −
 * desiredHealthy). Healthy = Running and not terminating (the simulation's stand-in for Ready).
 *
 * Expected pods: Kubernetes uses the scale of the owning controllers for percentages and for
 * maxUnavailable; here, unless the caller passes `expectedPods`, it is the number of selected pods that
 * are not terminal (Succeeded/Failed) — the replicas a controller would be keeping.
 */
import type { Pod, PodDisruptionBudget } from '../model/index.js';
import { selectorMatches } from './requirements.js';

export interface PdbStatus {
  readonly expectedPods: number;
  readonly currentHealthy: number;
  readonly desiredHealthy: number;
  readonly disruptionsAllowed: number;
}

/** An int-or-percent value ("50%" or 3) scaled against `total`, percentages rounded up. */
export function scaledIntOrPercent(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  // Kubernetes accepts only whole percentages (intstr.GetScaledValueFromIntOrPercent).
  const m = /^\s*(\d+)%\s*$/.exec(value);
  if (m) return Math.ceil((Number(m[1]) * total) / 100);
  if (/^\s*\d+\s*$/.test(value)) return Number(value);
  throw new Error(`invalid int-or-percent value "${value}" (expected an integer or a percentage such as "50%")`);
}

/** Does the PDB select the pod (same namespace, selector matches; an empty selector selects all)? */
export function pdbSelects(pdb: PodDisruptionBudget, pod: Pick<Pod, 'namespace' | 'labels'>): boolean {
  return pod.namespace === pdb.namespace && selectorMatches(pdb.selector, pod.labels);
}

export function isHealthy(pod: Pod): boolean {
  return pod.status.phase === 'Running' && pod.status.deletionAt === undefined;
}

/** The PDB's status over `pods` (any pods; those it does not select are ignored). */
export function pdbStatus(pdb: PodDisruptionBudget, pods: readonly Pod[], expectedPods?: number): PdbStatus {
  let expected = 0;
  let healthy = 0;
  for (const p of pods) {
    if (!pdbSelects(pdb, p)) continue;
    if (p.status.phase !== 'Succeeded' && p.status.phase !== 'Failed') expected++;
    if (isHealthy(p)) healthy++;
  }
  if (expectedPods !== undefined) expected = expectedPods;
  let desired: number;
  if (pdb.maxUnavailable !== undefined) desired = Math.max(0, expected - scaledIntOrPercent(pdb.maxUnavailable, expected));
  else if (pdb.minAvailable !== undefined) desired = scaledIntOrPercent(pdb.minAvailable, expected);
  else desired = 0;
  return { expectedPods: expected, currentHealthy: healthy, desiredHealthy: desired, disruptionsAllowed: Math.max(0, healthy - desired) };
}

/** How many of the PDB's pods may be evicted now. */
export function disruptionsAllowed(pdb: PodDisruptionBudget, pods: readonly Pod[], expectedPods?: number): number {
  return pdbStatus(pdb, pods, expectedPods).disruptionsAllowed;
}

/**
 * The PDB that forbids evicting `pod` now, or undefined. As in the Eviction API, pods that are Pending,
 * terminal or already terminating are never blocked; otherwise any selecting PDB with no disruption
 * allowed blocks. (The real API also refuses pods selected by more than one PDB; we do not.)
 */
export function blockingPdb(pod: Pod, pdbs: readonly PodDisruptionBudget[], pods: readonly Pod[]): PodDisruptionBudget | undefined {
  if (pod.status.phase !== 'Running' || pod.status.deletionAt !== undefined) return undefined;
  for (const pdb of pdbs) {
    if (pdbSelects(pdb, pod) && disruptionsAllowed(pdb, pods) <= 0) return pdb;
  }
  return undefined;
}
