import { isDaemonSetPod, isTerminal, TaintKeys, type Pod, type Taint } from '../../model/index.js';
import { toleratesTaint } from '../../scheduling/index.js';

export const DISRUPTED_TAINT: Taint = Object.freeze({ key: TaintKeys.disrupted, effect: 'NoSchedule' });

const CRITICAL_CLASSES = new Set(['system-cluster-critical', 'system-node-critical']);

function isCritical(pod: Pod): boolean {
  return pod.priorityClassName !== undefined && CRITICAL_CLASSES.has(pod.priorityClassName);
}

/** Pods a drain waits for: not finished, not mirror pods, not tolerating the disrupted taint. */
export function drainable(pod: Pod): boolean {
  return !isTerminal(pod) && pod.owner?.kind !== 'Node' && !toleratesTaint(pod.tolerations, DISRUPTED_TAINT);
}

/**
 * Karpenter's eviction order, as tiers: a tier is evicted only once the tiers before it are gone.
 * Non-critical non-DaemonSet pods, then non-critical DaemonSet pods, then critical non-DaemonSet, then
 * critical DaemonSet pods.
 */
export function drainTiers(pods: readonly Pod[]): Pod[][] {
  const tiers: Pod[][] = [[], [], [], []];
  for (const p of pods) {
    if (!drainable(p)) continue;
    tiers[(isCritical(p) ? 2 : 0) + (isDaemonSetPod(p) ? 1 : 0)].push(p);
  }
  return tiers.filter((t) => t.length > 0);
}
