import { isTerminal, type Pod, type PodDisruptionBudget } from '../../model/index.js';
import { isHealthy, pdbSelects, scaledIntOrPercent } from '../../scheduling/index.js';
import { podOwnerKey } from './cluster-store.js';

/** Desired replicas of a controller, by owner key; undefined when the owner is not a scalable controller. */
export type ScaleLookup = (ownerKey: string) => number | undefined;

/** Does the budget need the controllers' desired scale (percentages, maxUnavailable), or only pod counts? */
function needsExpectedScale(pdb: PodDisruptionBudget): boolean {
  return pdb.maxUnavailable !== undefined || typeof pdb.minAvailable === 'string';
}

/** What a member pod adds to its budget's counts: 0 terminal, 1 expected (not terminal), 2 expected and healthy. */
type MemberClass = 0 | 1 | 2;

function classify(pod: Pod): MemberClass {
  if (isTerminal(pod)) return 0;
  return isHealthy(pod) ? 2 : 1;
}

interface Budget {
  readonly pdb: PodDisruptionBudget;
  /** Selected pods and the class each was counted in. */
  readonly members: Map<string, { readonly pod: Pod; cls: MemberClass }>;
  readonly needsScale: boolean;
  /** Selected pods that are not terminal, and of those the healthy ones (Running, not terminating). */
  expected: number;
  healthy: number;
  /** Not-terminal selected pods without an owner, and per owner key those with one. */
  bare: number;
  readonly byOwner: Map<string, number>;
  /** disruptionsAllowed as of the last change to a member or to the controllers' scale; undefined when stale. */
  allowed: number | undefined;
}

/**
 * The PodDisruptionBudgets and, for each, the pods it selects (kept up to date as pods come and go; pod
 * labels never change), answering the Eviction API's question: would evicting this pod now violate a budget?
 * The arithmetic is the scheduling library's (`pdbStatus`: desiredHealthy from minAvailable or
 * maxUnavailable, percentages rounded up; allowed = max(0, healthy − desired)), over counts kept as the
 * members change (every status change is announced, and this listener hears it first) instead of a scan
 * of the members per change. The expected pod count for percentages and maxUnavailable is the desired
 * replicas of the owning Deployments (as the disruption controller takes it from the controllers' scale),
 * other selected pods counting one each.
 */
export class DisruptionBudgets {
  private readonly budgets: Budget[] = [];
  private readonly byNamespace = new Map<string, Budget[]>();

  constructor(private readonly scaleOf: ScaleLookup) {}

  list(): readonly PodDisruptionBudget[] {
    return this.budgets.map((b) => b.pdb);
  }

  add(pdb: PodDisruptionBudget, existingPods: Iterable<Pod>): void {
    if (this.budgets.some((b) => b.pdb.namespace === pdb.namespace && b.pdb.name === pdb.name)) {
      throw new Error(`PodDisruptionBudget ${pdb.namespace}/${pdb.name} already exists`);
    }
    const budget: Budget = { pdb, members: new Map(), needsScale: needsExpectedScale(pdb), expected: 0, healthy: 0, bare: 0, byOwner: new Map(), allowed: undefined };
    for (const pod of existingPods) if (pdbSelects(pdb, pod)) this.join(budget, pod);
    this.budgets.push(budget);
    const list = this.byNamespace.get(pdb.namespace) ?? [];
    list.push(budget);
    this.byNamespace.set(pdb.namespace, list);
  }

  podAdded(pod: Pod): void {
    const list = this.byNamespace.get(pod.namespace);
    if (list === undefined) return;
    for (const b of list) {
      if (!pdbSelects(b.pdb, pod)) continue;
      const old = b.members.get(pod.uid);
      if (old) this.count(b, old.pod, old.cls, -1);
      this.join(b, pod);
      b.allowed = undefined;
    }
  }

  /** A pod's status changed (phase, deletion): the budgets selecting it must be recomputed. */
  podUpdated(pod: Pod): void {
    const list = this.byNamespace.get(pod.namespace);
    if (list === undefined) return;
    for (const b of list) {
      const m = b.members.get(pod.uid);
      if (!m) continue;
      const cls = classify(pod);
      if (m.pod !== pod || m.cls !== cls) {
        this.count(b, m.pod, m.cls, -1);
        b.members.set(pod.uid, { pod, cls });
        this.count(b, pod, cls, 1);
      }
      b.allowed = undefined;
    }
  }

  podDeleted(pod: Pod): void {
    const list = this.byNamespace.get(pod.namespace);
    if (list === undefined) return;
    for (const b of list) {
      const m = b.members.get(pod.uid);
      if (!m) continue;
      b.members.delete(pod.uid);
      this.count(b, m.pod, m.cls, -1);
      b.allowed = undefined;
    }
  }

  /** A controller's desired scale changed: budgets counting expected pods from it must be recomputed. */
  scaleChanged(): void {
    for (const b of this.budgets) b.allowed = undefined;
  }

  /**
   * The name of the PDB that refuses evicting `pod` now, if any. Pods not Running (Pending, finished) or
   * already being deleted are never refused (the Eviction API skips the budget for them); a pod selected
   * by more than one PDB is refused (the API answers an error).
   */
  blockedBy(pod: Pod): string | undefined {
    if (pod.status.phase !== 'Running' || pod.status.deletionAt !== undefined) return undefined;
    const inNamespace = this.byNamespace.get(pod.namespace);
    if (inNamespace === undefined) return undefined;
    let match: Budget | undefined;
    for (const b of inNamespace) {
      if (!b.members.has(pod.uid)) continue;
      if (match !== undefined) return match.pdb.name;
      match = b;
    }
    if (match === undefined) return undefined;
    return this.allowed(match) > 0 ? undefined : match.pdb.name;
  }

  /** Disruptions the named budget allows now (status.disruptionsAllowed). */
  disruptionsAllowed(namespace: string, name: string): number | undefined {
    const b = this.byNamespace.get(namespace)?.find((x) => x.pdb.name === name);
    return b ? this.allowed(b) : undefined;
  }

  private join(b: Budget, pod: Pod): void {
    const cls = classify(pod);
    b.members.set(pod.uid, { pod, cls });
    this.count(b, pod, cls, 1);
  }

  /** Add (sign 1) or take back (−1) a member's share of the counts. */
  private count(b: Budget, pod: Pod, cls: MemberClass, sign: 1 | -1): void {
    if (cls === 0) return;
    b.expected += sign;
    if (cls === 2) b.healthy += sign;
    if (!b.needsScale) return;
    const key = podOwnerKey(pod);
    if (key === undefined) {
      b.bare += sign;
      return;
    }
    const n = (b.byOwner.get(key) ?? 0) + sign;
    if (n === 0) b.byOwner.delete(key);
    else b.byOwner.set(key, n);
  }

  /** Cached between changes to a member or to the controllers' scale (see `podUpdated`, `scaleChanged`). */
  private allowed(b: Budget): number {
    if (b.allowed === undefined) {
      const pdb = b.pdb;
      const expected = b.needsScale ? this.expectedScale(b) : b.expected;
      let desired: number;
      if (pdb.maxUnavailable !== undefined) desired = Math.max(0, expected - scaledIntOrPercent(pdb.maxUnavailable, expected));
      else if (pdb.minAvailable !== undefined) desired = scaledIntOrPercent(pdb.minAvailable, expected);
      else desired = 0;
      b.allowed = Math.max(0, b.healthy - desired);
    }
    return b.allowed;
  }

  /** Sum of the desired replicas of the controllers owning the selected non-terminal pods; other pods count one each. */
  private expectedScale(b: Budget): number {
    let total = b.bare;
    for (const [key, n] of b.byOwner) total += this.scaleOf(key) ?? n;
    return total;
  }
}
