import type { Pod } from '../../../model/index.js';
import { CaAnnotations } from '../constants.js';
import type { PdbTracker } from './pdb-tracker.js';
import { isLongTerminating } from './utilization.js';

/** skip: ignored; drain: evicted (rescheduled elsewhere unless a DaemonSet pod); block: the node stays. */
export type DrainOutcome =
  | { readonly kind: 'skip' }
  | { readonly kind: 'drain'; readonly reschedule: boolean }
  | { readonly kind: 'block'; readonly reason: string };

export interface DrainContext {
  readonly now: number;
  readonly pdbs: PdbTracker;
  readonly skipNodesWithSystemPods: boolean;
  readonly skipNodesWithLocalStorage: boolean;
  readonly skipNodesWithCustomControllerPods: boolean;
  /** `--blocking-system-pod-distruption-timeout` (1.33+); undefined before. */
  readonly blockingSystemPodSeconds: number | undefined;
}

/** Controller kinds whose pods CA knows how to recreate (Deployment stands for its ReplicaSet, CronJob for its Job). */
const KNOWN_CONTROLLERS: ReadonlySet<string> = new Set(['ReplicaSet', 'Deployment', 'ReplicationController', 'StatefulSet', 'Job', 'CronJob', 'DaemonSet']);

const DRAIN: DrainOutcome = { kind: 'drain', reschedule: true };
const SKIP: DrainOutcome = { kind: 'skip' };

/**
 * The default drainability rules in upstream order; the first definite outcome wins: mirror, long
 * terminating (skip); DaemonSet, safe-to-evict "true", terminal (drain); safe-to-evict "on-completion"
 * (wait: blocks for now); no controller / custom controller, kube-system without PDB, safe-to-evict
 * "false", local storage, exhausted PDB (block); anything else drains and is rescheduled.
 */
export function podDrainability(pod: Pod, ctx: DrainContext): DrainOutcome {
  const kind = pod.owner?.kind;
  if (kind === 'Node') return SKIP;
  if (isLongTerminating(pod, ctx.now)) return SKIP;
  if (kind === 'DaemonSet') return { kind: 'drain', reschedule: false };
  const safeToEvict = pod.annotations[CaAnnotations.safeToEvict];
  if (safeToEvict === 'true') return DRAIN;
  if (pod.status.phase === 'Succeeded' || pod.status.phase === 'Failed') return { kind: 'drain', reschedule: false };
  if (safeToEvict === 'on-completion') return { kind: 'block', reason: `pod ${pod.namespace}/${pod.name} is safe to evict only on completion` };
  if (kind === undefined) return { kind: 'block', reason: `pod ${pod.namespace}/${pod.name} has no controller (NotReplicated)` };
  if (ctx.skipNodesWithCustomControllerPods && !KNOWN_CONTROLLERS.has(kind)) {
    return { kind: 'block', reason: `pod ${pod.namespace}/${pod.name} has a custom controller ${kind} (NotReplicated)` };
  }
  if (ctx.skipNodesWithSystemPods && pod.namespace === 'kube-system' && !ctx.pdbs.hasMatching(pod)) {
    const expired = ctx.blockingSystemPodSeconds !== undefined && pod.createdAt + ctx.blockingSystemPodSeconds < ctx.now;
    if (!expired) return { kind: 'block', reason: `kube-system pod ${pod.name} has no PodDisruptionBudget (UnmovableKubeSystemPod)` };
  }
  if (safeToEvict === 'false') return { kind: 'block', reason: `pod ${pod.namespace}/${pod.name} is annotated safe-to-evict=false (NotSafeToEvictAnnotation)` };
  if (ctx.skipNodesWithLocalStorage && pod.localStorage && !pod.annotations[CaAnnotations.safeToEvictLocalVolumes]) {
    return { kind: 'block', reason: `pod ${pod.namespace}/${pod.name} uses local storage (LocalStorageRequested)` };
  }
  const pdb = ctx.pdbs.blocking(pod);
  if (pdb !== undefined) return { kind: 'block', reason: `pod ${pod.namespace}/${pod.name} is covered by PodDisruptionBudget ${pdb} with no disruption allowed (NotEnoughPdb)` };
  return DRAIN;
}
