import type { PodSpec } from '../../model/index.js';
import type { SnapshotPod } from './snapshot.js';

const specKeys = new WeakMap<object, string>();

/**
 * The scheduling-relevant part of a pod (labels and spec), as a string: two pods with the same string
 * are scheduled identically. Cached per pod object (a pod's spec never changes).
 */
export function specKey(pod: PodSpec): string {
  let key = specKeys.get(pod);
  if (key === undefined) {
    key = JSON.stringify([
      pod.namespace,
      pod.labels,
      pod.requests,
      pod.nodeSelector,
      pod.affinity ?? null,
      pod.tolerations,
      pod.topologySpreadConstraints,
      pod.hostPorts,
      pod.priority,
      pod.priorityClassName ?? null,
      pod.localStorage ?? false,
    ]);
    specKeys.set(pod, key);
  }
  return key;
}

/** Same controller and identical labels and spec; undefined for pods without a controller (singletons). */
export function equivalenceKey(pod: PodSpec): string | undefined {
  if (!pod.owner) return undefined;
  return `${pod.namespace}/${pod.owner.kind}/${pod.owner.name}|${specKey(pod)}`;
}

/** Pods that the scale-up treats as one: same controller, same labels and spec. */
export interface PodEquivalenceGroup {
  readonly key: string;
  readonly pods: SnapshotPod[];
  /** The pod whose feasibility stands for the group. */
  readonly sample: SnapshotPod;
}

/**
 * `equivalence.BuildPodGroups`: pods grouped by controller and identical spec, at most
 * `maxGroupsPerController` groups per controller (pods beyond that, and pods without a controller, are
 * singletons). Groups keep the order in which their first pod appears.
 */
export function buildPodEquivalenceGroups(pods: readonly SnapshotPod[], maxGroupsPerController: number): PodEquivalenceGroup[] {
  const groups: PodEquivalenceGroup[] = [];
  const byKey = new Map<string, PodEquivalenceGroup>();
  const groupsPerController = new Map<string, number>();
  for (const pod of pods) {
    const key = equivalenceKey(pod);
    if (key === undefined) {
      groups.push({ key: `pod/${pod.uid}`, pods: [pod], sample: pod });
      continue;
    }
    const existing = byKey.get(key);
    if (existing) {
      existing.pods.push(pod);
      continue;
    }
    const controller = `${pod.namespace}/${pod.owner!.kind}/${pod.owner!.name}`;
    const n = groupsPerController.get(controller) ?? 0;
    if (n >= maxGroupsPerController) {
      groups.push({ key: `pod/${pod.uid}`, pods: [pod], sample: pod });
      continue;
    }
    groupsPerController.set(controller, n + 1);
    const group: PodEquivalenceGroup = { key, pods: [pod], sample: pod };
    byKey.set(key, group);
    groups.push(group);
  }
  return groups;
}
