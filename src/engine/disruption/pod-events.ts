import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import { isDaemonSetPod, type Pod } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';

/**
 * Watches the cluster for what consolidation cares about:
 * - per node, the last time a non-DaemonSet pod bound to it, went terminal or started terminating, or was
 *   deleted from it (Karpenter's NodeClaim `lastPodEventTime`, not moved again within `dedupeSeconds` of
 *   its last update), the clock that `consolidateAfter` counts from;
 * - a revision that changes whenever pods move or nodes and NodeClaims change (Karpenter's
 *   "unconsolidated" mark: consolidation is not recomputed while nothing changed).
 */
export class PodEvents {
  private readonly last = new Map<string, number>();
  private rev = 0;
  private readonly unwatch: () => void;

  constructor(
    cluster: Cluster,
    private readonly clock: Clock,
    private readonly dedupeSeconds: number,
  ) {
    this.unwatch = cluster.watch((e) => this.onEvent(e));
  }

  stop(): void {
    this.unwatch();
  }

  /** Changes whenever the cluster changed in a way that can change consolidation's answer. */
  get revision(): number {
    return this.rev;
  }

  lastPodEventAt(nodeName: string): number | undefined {
    return this.last.get(nodeName);
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'pod-added':
      case 'pod-updated':
      case 'pod-deleted':
        this.onPod(e.kind, e.pod);
        break;
      case 'node-deleted':
        this.last.delete(e.node.name);
        this.rev++;
        break;
      default:
        this.rev++;
    }
  }

  private onPod(kind: ClusterEvent['kind'], pod: Pod): void {
    const node = pod.status.nodeName;
    if (node === undefined || isDaemonSetPod(pod)) return;
    const now = this.clock.now();
    const s = pod.status;
    const moved = kind !== 'pod-updated' || s.boundAt === now || s.deletionAt === now || s.finishedAt === now;
    if (!moved) return;
    this.rev++;
    const prev = this.last.get(node);
    if (prev === undefined || now - prev >= this.dedupeSeconds) this.last.set(node, now);
  }
}
