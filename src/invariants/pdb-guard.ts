import type { Cluster, EvictionResult } from '../cluster/cluster.js';
import { isTerminal, type Pod, type PodDisruptionBudget } from '../model/index.js';
import { isHealthy, pdbSelects, pdbStatus, type PdbStatus } from '../scheduling/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

interface Budget {
  readonly pdb: PodDisruptionBudget;
  /** Selected pods that exist (live objects). */
  readonly members: Map<string, Pod>;
}

interface Verdict {
  readonly pdb: PodDisruptionBudget;
  readonly status: PdbStatus;
}

function ownerKeyOf(pod: Pod): string | undefined {
  return pod.owner ? `${pod.namespace}/${pod.owner.kind}/${pod.owner.name}` : undefined;
}

function pdbKey(pdb: PodDisruptionBudget): string {
  return `${pdb.namespace}/${pdb.name}`;
}

/**
 * The Eviction API never evicts a pod while a PodDisruptionBudget selecting it allows no disruption.
 * The checker keeps its own membership of every PDB (pods are matched once, when they appear: labels
 * never change) and, just before an eviction, computes each selecting budget's status with the
 * scheduling library's arithmetic (`pdbStatus`). An eviction that the API then admits while a budget had
 * no disruption left is a violation. Cost: O(pods selected by the pod's budgets) per eviction.
 *
 * The expected pod count stands in for the owning controllers' scale, which the cluster port does not
 * show: selected pods neither finished nor terminating, plus pods evicted (through this guard) that are
 * still terminating and whose controller has not created a replacement yet (a ReplicaSet replaces an
 * evicted pod at once, so the replacement takes its place in the count; a bare pod is never replaced and
 * counts until it is gone). Pods deleted otherwise (scale-down, node loss) stop counting when deletion begins.
 */
export class PdbGuard {
  private readonly budgets = new Map<string, Budget>();
  private readonly byNamespace = new Map<string, Budget[]>();
  private readonly verdicts = new Map<string, Verdict>();
  /** Evicted pods still terminating and not yet replaced by their controller. */
  private readonly awaitingReplacement = new Set<string>();
  /** Owner key → evicted pods of that owner awaiting a replacement, oldest first. */
  private readonly unreplaced = new Map<string, string[]>();
  private known = 0;

  constructor(
    private readonly report: Reporter,
    private readonly cluster: () => Pick<Cluster, 'pdbs' | 'pods' | 'pod'> | undefined,
  ) {}

  /** A pod appeared: it replaces its owner's oldest evicted pod still awaiting replacement. */
  onPodAdded(pod: Pod): void {
    const key = ownerKeyOf(pod);
    const queue = key === undefined ? undefined : this.unreplaced.get(key);
    while (queue && queue.length > 0) {
      const uid = queue.shift()!;
      if (this.awaitingReplacement.delete(uid)) break;
    }
    this.onPod(pod, false);
  }

  onPod(pod: Pod, deleted: boolean): void {
    if (deleted) this.awaitingReplacement.delete(pod.uid);
    const list = this.byNamespace.get(pod.namespace);
    if (!list) return;
    for (const b of list) {
      if (deleted) b.members.delete(pod.uid);
      else if (!b.members.has(pod.uid) && pdbSelects(b.pdb, pod)) b.members.set(pod.uid, pod);
    }
  }

  /** Call right before the Eviction API decides on `pod` (the guard does it for you). */
  beforeEviction(pod: Pod): void {
    this.refresh();
    this.verdicts.delete(pod.uid);
    if (!isHealthy(pod)) return; // Pending, finished or terminating pods are never protected
    for (const b of this.byNamespace.get(pod.namespace) ?? []) {
      if (!b.members.has(pod.uid)) continue;
      const members = [...b.members.values()];
      let expected = 0;
      for (const p of members) {
        if (!isTerminal(p) && (p.status.deletionAt === undefined || this.awaitingReplacement.has(p.uid))) expected++;
      }
      const status = pdbStatus(b.pdb, members, expected);
      if (status.disruptionsAllowed <= 0) {
        this.verdicts.set(pod.uid, { pdb: b.pdb, status });
        return;
      }
    }
  }

  /** Call with the Eviction API's answer: admitting an eviction the budget forbade is a violation. */
  afterEviction(podUid: string, result: EvictionResult): void {
    const verdict = this.verdicts.get(podUid);
    this.verdicts.delete(podUid);
    if (result.ok) this.evicted(podUid);
    if (!verdict || !result.ok) return;
    const s = verdict.status;
    this.report.violation({
      code: InvariantCodes.pdbViolated,
      invariant: 'evictions respect PodDisruptionBudgets',
      objects: { pod: podUid, pdb: pdbKey(verdict.pdb) },
      detail:
        `pod ${podUid} was evicted while PodDisruptionBudget ${pdbKey(verdict.pdb)} allowed no disruption ` +
        `(healthy ${s.currentHealthy}, desired healthy ${s.desiredHealthy}, expected pods ${s.expectedPods})`,
    });
  }

  private evicted(podUid: string): void {
    const pod = this.cluster()?.pod(podUid);
    if (!pod || pod.status.deletionAt === undefined || isTerminal(pod) || this.awaitingReplacement.has(podUid)) return;
    this.awaitingReplacement.add(podUid);
    const key = ownerKeyOf(pod);
    if (key === undefined) return;
    const queue = this.unreplaced.get(key) ?? [];
    queue.push(podUid);
    this.unreplaced.set(key, queue);
  }

  /**
   * The same cluster with `evictPod` checked: the eviction is judged against the budgets just before the
   * cluster carries it out. Everything else passes through unchanged (methods bound to the cluster).
   */
  guard<T extends Cluster>(cluster: T): T {
    const bound = new Map<PropertyKey, unknown>();
    const evictPod = (podUid: string): EvictionResult => {
      const pod = cluster.pod(podUid);
      if (pod) this.beforeEviction(pod);
      const result = cluster.evictPod(podUid);
      this.afterEviction(podUid, result);
      return result;
    };
    return new Proxy(cluster, {
      get(target, prop) {
        if (prop === 'evictPod') return evictPod;
        const value: unknown = Reflect.get(target, prop, target);
        if (typeof value !== 'function') return value;
        let f = bound.get(prop);
        if (f === undefined) {
          f = (value as (...args: unknown[]) => unknown).bind(target);
          bound.set(prop, f);
        }
        return f;
      },
    });
  }

  /** Learn PDBs added since the last look (PDBs are only ever added), with the pods they select now. */
  private refresh(): void {
    const cluster = this.cluster();
    if (!cluster) return;
    const pdbs = cluster.pdbs();
    if (pdbs.length === this.known) return;
    this.known = pdbs.length;
    const fresh: Budget[] = [];
    for (const pdb of pdbs) {
      const key = pdbKey(pdb);
      if (this.budgets.has(key)) continue;
      const b: Budget = { pdb, members: new Map() };
      this.budgets.set(key, b);
      const list = this.byNamespace.get(pdb.namespace) ?? [];
      list.push(b);
      this.byNamespace.set(pdb.namespace, list);
      fresh.push(b);
    }
    if (fresh.length === 0) return;
    for (const pod of cluster.pods()) for (const b of fresh) if (pdbSelects(b.pdb, pod)) b.members.set(pod.uid, pod);
  }
}
