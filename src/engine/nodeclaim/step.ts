import type { CloudProvider } from '../../cloud/cloud-provider.js';
import type { Cluster } from '../../cluster/cluster.js';
import type { DecisionSink, NodeClaim } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { InstanceTypes } from '../instance-types.js';
import type { KarpenterEngineOptions } from '../options.js';
import type { ClusterState } from '../state/cluster-state.js';
import type { UnavailableOfferings } from '../state/unavailable-offerings.js';

/** What the lifecycle steps share. */
export interface LifecycleContext {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly cloud: CloudProvider;
  readonly state: ClusterState;
  readonly unavailable: UnavailableOfferings;
  readonly instanceTypes: InstanceTypes;
  readonly decisions: DecisionSink;
  readonly options: KarpenterEngineOptions;
  /** Ask for another look at a claim soon (an asynchronous answer arrived). */
  readonly wake: (claimName: string) => void;
}

/**
 * One ordered sub-reconciler of the NodeClaim lifecycle (launch, registration, initialization,
 * liveness). Returns seconds until it wants to look at the claim again, or undefined.
 */
export interface LifecycleStep {
  readonly name: string;
  reconcile(claim: NodeClaim): number | undefined;
}
