import { TaintKeys, type Node, type Pod, type Taint, type Toleration } from '../../model/index.js';
import { tolerationMatches } from '../../scheduling/index.js';
import { Priority, type Clock, type TimerHandle } from '../../sim/clock.js';
import type { ClusterEvent } from '../cluster.js';
import type { ClusterStore } from './cluster-store.js';

const UNREACHABLE = 'node.kubernetes.io/unreachable';

/**
 * Seconds a pod may stay on a node with these NoExecute taints (Kubernetes' taint manager): 0 when some
 * taint is not tolerated, otherwise the smallest tolerationSeconds among the tolerations used, Infinity
 * when none of them has a limit. Pods without their own not-ready/unreachable NoExecute toleration get
 * one for `defaultSeconds` (the DefaultTolerationSeconds admission plugin).
 */
export function noExecuteAllowance(tolerations: readonly Toleration[], taints: readonly Taint[], defaultSeconds: number): number {
  const effective = [...tolerations];
  for (const key of [TaintKeys.notReady, UNREACHABLE]) {
    const probe: Taint = { key, effect: 'NoExecute' };
    if (!tolerations.some((t) => tolerationMatches(t, probe))) {
      effective.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: defaultSeconds });
    }
  }
  let min = Infinity;
  for (const taint of taints) {
    if (taint.effect !== 'NoExecute') continue;
    const used = effective.filter((t) => tolerationMatches(t, taint));
    if (used.length === 0) return 0;
    for (const t of used) if (t.tolerationSeconds !== undefined) min = Math.min(min, Math.max(0, t.tolerationSeconds));
  }
  return min;
}

/**
 * Evicts (gracefully deletes) pods from nodes with NoExecute taints they do not tolerate, at once or after
 * their tolerationSeconds — which is how pods leave a node that went NotReady.
 */
export class TaintManager {
  private readonly timers = new Map<string, { handle: TimerHandle; since: number }>();

  constructor(
    private readonly store: ClusterStore,
    private readonly clock: Clock,
    private readonly defaultSeconds: number,
    private readonly deletePod: (pod: Pod) => void,
  ) {
    store.watchInternal((e) => this.onEvent(e));
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'node-added':
      case 'node-updated':
        if (e.node.taints.some((t) => t.effect === 'NoExecute')) {
          for (const pod of [...(this.store.nodes.get(e.node.name)?.pods.values() ?? [])]) this.evaluate(pod, e.node);
        }
        return;
      case 'pod-added':
      case 'pod-updated': {
        const nodeName = e.pod.status.nodeName;
        const node = nodeName === undefined ? undefined : this.store.nodes.get(nodeName)?.node;
        if (node && node.taints.some((t) => t.effect === 'NoExecute')) this.evaluate(e.pod, node);
        return;
      }
      case 'pod-deleted': {
        const t = this.timers.get(e.pod.uid);
        if (t) this.clock.cancel(t.handle);
        this.timers.delete(e.pod.uid);
        return;
      }
      default:
        return;
    }
  }

  private evaluate(pod: Pod, node: Node): void {
    if (pod.status.deletionAt !== undefined || pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return;
    if (this.timers.has(pod.uid)) return;
    const allowance = noExecuteAllowance(pod.tolerations, node.taints, this.defaultSeconds);
    if (allowance === Infinity) return;
    if (allowance <= 0) {
      this.deletePod(pod);
      return;
    }
    const since = this.clock.now();
    this.timers.set(pod.uid, { since, handle: this.clock.schedule(allowance, () => this.fire(pod, since), Priority.cluster) });
  }

  private fire(pod: Pod, since: number): void {
    this.timers.delete(pod.uid);
    if (this.store.pods.get(pod.uid) !== pod || pod.status.deletionAt !== undefined) return;
    const node = pod.status.nodeName === undefined ? undefined : this.store.nodes.get(pod.status.nodeName)?.node;
    if (!node) return;
    const allowance = noExecuteAllowance(pod.tolerations, node.taints, this.defaultSeconds);
    if (allowance === Infinity) return;
    const remaining = since + allowance - this.clock.now();
    if (remaining <= 1e-9) this.deletePod(pod);
    else this.timers.set(pod.uid, { since, handle: this.clock.schedule(remaining, () => this.fire(pod, since), Priority.cluster) });
  }
}
