import type { Cluster, ClusterEvent } from '../../../cluster/cluster.js';
import type { Pod, PodDisruptionBudget } from '../../../model/index.js';
import { isHealthy, pdbSelects } from '../../../scheduling/index.js';

/** One pod as the index holds it: the budgets selecting it and what it adds to their counts. */
interface IndexedPod {
  pod: Pod;
  readonly seq: number;
  budgets: readonly IndexedBudget[];
  expected: boolean;
  healthy: boolean;
}

/** One PodDisruptionBudget with the pods it selects (in `cluster.pods()` order) and their counts. */
export interface IndexedBudget {
  readonly pdb: PodDisruptionBudget;
  /** Position in the index's budget list (for per-loop tables). */
  readonly index: number;
  readonly members: Map<string, IndexedPod>;
  /** Selected pods that are not terminal (Succeeded/Failed). */
  expected: number;
  /** Selected pods that are Running and not terminating. */
  healthy: number;
  /** Members were re-inserted out of order (a replaced pod object whose labels changed). */
  unordered: boolean;
}

const isExpected = (pod: Pod): boolean => pod.status.phase !== 'Succeeded' && pod.status.phase !== 'Failed';

/**
 * The cluster's PodDisruptionBudgets with the pods each selects and their expected/healthy counts, kept
 * up to date from the cluster's watch (pods ranked when first seen, as `cluster.pods()` lists them), so
 * that a loop's disruption budgets cost no scan over every pod. Rebuilt when the PDB list changes.
 */
export class PdbIndex {
  private readonly pods = new Map<string, IndexedPod>();
  private budgets: IndexedBudget[] = [];
  private pdbs: readonly PodDisruptionBudget[] = [];
  private nextSeq = 0;
  private unwatch: (() => void) | undefined;

  constructor(private readonly cluster: Cluster) {}

  /** The budgets, in line with `cluster.pdbs()` now. */
  sync(): readonly IndexedBudget[] {
    if (!this.unwatch) {
      this.unwatch = this.cluster.watch((e) => this.onEvent(e));
      for (const pod of this.cluster.pods()) this.podChanged(pod);
    }
    const list = this.cluster.pdbs();
    if (list.length !== this.pdbs.length || list.some((p, i) => p !== this.pdbs[i])) this.rebuild(list);
    return this.budgets;
  }

  /** The budgets selecting a pod the index knows (undefined for a pod it has not seen). */
  budgetsOf(pod: Pod): readonly IndexedBudget[] | undefined {
    const ip = this.pods.get(pod.uid);
    return ip && ip.pod === pod ? ip.budgets : undefined;
  }

  /** The budgets selecting any pod. */
  match(pod: Pod): IndexedBudget[] {
    const out: IndexedBudget[] = [];
    for (const b of this.budgets) if (pdbSelects(b.pdb, pod)) out.push(b);
    return out;
  }

  /** The first healthy pod the budget selects, in `cluster.pods()` order. */
  firstHealthy(b: IndexedBudget): Pod | undefined {
    if (b.unordered) {
      const sorted = [...b.members.values()].sort((x, y) => x.seq - y.seq);
      b.members.clear();
      for (const ip of sorted) b.members.set(ip.pod.uid, ip);
      b.unordered = false;
    }
    for (const ip of b.members.values()) if (ip.healthy) return ip.pod;
    return undefined;
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.pods.clear();
    this.budgets = [];
    this.pdbs = [];
  }

  private rebuild(list: readonly PodDisruptionBudget[]): void {
    this.pdbs = list;
    this.budgets = list.map((pdb, index) => ({ pdb, index, members: new Map(), expected: 0, healthy: 0, unordered: false }));
    for (const ip of this.pods.values()) {
      ip.budgets = this.match(ip.pod);
      this.join(ip);
    }
  }

  private onEvent(e: ClusterEvent): void {
    if (e.kind === 'pod-added' || e.kind === 'pod-updated') this.podChanged(e.pod);
    else if (e.kind === 'pod-deleted') {
      const ip = this.pods.get(e.pod.uid);
      if (!ip) return;
      this.leave(ip);
      this.pods.delete(e.pod.uid);
    }
  }

  private podChanged(pod: Pod): void {
    let ip = this.pods.get(pod.uid);
    if (!ip) {
      ip = { pod, seq: this.nextSeq++, budgets: this.match(pod), expected: isExpected(pod), healthy: isHealthy(pod) };
      this.pods.set(pod.uid, ip);
      this.join(ip);
      return;
    }
    if (ip.pod !== pod) {
      // A replaced object (a live informer's update): its labels may select other budgets now.
      this.leave(ip);
      ip.pod = pod;
      ip.budgets = this.match(pod);
      ip.expected = isExpected(pod);
      ip.healthy = isHealthy(pod);
      this.join(ip);
      for (const b of ip.budgets) b.unordered = true; // re-inserted last
      return;
    }
    const expected = isExpected(pod);
    const healthy = isHealthy(pod);
    if (expected === ip.expected && healthy === ip.healthy) return;
    for (const b of ip.budgets) {
      b.expected += Number(expected) - Number(ip.expected);
      b.healthy += Number(healthy) - Number(ip.healthy);
    }
    ip.expected = expected;
    ip.healthy = healthy;
  }

  private join(ip: IndexedPod): void {
    for (const b of ip.budgets) {
      b.members.set(ip.pod.uid, ip);
      if (ip.expected) b.expected++;
      if (ip.healthy) b.healthy++;
    }
  }

  private leave(ip: IndexedPod): void {
    for (const b of ip.budgets) {
      if (!b.members.delete(ip.pod.uid)) continue;
      if (ip.expected) b.expected--;
      if (ip.healthy) b.healthy--;
    }
  }
}
