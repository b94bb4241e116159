import { isDaemonSetPod } from '../../model/index.js';
import type { Pod } from '../../model/index.js';
import { CaAnnotations, CaConstants } from './constants.js';

/**
 * `ArrangePodsBySchedulability`: a pod is unschedulable when it has no node and kube-scheduler marked it
 * PodScheduled=False/Unschedulable. Pods being deleted and pods that are nominated are left out.
 */
export function isUnschedulable(pod: Pod): boolean {
  return (
    pod.status.phase === 'Pending' &&
    pod.status.nodeName === undefined &&
    pod.status.unschedulable &&
    pod.status.deletionAt === undefined &&
    pod.status.nominatedNodeName === undefined
  );
}

/** `--expendable-pods-priority-cutoff`: pods below it never trigger a scale-up. */
export function isExpendable(pod: Pod, cutoff: number): boolean {
  return pod.priority < cutoff;
}

/** The DaemonSet pods filter of the pod list processors. */
export function dropDaemonSetPods(pods: readonly Pod[]): Pod[] {
  return pods.filter((p) => !isDaemonSetPod(p));
}

function parseDurationSeconds(value: string): number | undefined {
  const re = /(\d+(?:\.\d+)?)(h|ms|m|s)/g;
  let total = 0;
  let matched = '';
  for (let m = re.exec(value); m; m = re.exec(value)) {
    const n = Number(m[1]);
    total += m[2] === 'h' ? n * 3600 : m[2] === 'm' ? n * 60 : m[2] === 's' ? n : n / 1000;
    matched += m[0];
  }
  return matched.length > 0 && matched === value.trim() ? total : undefined;
}

/**
 * `filterOutYoungPods`: pods younger than `--new-pod-scale-up-delay` wait; the pod annotation
 * `cluster-autoscaler.kubernetes.io/pod-scale-up-delay` may only lengthen the delay.
 */
export function filterOutYoungPods(pods: readonly Pod[], newPodScaleUpDelaySeconds: number, now: number): Pod[] {
  return pods.filter((pod) => {
    let delay = newPodScaleUpDelaySeconds;
    const annotated = pod.annotations[CaAnnotations.podScaleUpDelay];
    if (annotated !== undefined) {
      const d = parseDurationSeconds(annotated);
      if (d !== undefined && d > delay) delay = d;
    }
    return pod.createdAt + delay <= now;
  });
}

/**
 * `allPodsAreNew`: true when the oldest pending pod is younger than 2 s, or when there are GPU pods and
 * the oldest of them is younger than 30 s. Then nothing scales up (and scale-down waits) this loop.
 */
export function allPodsAreNew(pods: readonly Pod[], now: number): boolean {
  let oldest = Infinity;
  let oldestGpu = Infinity;
  for (const p of pods) {
    if (p.createdAt < oldest) oldest = p.createdAt;
    if (p.requests.gpus > 0 && p.createdAt < oldestGpu) oldestGpu = p.createdAt;
  }
  if (oldest + CaConstants.unschedulablePodTimeBufferSeconds > now) return true;
  return oldestGpu !== Infinity && oldestGpu + CaConstants.unschedulablePodWithGpuTimeBufferSeconds > now;
}

/** Pending pods sorted by priority, highest first (stable), as `filter_out_schedulable` packs them. */
export function byPriorityDescending<T extends { readonly priority: number }>(pods: readonly T[]): T[] {
  return pods
    .map((p, i) => ({ p, i }))
    .sort((a, b) => b.p.priority - a.p.priority || a.i - b.i)
    .map((x) => x.p);
}
