import type { CapacityType, Labels, Taint } from '../model/index.js';
import type { CloudError } from './errors.js';

/**
 * Auto Scaling groups as the Cluster Autoscaler baseline sees them (its AWS cloud provider's view):
 * min/max/desired, the instance types a group launches, and its scaling activities.
 */
export interface AutoScalingInstance {
  readonly id: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly lifecycleState: 'Pending' | 'InService' | 'Terminating';
}

export interface AutoScalingGroup {
  readonly name: string;
  readonly minSize: number;
  readonly maxSize: number;
  readonly desiredCapacity: number;
  /** Launch-template type or the mixed-instances overrides; the first is the template type. */
  readonly instanceTypes: readonly string[];
  readonly zones: readonly string[];
  /** on-demand, spot, or a mix (mixed-instances policy with a spot percentage above base). */
  readonly capacityType: CapacityType;
  /** Node labels and taints (from `k8s.io/cluster-autoscaler/node-template/...` tags or plain fields). */
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly instances: readonly AutoScalingInstance[];
}

export interface ScalingActivity {
  readonly groupName: string;
  readonly at: number;
  readonly status: 'Successful' | 'Failed' | 'InProgress';
  readonly statusCode?: string;
  readonly description: string;
}

export type AutoScalingResult = { readonly ok: true } | { readonly ok: false; readonly error: CloudError };

export interface AutoScalingProvider {
  groups(): readonly AutoScalingGroup[];
  group(name: string): AutoScalingGroup | undefined;
  setDesiredCapacity(groupName: string, desired: number, done: (result: AutoScalingResult) => void): void;
  /** Terminate one instance of a group, decrementing desired capacity when asked (CA always does). */
  terminateInstanceInGroup(instanceId: string, decrementDesired: boolean, done: (result: AutoScalingResult) => void): void;
  /** Activities of a group since a time, newest first. */
  scalingActivities(groupName: string, since: number): readonly ScalingActivity[];
}
