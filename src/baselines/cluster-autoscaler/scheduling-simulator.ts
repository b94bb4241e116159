import { checkFit } from '../../scheduling/index.js';
import type { SnapshotNode, SnapshotPod } from './snapshot.js';
import type { ClusterSnapshot } from './snapshot.js';
import { equivalenceKey } from './pod-equivalence.js';

export interface PlacementStatus {
  readonly pod: SnapshotPod;
  readonly nodeName: string;
}

/**
 * The Cluster Autoscaler's HintingSimulator over its Filter-only plugin runner: a pod goes to the node it
 * was placed on last time (the hint) when it still fits, else to the first passing node, searching
 * round-robin from one past the last match. Pods similar to one that already failed in the same call
 * (same controller and spec) are not tried again. Placements are written into the snapshot.
 */
/** Where a pod was placed last, and in which period between two `dropOldHints` calls. */
interface Hint {
  node: string;
  used: number;
}

export class SchedulingSimulator {
  private lastIndex = 0;
  private readonly hints = new Map<string, Hint>();
  /** The current period between two `dropOldHints` calls (a hint used in it has `used` equal to it). */
  private period = 0;

  trySchedulePods(
    snapshot: ClusterSnapshot,
    pods: readonly SnapshotPod[],
    isNodeAcceptable: (node: SnapshotNode) => boolean,
    breakOnFailure: boolean,
  ): { scheduled: PlacementStatus[]; unschedulable: SnapshotPod[] } {
    const scheduled: PlacementStatus[] = [];
    const unschedulable: SnapshotPod[] = [];
    const failedSimilar = new Set<string>();
    for (let i = 0; i < pods.length; i++) {
      const pod = pods[i]!;
      const hint = this.hints.get(pod.uid);
      const node = this.findNode(snapshot, pod, hint?.node, isNodeAcceptable, failedSimilar);
      if (node) {
        snapshot.addPod(pod, node.name);
        if (hint) {
          hint.node = node.name;
          hint.used = this.period;
        } else this.hints.set(pod.uid, { node: node.name, used: this.period });
        scheduled.push({ pod, nodeName: node.name });
        continue;
      }
      unschedulable.push(pod);
      if (breakOnFailure) {
        for (let j = i + 1; j < pods.length; j++) unschedulable.push(pods[j]!);
        break;
      }
    }
    return { scheduled, unschedulable };
  }

  /** Forget hints not used since the last call to this method. */
  dropOldHints(): void {
    for (const [uid, hint] of this.hints) if (hint.used !== this.period) this.hints.delete(uid);
    this.period++;
  }

  private findNode(
    snapshot: ClusterSnapshot,
    pod: SnapshotPod,
    hinted: string | undefined,
    isNodeAcceptable: (node: SnapshotNode) => boolean,
    failedSimilar: Set<string>,
  ): SnapshotNode | undefined {
    if (hinted !== undefined) {
      const node = snapshot.node(hinted);
      if (node && isNodeAcceptable(node) && checkFit(pod, node, snapshot.topology) === undefined) return node;
    }
    const similarKey = equivalenceKey(pod);
    if (similarKey !== undefined && failedSimilar.has(similarKey)) return undefined;
    const nodes = snapshot.nodes;
    const n = nodes.length;
    const req = pod.requests;
    for (let i = 0; i < n; i++) {
      const index = (this.lastIndex + i) % n;
      const node = nodes[index]!;
      // NodeResourcesFit's first checks, ahead of the full filter: a node failing them fails checkFit too.
      const a = node.allocatable;
      const r = node.requested;
      if (r.pods + 1 > a.pods || (req.cpuMillis > 0 && req.cpuMillis > a.cpuMillis - r.cpuMillis) || (req.memoryMiB > 0 && req.memoryMiB > a.memoryMiB - r.memoryMiB)) continue;
      if (!isNodeAcceptable(node)) continue;
      if (checkFit(pod, node, snapshot.topology) !== undefined) continue;
      this.lastIndex = (index + 1) % n;
      return node;
    }
    if (similarKey !== undefined) failedSimilar.add(similarKey);
    return undefined;
  }
}

export const scheduleAnywhere = (): boolean => true;
