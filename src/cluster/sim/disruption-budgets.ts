import { isTerminal, type Pod, type PodDisruptionBudget } from '../../model/index.js';
import { disruptionsAllowed, pdbSelects } from '../../scheduling/index.js';
import { podOwnerKey } from './cluster-store.js';

/** Desired replicas of a controller, by owner key; undefined when the owner is not a scalable controller. */
export type ScaleLookup = (ownerKey: string) => number | undefined;

/** Does the budget need the controllers' desired scale (percentages, maxUnavailable), or only pod counts? */
function needsExpectedScale(pdb: PodDisruptionBudget): boolean {
  return pdb.maxUnavailable !== undefined || typeof pdb.minAvailable === 'string';
}

interface Budget {
  readonly pdb: PodDisruptionBudget;
  readonly members: Map<string, Pod>;
  /** disruptionsAllowed as of the last change to a member or to the controllers' scale; undefined when stale. */
  allowed: number | undefined;
}

/**
 * The PodDisruptionBudgets and, for each, the pods it selects (kept up to date as pods come and go; pod
 * labels never change), answering the Eviction API's question: would evicting this pod now violate a budget?
 * The arithmetic is the scheduling library's (`disruptionsAllowed`); the expected pod count for
 * percentages and maxUnavailable is the desired replicas of the owning Deployments (as the disruption
 * controller takes it from the controllers' scale), other selected pods counting one each.
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
    const budget: Budget = { pdb, members: new Map(), allowed: undefined };
    for (const pod of existingPods) if (this.selects(pdb, pod)) budget.members.set(pod.uid, pod);
    this.budgets.push(budget);
    const list = this.byNamespace.get(pdb.namespace) ?? [];
    list.push(budget);
    this.byNamespace.set(pdb.namespace, list);
  }

  podAdded(pod: Pod): void {
    for (const b of this.byNamespace.get(pod.namespace) ?? []) {
      if (!this.selects(b.pdb, pod)) continue;
      b.members.set(pod.uid, pod);
      b.allowed = undefined;
    }
  }

  /** A pod's status changed (phase, deletion): the budgets selecting it must be recomputed. */
  podUpdated(pod: Pod): void {
    for (const b of this.byNamespace.get(pod.namespace) ?? []) if (b.members.has(pod.uid)) b.allowed = undefined;
  }

  podDeleted(pod: Pod): void {
    for (const b of this.byNamespace.get(pod.namespace) ?? []) if (b.members.delete(pod.uid)) b.allowed = undefined;
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

  /**
   * Cached between changes: members are only added, removed or updated through podAdded/podUpdated/
   * podDeleted (the store announces every status change), and the controllers' scale through scaleChanged.
   */
  private allowed(b: Budget): number {
    if (b.allowed === undefined) {
      const members = [...b.members.values()];
      b.allowed = disruptionsAllowed(b.pdb, members, needsExpectedScale(b.pdb) ? this.expectedScale(b) : undefined);
    }
    return b.allowed;
  }

  /** Sum of the desired replicas of the controllers owning the selected pods; bare pods count one each. */
  private expectedScale(b: Budget): number {
    const owners = new Map<string, number>();
    let total = 0;
    for (const p of b.members.values()) {
      if (isTerminal(p)) continue;
      const key = podOwnerKey(p);
      const scale = key === undefined ? undefined : this.scaleOf(key);
      if (key === undefined || scale === undefined) total++;
      else owners.set(key, scale);
    }
    for (const s of owners.values()) total += s;
    return total;
  }

  private selects(pdb: PodDisruptionBudget, pod: Pod): boolean {
    return pdbSelects(pdb, pod);
  }
}
