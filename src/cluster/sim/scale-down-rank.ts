import type { Pod } from '../../model/index.js';

/** The annotation a pod carries to tell its ReplicaSet which pods to delete first (lower first, default 0). */
export const POD_DELETION_COST_ANNOTATION = 'controller.kubernetes.io/pod-deletion-cost';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

/**
 * The pod's deletion cost: the annotation as a 32-bit integer, or 0 when it is missing or invalid. As in
 * Kubernetes, a leading `+` or a leading zero (other than "0" itself) is invalid, and so is a value
 * outside the int32 range.
 */
export function podDeletionCost(pod: Pod): number {
  // Pods of one template share their annotations object (a spec never changes): remember the last answer.
  const annotations = pod.annotations;
  if (annotations === lastAnnotations) return lastCost;
  const value = annotations[POD_DELETION_COST_ANNOTATION];
  let cost = 0;
  if (value !== undefined && /^(-[0-9]+|0|[1-9][0-9]*)$/.test(value)) {
    const n = Number(value);
    if (n >= INT32_MIN && n <= INT32_MAX) cost = n;
  }
  lastAnnotations = annotations;
  lastCost = cost;
  return cost;
}

let lastAnnotations: Pod['annotations'] | undefined;
let lastCost = 0;

/**
 * The LogarithmicScaleDown bucket of a timestamp: floor(log2(now - at)) with the difference in whole
 * nanoseconds (Kubernetes compares `time.Duration`s), -1 when the difference is not positive. Bucket r
 * holds ages in [2^r ns, 2^(r+1) ns): e.g. bucket 36 is [68.72 s, 137.44 s).
 */
export function logarithmicRank(at: number, now: number): number {
  const nanos = Math.round((now - at) * 1e9);
  if (!(nanos > 0)) return -1;
  let rank = Math.floor(Math.log2(nanos));
  // Math.log2 may be one ulp off near a power of two; settle the floor exactly.
  if (2 ** rank > nanos) rank--;
  else if (2 ** (rank + 1) <= nanos) rank++;
  return rank;
}

/** What the ranking needs to know about the pods' nodes. */
export interface RankedNode {
  readonly ready: boolean;
  readonly readyAt?: number;
}

export interface ScaleDownContext {
  /** The current simulated time (LogarithmicScaleDown's reference). */
  readonly now: number;
  /** Creation sequence of a pod (higher = created later); the last tie-break, newest first. */
  readonly seq: (pod: Pod) => number;
  /**
   * The node a pod is bound to. When given, a Running pod is Ready only while its node exists and is
   * Ready (the node lifecycle controller marks the pods of a NotReady node not Ready), and it has been
   * Ready since the later of its start and the node's readyAt. When omitted, Running means Ready.
   */
  readonly node?: (name: string) => RankedNode | undefined;
}

const UNSET = -2;

/** A pod with its ranking keys; the log2 buckets and the sequence are computed when a comparison needs them. */
class Ranked {
  private readyBucket = UNSET;
  private createdBucket = UNSET;
  private sequence = UNSET;

  constructor(
    readonly pod: Pod,
    readonly nodeName: string | undefined,
    readonly phase: number,
    readonly ready: boolean,
    readonly cost: number,
    /** The pod's node's entry (its count final once every pod is ranked); undefined when unassigned. */
    private readonly entry: NodeEntry | undefined,
    readonly readySince: number | undefined,
    private readonly ctx: ScaleDownContext,
  ) {}

  /** Active pods of the same set on this pod's node (this one included). */
  get colocated(): number {
    return this.entry === undefined ? 0 : this.entry.count;
  }

  get readyRank(): number {
    if (this.readyBucket === UNSET) this.readyBucket = this.ready && this.readySince !== undefined ? logarithmicRank(this.readySince, this.ctx.now) : -1;
    return this.readyBucket;
  }

  get createdRank(): number {
    if (this.createdBucket === UNSET) this.createdBucket = logarithmicRank(this.pod.createdAt, this.ctx.now);
    return this.createdBucket;
  }

  get seq(): number {
    if (this.sequence === UNSET) this.sequence = this.ctx.seq(this.pod);
    return this.sequence;
  }
}

/** podPhaseToOrdinal: Pending < Unknown < Running (the simulator has no Unknown phase). */
function phaseOrdinal(pod: Pod): number {
  return pod.status.phase === 'Pending' ? 0 : pod.status.phase === 'Running' ? 2 : 1;
}

function byUid(a: Ranked, b: Ranked): number {
  return a.pod.uid < b.pod.uid ? -1 : a.pod.uid > b.pod.uid ? 1 : 0;
}

/**
 * Kubernetes' `ActivePodsWithRanks.Less` (pkg/controller/controller_utils.go, with PodDeletionCost and
 * LogarithmicScaleDown on, their defaults since 1.22): negative when `a` is deleted before `b`.
 */
function compare(a: Ranked, b: Ranked): number {
  // 1. Unassigned before assigned.
  if (a.nodeName !== b.nodeName && (a.nodeName === undefined || b.nodeName === undefined)) {
    return a.nodeName === undefined ? -1 : 1;
  }
  // 2. Pending before Unknown before Running.
  if (a.phase !== b.phase) return a.phase - b.phase;
  // 3. Not Ready before Ready.
  if (a.ready !== b.ready) return a.ready ? 1 : -1;
  // 4. Lower pod-deletion-cost first.
  if (a.cost !== b.cost) return a.cost - b.cost;
  // 5. Doubled up: more active pods of the set on the same node first.
  if (a.colocated !== b.colocated) return b.colocated - a.colocated;
  // 6. Both Ready: Ready for a shorter time first, in log2 buckets; within one bucket by UID
  //    (Kubernetes' pseudo-random pick; an exactly equal ready time falls through instead).
  if (a.ready && b.ready && a.readySince !== b.readySince) {
    if (a.readySince === undefined || b.readySince === undefined) return a.readySince === undefined ? -1 : 1;
    return a.readyRank - b.readyRank || byUid(a, b);
  }
  // 7. Container restart counts: not simulated.
  // 8. Newer creation first, in log2 buckets; within one bucket by UID.
  if (a.pod.createdAt !== b.pod.createdAt) return a.createdRank - b.createdRank || byUid(a, b);
  // Everything equal (Kubernetes' order is then unspecified): the later-created pod first, then by UID.
  return b.seq - a.seq || byUid(a, b);
}

/**
 * The order in which a ReplicaSet scaling down deletes `pods` (its active pods): Kubernetes' ranking
 * (`getPodsRankedByRelatedPodsOnSameNode` + `ActivePodsWithRanks`) — unassigned first; Pending before
 * Running; not Ready before Ready; lower pod-deletion-cost first; pods on nodes with more of the set's
 * active pods first; Ready for a shorter time first and then newer first, both compared in log2 buckets of
 * age (same bucket: by UID). Container restarts are not simulated. O(n log n).
 */
export function scaleDownOrder(pods: readonly Pod[], ctx: ScaleDownContext): Pod[] {
  return rank(pods, ctx).sort(compare).map((r) => r.pod);
}

/**
 * Whether `compare` is a strict total order on these pods, so that any selection finds what the sort
 * finds. Kubernetes' ranking is not always transitive: ties in ready time or creation time fall through to
 * later keys for some pairs only (e.g. two pods created together compare by creation sequence, each of them
 * by UID against a third created at another time in the same log2 bucket), and the sort's answer then
 * depends on the algorithm. It is a lexicographic order — hence transitive — when every Ready pod has its
 * own ready time and the pods that are not Ready were either all created at distinct times or all at once.
 */
function totalOrder(ranked: readonly Ranked[]): boolean {
  const readyTimes = new Float64Array(ranked.length);
  const createdTimes = new Float64Array(ranked.length);
  let ready = 0;
  let notReady = 0;
  for (const r of ranked) {
    if (r.ready) {
      if (r.readySince === undefined || Number.isNaN(r.readySince)) return false;
      readyTimes[ready++] = r.readySince;
    } else {
      createdTimes[notReady++] = r.pod.createdAt;
    }
  }
  if (!distinct(readyTimes.subarray(0, ready))) return false;
  const created = createdTimes.subarray(0, notReady).sort();
  return distinct(created) || created[0] === created[notReady - 1];
}

/** Whether the values (no NaN) are pairwise different; sorts them in place. */
function distinct(values: Float64Array): boolean {
  values.sort();
  for (let i = 1; i < values.length; i++) if (values[i] === values[i - 1]) return false;
  return true;
}

/**
 * The first `count` pods of `scaleDownOrder(pods, ctx)` (the pods a ReplicaSet deletes when it has `count`
 * too many). When the ranking is a total order on these pods (`totalOrder`), the `count` lowest are kept
 * while scanning, O(n log count), instead of sorting all n; otherwise they are sorted exactly as
 * `scaleDownOrder` sorts them, so the answer is the same pods in the same order either way.
 */
export function scaleDownVictims(pods: readonly Pod[], ctx: ScaleDownContext, count: number): Pod[] {
  if (count <= 0) return [];
  const ranked = rank(pods, ctx);
  if (count * 8 >= ranked.length || !totalOrder(ranked)) return ranked.sort(compare).slice(0, count).map((r) => r.pod);
  const kept: Ranked[] = [];
  for (const r of ranked) {
    if (kept.length === count && compare(r, kept[count - 1]!) >= 0) continue;
    let lo = 0;
    let hi = kept.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(kept[mid]!, r) < 0) lo = mid + 1;
      else hi = mid;
    }
    kept.splice(lo, 0, r);
    if (kept.length > count) kept.pop();
  }
  return kept.map((r) => r.pod);
}

interface NodeEntry {
  count: number;
  /** The node's readiness as the ranking reads it (a missing node is not Ready), read once per node. */
  readonly ready: boolean;
  readonly readyAt: number | undefined;
}

function rank(pods: readonly Pod[], ctx: ScaleDownContext): Ranked[] {
  // One pass: a pod's colocated count is read from its node's entry once every pod has been counted.
  const perNode = new Map<string, NodeEntry>();
  const out = new Array<Ranked>(pods.length);
  const nodeOf = ctx.node;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i]!;
    const status = pod.status;
    const name = status.nodeName;
    let e: NodeEntry | undefined;
    if (name !== undefined) {
      e = perNode.get(name);
      if (e === undefined) {
        const node = nodeOf?.(name);
        perNode.set(name, (e = { count: 0, ready: node?.ready ?? false, readyAt: node?.readyAt }));
      }
      e.count++;
    }
    const running = status.phase === 'Running';
    let ready = running;
    let readySince = status.startedAt;
    if (running && nodeOf && e !== undefined) {
      ready = e.ready;
      if (e.readyAt !== undefined && readySince !== undefined) readySince = Math.max(readySince, e.readyAt);
    }
    out[i] = new Ranked(pod, name, phaseOrdinal(pod), ready, podDeletionCost(pod), e, ready ? readySince : undefined, ctx);
  }
  return out;
}
