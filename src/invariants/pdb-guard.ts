import type { Cluster, EvictionResult } from '../cluster/cluster.js';
import { isTerminal, type Pod, type PodDisruptionBudget } from '../model/index.js';
import { isHealthy, pdbSelects, pdbStatus } from '../scheduling/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';
import { interceptMethods } from './intercept.js';

/** A PodDisruptionBudget with running counts over the pods it selects. */
interface Budget {
  readonly pdb: PodDisruptionBudget;
  healthy: number;
  expected: number;
}

/** What a selected pod contributes to its budgets now. */
interface Member {
  readonly pod: Pod;
  readonly budgets: Budget[];
  healthy: boolean;
  expected: boolean;
}

interface Verdict {
  readonly pdb: PodDisruptionBudget;
  readonly healthy: number;
  readonly desired: number;
  readonly expected: number;
}

function ownerKeyOf(pod: Pod): string | undefined {
  return pod.owner ? `${pod.namespace}/${pod.owner.kind}/${pod.owner.name}` : undefined;
}

function pdbKey(pdb: PodDisruptionBudget): string {
  return `${pdb.namespace}/${pdb.name}`;
}

/**
 * The Eviction API never evicts a pod while a PodDisruptionBudget selecting it allows no disruption.
 * The checker keeps its own count, per budget, of the selected pods that are healthy (Running, not
 * terminating) and expected (see below), updated as pods change (pods are matched once, when they
 * appear: labels never change). Just before an eviction, the desired healthy count comes from the
 * scheduling library's arithmetic (`pdbStatus` with the expected count: percentages rounded up), and an
 * eviction the API then admits while healthy − desired ≤ 0 is a violation. O(1) per pod event (times
 * the budgets selecting the pod), O(budgets of the pod) per eviction.
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
  private readonly members = new Map<string, Member>();
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

  /** A pod appeared: it joins the budgets selecting it and replaces its owner's oldest evicted pod awaiting a replacement. */
  onPodAdded(pod: Pod): void {
    const key = ownerKeyOf(pod);
    const queue = key === undefined ? undefined : this.unreplaced.get(key);
    while (queue && queue.length > 0) {
      const uid = queue.shift()!;
      if (this.awaitingReplacement.delete(uid)) {
        this.recount(uid);
        break;
      }
    }
    for (const b of this.byNamespace.get(pod.namespace) ?? []) if (pdbSelects(b.pdb, pod)) this.join(b, pod);
    this.recount(pod.uid);
  }

  onPodUpdated(pod: Pod): void {
    this.recount(pod.uid);
  }

  /** A pod is gone: it leaves its budgets. */
  onPodDeleted(pod: Pod): void {
    this.awaitingReplacement.delete(pod.uid);
    const m = this.members.get(pod.uid);
    if (!m) return;
    this.apply(m, false, false);
    this.members.delete(pod.uid);
  }

  /** Call right before the Eviction API decides on `pod` (the guard does it for you). */
  beforeEviction(pod: Pod): void {
    this.refresh();
    this.verdicts.delete(pod.uid);
    if (!isHealthy(pod)) return; // Pending, finished or terminating pods are never protected
    for (const b of this.members.get(pod.uid)?.budgets ?? []) {
      const desired = pdbStatus(b.pdb, [], b.expected).desiredHealthy;
      if (b.healthy - desired <= 0) {
        this.verdicts.set(pod.uid, { pdb: b.pdb, healthy: b.healthy, desired, expected: b.expected });
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
    this.report.violation({
      code: InvariantCodes.pdbViolated,
      invariant: 'evictions respect PodDisruptionBudgets',
      objects: { pod: podUid, pdb: pdbKey(verdict.pdb) },
      detail:
        `pod ${podUid} was evicted while PodDisruptionBudget ${pdbKey(verdict.pdb)} allowed no disruption ` +
        `(healthy ${verdict.healthy}, desired healthy ${verdict.desired}, expected pods ${verdict.expected})`,
    });
  }

  /**
   * The same cluster with `evictPod` checked: the eviction is judged against the budgets just before the
   * cluster carries it out. Everything else passes through unchanged (methods bound to the cluster).
   */
  guard<T extends Cluster>(cluster: T): T {
    const evictPod = (podUid: string): EvictionResult => {
      const pod = cluster.pod(podUid);
      if (pod) this.beforeEviction(pod);
      const result = cluster.evictPod(podUid);
      this.afterEviction(podUid, result);
      return result;
    };
    return interceptMethods(cluster, { evictPod });
  }

  private evicted(podUid: string): void {
    const m = this.members.get(podUid);
    const pod = m?.pod ?? this.cluster()?.pod(podUid);
    if (!pod || pod.status.deletionAt === undefined || isTerminal(pod) || this.awaitingReplacement.has(podUid)) return;
    this.awaitingReplacement.add(podUid);
    this.recount(podUid);
    const key = ownerKeyOf(pod);
    if (key === undefined) return;
    const queue = this.unreplaced.get(key) ?? [];
    queue.push(podUid);
    this.unreplaced.set(key, queue);
  }

  private join(b: Budget, pod: Pod): void {
    let m = this.members.get(pod.uid);
    if (!m) {
      m = { pod, budgets: [], healthy: false, expected: false };
      this.members.set(pod.uid, m);
    }
    if (m.budgets.includes(b)) return;
    m.budgets.push(b);
    if (m.healthy) b.healthy++;
    if (m.expected) b.expected++;
  }

  /** Bring a member's contribution to its budgets up to date with its pod. */
  private recount(uid: string): void {
    const m = this.members.get(uid);
    if (!m) return;
    const s = m.pod.status;
    const healthy = isHealthy(m.pod);
    const expected = !isTerminal(m.pod) && (s.deletionAt === undefined || this.awaitingReplacement.has(uid));
    this.apply(m, healthy, expected);
  }

  private apply(m: Member, healthy: boolean, expected: boolean): void {
    if (healthy !== m.healthy) {
      const d = healthy ? 1 : -1;
      for (const b of m.budgets) b.healthy += d;
      m.healthy = healthy;
    }
    if (expected !== m.expected) {
      const d = expected ? 1 : -1;
      for (const b of m.budgets) b.expected += d;
      m.expected = expected;
    }
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
      const b: Budget = { pdb, healthy: 0, expected: 0 };
      this.budgets.set(key, b);
      const list = this.byNamespace.get(pdb.namespace) ?? [];
      list.push(b);
      this.byNamespace.set(pdb.namespace, list);
      fresh.push(b);
    }
    if (fresh.length === 0) return;
    for (const pod of cluster.pods()) {
      let joined = false;
      for (const b of fresh) {
        if (b.pdb.namespace === pod.namespace && pdbSelects(b.pdb, pod)) {
          this.join(b, pod);
          joined = true;
        }
      }
      if (joined) this.recount(pod.uid);
    }
  }
}
