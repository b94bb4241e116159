import type { Taint } from '../../../model/index.js';
import { untoleratedTaint } from '../../../scheduling/index.js';
import type { SchedulingPod } from './scheduling-pod.js';

/** Karpenter treats every taint effect, PreferNoSchedule included, as a constraint until relaxed. */
export const ALL_EFFECTS = ['NoSchedule', 'NoExecute', 'PreferNoSchedule'] as const;

export function taintFailure(spod: SchedulingPod, taints: readonly Taint[]): string | undefined {
  const t = untoleratedTaint(spod.tolerations, taints, ALL_EFFECTS);
  return t ? `did not tolerate taint ${t.key}${t.value !== undefined ? `=${t.value}` : ''}:${t.effect}` : undefined;
}

export function hostPortFailure(spod: SchedulingPod, inUse: ReadonlySet<number>): string | undefined {
  for (const p of spod.hostPorts) if (inUse.has(p)) return `host port ${p} in use`;
  return undefined;
}
