import type { Labels, Taint } from './labels.js';
import type { Resources } from './resources.js';

export type CapacityType = 'on-demand' | 'spot';

/** A Kubernetes Node as the cluster shows it. Mutated only by the cluster. */
export interface Node {
  readonly name: string;
  labels: Labels;
  taints: Taint[];
  readonly annotations: Record<string, string>;
  readonly capacity: Resources;
  readonly allocatable: Resources;
  /** e.g. `aws:///us-east-1a/i-0123...`; links the node to its instance and NodeClaim. */
  readonly providerID: string;
  ready: boolean;
  /** Cordoned (spec.unschedulable). */
  unschedulable: boolean;
  readonly createdAt: number;
  readyAt?: number;
  deletionAt?: number;
}

export function instanceIdFromProviderID(providerID: string): string {
  const i = providerID.lastIndexOf('/');
  return i >= 0 ? providerID.slice(i + 1) : providerID;
}
