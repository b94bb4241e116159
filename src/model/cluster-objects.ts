import type { LabelSelector } from './labels.js';
import type { PodSpec } from './pod.js';

export interface PodDisruptionBudget {
  readonly name: string;
  readonly namespace: string;
  readonly selector: LabelSelector;
  /** Exactly one of minAvailable / maxUnavailable: an integer or a percentage string such as "50%". */
  readonly minAvailable?: number | string;
  readonly maxUnavailable?: number | string;
}

/** A DaemonSet: one pod from `template` on every node the template may schedule onto. */
export interface DaemonSet {
  readonly name: string;
  readonly namespace: string;
  readonly template: Omit<PodSpec, 'owner' | 'namespace'>;
}

export interface PriorityClass {
  readonly name: string;
  readonly value: number;
}
