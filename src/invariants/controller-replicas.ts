import type { ClusterEvent } from '../cluster/cluster.js';
import type { Pod } from '../model/index.js';
import type { Reporter } from './reporter.js';
import { InvariantCodes } from './violation.js';

/** What a controller wants, as the workload asked for it (`scaleDeployment` / `createJob`). */
type Desired =
  | { readonly kind: 'ReplicaSet'; readonly replicas: number }
  | { readonly kind: 'Job'; readonly completions: number; readonly parallelism: number };

interface Tracked {
  desired: Desired | undefined;
  /** Pods of this owner that are neither finished nor being deleted. */
  readonly active: Set<string>;
  /** Job pods seen Succeeded (each once). */
  readonly succeeded: Set<string>;
  /** The last pod that stopped counting without succeeding, for the message. */
  lastLost?: { readonly uid: string; readonly how: string; readonly at: number };
  /** Since when the active pods disagree with what the controller wants (cleared when they agree again). */
  since?: number;
}

const INVARIANT = 'controllers replace evicted, deleted, failed or lost pods (active pods = desired replicas)';

/** `namespace/Kind/name` of the pod's ReplicaSet or Job, if it has one. */
function controllerKey(pod: Pod): string | undefined {
  const o = pod.owner;
  return o && (o.kind === 'ReplicaSet' || o.kind === 'Job') ? `${pod.namespace}/${o.kind}/${o.name}` : undefined;
}

/**
 * Controllers keep their pods: a ReplicaSet (a Deployment's) has exactly `replicas` active pods (neither
 * finished nor being deleted; pending ones count), and a Job at least min(parallelism, completions −
 * pods succeeded) — so a pod evicted, deleted (alone or with its node), failed or lost is replaced. The
 * controllers react through a zero-delay work queue, so the count must agree again before simulated time
 * moves on (`graceSeconds` later at most; default 0 = within the same instant), and at the end of the run.
 *
 * Only controllers whose desired state the checker saw (`desired`, fed by the workload wrapper) are
 * checked; pods are followed from the watch stream alone. A Job with more active pods than it still needs
 * is not a violation (a terminating pod that then succeeds leaves its replacement running, as in Kubernetes).
 * Cost: O(1) per pod event, O(controllers out of step) per event while any is.
 */
export class ControllerReplicas {
  private readonly owners = new Map<string, Tracked>();
  /** Controllers currently out of step. */
  private readonly unsettled = new Set<string>();

  constructor(
    private readonly report: Reporter,
    private readonly graceSeconds = 0,
  ) {}

  /** A Deployment was scaled (its ReplicaSet's replicas), after the cluster applied it. */
  scaled(namespace: string, name: string, replicas: number): void {
    this.setDesired(`${namespace}/ReplicaSet/${name}`, { kind: 'ReplicaSet', replicas });
  }

  /** A Job was created, after the cluster applied it. */
  jobCreated(namespace: string, name: string, completions: number, parallelism: number): void {
    this.setDesired(`${namespace}/Job/${name}`, { kind: 'Job', completions, parallelism });
  }

  /** A pod already in the cluster when the checker attached. */
  seed(pod: Pod): void {
    this.onPod(pod, false);
  }

  onEvent(e: ClusterEvent): void {
    if (e.kind === 'pod-added' || e.kind === 'pod-updated' || e.kind === 'pod-deleted') this.onPod(e.pod, e.kind === 'pod-deleted');
    this.overdue(this.report.now());
  }

  /** End of the run: every controller agrees with what it wants. */
  finish(horizon: number): void {
    for (const key of [...this.unsettled]) this.fail(key, horizon);
  }

  private onPod(pod: Pod, deleted: boolean): void {
    const key = controllerKey(pod);
    if (key === undefined) return;
    const t = this.tracked(key);
    const s = pod.status;
    if (t.desired?.kind === 'Job' || pod.owner?.kind === 'Job') {
      if (s.phase === 'Succeeded') t.succeeded.add(pod.uid);
    }
    const active = !deleted && s.phase !== 'Succeeded' && s.phase !== 'Failed' && s.deletionAt === undefined;
    if (active) t.active.add(pod.uid);
    else if (t.active.delete(pod.uid) && s.phase !== 'Succeeded') {
      const how = s.phase === 'Failed' ? 'failed' : s.deletionAt !== undefined && !deleted ? 'evicted' : 'deleted';
      t.lastLost = { uid: pod.uid, how, at: this.report.now() };
    }
    this.evaluate(key, t);
  }

  private setDesired(key: string, desired: Desired): void {
    const t = this.tracked(key);
    t.desired = desired;
    this.evaluate(key, t);
  }

  private tracked(key: string): Tracked {
    let t = this.owners.get(key);
    if (!t) {
      t = { desired: undefined, active: new Set(), succeeded: new Set() };
      this.owners.set(key, t);
    }
    return t;
  }

  /** The active pods the controller wants: exact for a ReplicaSet, a minimum for a Job. */
  private wanted(t: Tracked): { readonly count: number; readonly exact: boolean } | undefined {
    const d = t.desired;
    if (!d) return undefined;
    if (d.kind === 'ReplicaSet') return { count: d.replicas, exact: true };
    return { count: Math.max(0, Math.min(d.parallelism, d.completions - t.succeeded.size)), exact: false };
  }

  private evaluate(key: string, t: Tracked): void {
    const w = this.wanted(t);
    const ok = w === undefined || (w.exact ? t.active.size === w.count : t.active.size >= w.count);
    if (ok) {
      t.since = undefined;
      this.unsettled.delete(key);
    } else if (t.since === undefined) {
      t.since = this.report.now();
      this.unsettled.add(key);
    }
  }

  private overdue(now: number): void {
    if (this.unsettled.size === 0) return;
    for (const key of [...this.unsettled]) {
      const since = this.owners.get(key)?.since;
      if (since !== undefined && now > since + this.graceSeconds) this.fail(key, now);
    }
  }

  private fail(key: string, now: number): void {
    const t = this.owners.get(key)!;
    const w = this.wanted(t)!;
    const since = t.since ?? now;
    this.unsettled.delete(key);
    t.since = undefined; // re-armed by the owner's next pod change
    const lost = t.lastLost;
    const job = t.desired?.kind === 'Job' ? ` (completions ${t.desired.completions}, parallelism ${t.desired.parallelism}, ${t.succeeded.size} succeeded)` : '';
    this.report.violation({
      code: InvariantCodes.controllerReplicas,
      invariant: INVARIANT,
      at: since,
      objects: { controller: key, ...(lost ? { pod: lost.uid } : {}) },
      detail:
        `${key} has ${t.active.size} active pods but wants ${w.exact ? '' : 'at least '}${w.count}${job} since t=${since} s, still at t=${now} s` +
        (lost ? `; last pod lost: ${lost.uid} (${lost.how} at t=${lost.at} s)` : ''),
    });
  }
}
