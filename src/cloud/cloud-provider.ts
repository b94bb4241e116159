import type { CapacityType, InstanceType, NodeClass } from '../model/index.js';
import type { CloudError, UnavailableOffering } from './errors.js';

/**
 * The CloudProvider port: instance types with offerings, launching and terminating instances, and the
 * interruption channel. Calls complete through callbacks so that the simulation needs no promises on its
 * hot path (the mock answers through the Clock after a sampled API latency; the AWS adapter when the SDK
 * call resolves).
 */
export type InstanceState = 'pending' | 'running' | 'stopping' | 'stopped' | 'shutting-down' | 'terminated';

export interface Instance {
  readonly id: string;
  /** `aws:///<zone>/<id>` */
  readonly providerID: string;
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  readonly pricePerHour: number;
  readonly launchedAt: number;
  readonly state: InstanceState;
  readonly tags: Readonly<Record<string, string>>;
}

export interface LaunchOverride {
  readonly instanceType: string;
  readonly zone: string;
  readonly capacityType: CapacityType;
  /** Lower runs first for lowest-price / prioritized strategies; the offering's price by default. */
  readonly priority?: number;
}

/** One CreateFleet(instant, TotalTargetCapacity=1) request for a NodeClaim. */
export interface LaunchRequest {
  readonly nodeClaimName: string;
  readonly nodePoolName: string;
  readonly nodeClassName: string;
  readonly capacityType: CapacityType;
  /** Allowed (type × zone) pools of that capacity type, cheapest first (at most 60). */
  readonly overrides: readonly LaunchOverride[];
  /** Ownership and bookkeeping tags (cluster, NodePool, NodeClaim). */
  readonly tags: Readonly<Record<string, string>>;
}

export type LaunchResult =
  | {
      readonly ok: true;
      readonly instance: Instance;
      /** Offerings EC2 Fleet tried first and found without capacity (per-override errors of a successful call). */
      readonly unavailable?: readonly UnavailableOffering[];
    }
  | { readonly ok: false; readonly error: CloudError };
export type TerminateResult = { readonly ok: true } | { readonly ok: false; readonly error: CloudError };

/** What arrives on the interruption channel (Karpenter's SQS queue kinds). */
export type CloudEvent =
  | { readonly kind: 'spot-interruption-warning'; readonly instanceId: string; readonly at: number; readonly terminationAt: number }
  | { readonly kind: 'rebalance-recommendation'; readonly instanceId: string; readonly at: number }
  | { readonly kind: 'scheduled-change'; readonly instanceId: string; readonly at: number }
  | {
      readonly kind: 'instance-state-change';
      readonly instanceId: string;
      readonly at: number;
      readonly state: 'stopping' | 'stopped' | 'shutting-down' | 'terminated';
    };

export interface CloudProvider {
  readonly name: string;
  /**
   * Every instance type with its offerings (availability as the cloud knows it). When a NodeClass is
   * given, allocatable reflects its kubelet settings (maxPods, podsPerCore, reserved resources).
   */
  instanceTypes(nodeClass?: NodeClass): readonly InstanceType[];
  launch(request: LaunchRequest, done: (result: LaunchResult) => void): void;
  /** Terminate an instance; answers InvalidInstanceID.NotFound once it is gone. */
  terminate(instanceId: string, done: (result: TerminateResult) => void): void;
  get(instanceId: string, done: (instance: Instance | undefined) => void): void;
  /** Instances carrying the given tags (used to find leaked instances). */
  list(tags: Readonly<Record<string, string>>, done: (instances: readonly Instance[]) => void): void;
  onEvent(listener: (event: CloudEvent) => void): () => void;
}
