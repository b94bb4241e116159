import type { Labels, Resources } from '../../../model/index.js';
import { BALANCING_IGNORED_LABELS, CaConstants } from '../constants.js';
import type { NodeGroupInfo } from '../node-groups.js';
import type { NodeTemplate } from '../template.js';

function within(a: number, b: number, ratio: number): boolean {
  const hi = Math.max(a, b);
  return hi - Math.min(a, b) <= hi * ratio;
}

function labelsMatch(a: Labels, b: Labels): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const k of keys) if (!BALANCING_IGNORED_LABELS.has(k) && a[k] !== b[k]) return false;
  return true;
}

function requestedOf(t: NodeTemplate): { cpu: number; mem: number } {
  let cpu = 0;
  let mem = 0;
  for (const p of t.pods) {
    cpu += p.requests.cpuMillis;
    mem += p.requests.memoryMiB;
  }
  return { cpu, mem };
}

function sameExtended(a: Resources, b: Resources): boolean {
  const keys = new Set([...Object.keys(a.extended ?? {}), ...Object.keys(b.extended ?? {})]);
  for (const k of keys) if ((a.extended?.[k] ?? 0) !== (b.extended?.[k] ?? 0)) return false;
  return true;
}

/**
 * `IsCloudProviderNodeInfoSimilar` with the AWS comparator: identical capacity except memory within
 * 1.5%; allocatable and free (allocatable − template pods) within 5%; identical labels apart from the
 * ignored ones (zone, hostname, node-group names, lifecycle, ...).
 */
export function templatesSimilar(a: NodeTemplate, b: NodeTemplate): boolean {
  const ca = a.capacity;
  const cb = b.capacity;
  if (ca.cpuMillis !== cb.cpuMillis || ca.gpus !== cb.gpus || ca.pods !== cb.pods || !sameExtended(ca, cb)) return false;
  if (!within(ca.memoryMiB, cb.memoryMiB, CaConstants.maxMemoryDifferenceRatio)) return false;
  const r = CaConstants.maxAllocatableDifferenceRatio;
  if (!within(a.allocatable.cpuMillis, b.allocatable.cpuMillis, r) || !within(a.allocatable.memoryMiB, b.allocatable.memoryMiB, r)) return false;
  const ra = requestedOf(a);
  const rb = requestedOf(b);
  const f = CaConstants.maxFreeDifferenceRatio;
  if (!within(a.allocatable.cpuMillis - ra.cpu, b.allocatable.cpuMillis - rb.cpu, f)) return false;
  if (!within(a.allocatable.memoryMiB - ra.mem, b.allocatable.memoryMiB - rb.mem, f)) return false;
  return labelsMatch(a.labels, b.labels);
}

export interface BalancedIncrease {
  readonly group: NodeGroupInfo;
  readonly currentSize: number;
  readonly newSize: number;
}

/**
 * `BalanceScaleUpBetweenGroups`: water-filling. Groups sorted by current size; each new node goes to the
 * smallest group still below its max size. Groups that receive nothing are left out of the result.
 */
export function balanceScaleUp(groups: readonly NodeGroupInfo[], newNodes: number): BalancedIncrease[] {
  const infos = groups
    .map((g, i) => ({ group: g, currentSize: g.targetSize, newSize: g.targetSize, i }))
    .filter((x) => x.currentSize < x.group.maxSize)
    .sort((a, b) => a.currentSize - b.currentSize || a.i - b.i);
  let left = newNodes;
  while (left > 0) {
    let pick: (typeof infos)[number] | undefined;
    for (const x of infos) if (x.newSize < x.group.maxSize && (!pick || x.newSize < pick.newSize)) pick = x;
    if (!pick) break;
    pick.newSize++;
    left--;
  }
  return infos.filter((x) => x.newSize > x.currentSize).map(({ group, currentSize, newSize }) => ({ group, currentSize, newSize }));
}
