import type { Cluster } from '../../cluster/cluster.js';
import type { DecisionSink, InstanceType, NodeClass, NodePool, Offering } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { PlannedNodeClaim } from '../provisioning/simulation/index.js';
import type { ClusterState } from '../state/cluster-state.js';
import type { DisruptionDecisionReason } from './decisions.js';
import type { DisruptionOptions } from './options.js';

/**
 * What disruption, expiration and interruption need from the rest of the engine. The engine's
 * composition (`createKarpenterEngine`) provides these; tests provide small fakes.
 */

/** The NodePools and NodeClasses in force now (the runtime may change them during a run). */
export interface EngineConfigView {
  nodePools(): readonly NodePool[];
  nodePool(name: string): NodePool | undefined;
  nodeClass(name: string): NodeClass | undefined;
  /** Changes on every configuration change. */
  readonly revision: number;
}

/** Instance types as the cloud offers them to a NodePool (its NodeClass's kubelet settings applied). */
export interface InstanceTypeSource {
  forPool(pool: NodePool): readonly InstanceType[];
  /** One type by name, as seen through a NodeClass. */
  lookup(name: string, nodeClassName: string): InstanceType | undefined;
}

export type LaunchOutcome = { readonly ok: true; readonly nodeClaimName: string } | { readonly ok: false; readonly message: string };

/** Creates the NodeClaim for a planned node the way the provisioner does (its lifecycle then launches it). */
export interface ReplacementLauncher {
  launch(planned: PlannedNodeClaim, reason: DisruptionDecisionReason): LaunchOutcome;
}

/** Starts deleting a NodeClaim and its node (termination: taint, drain, terminate the instance). Idempotent. */
export interface NodeClaimTerminator {
  delete(nodeClaimName: string, reason: DisruptionDecisionReason): void;
}

/** Scheduler-simulation settings shared with the provisioner. */
export interface SimulationSettings {
  readonly maxInstanceTypes: number;
  readonly preferencePolicy: 'Respect' | 'Ignore';
}

export interface DisruptionDeps {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly state: ClusterState;
  readonly config: EngineConfigView;
  readonly instanceTypes: InstanceTypeSource;
  /** The cloud's availability plus the engine's unavailable-offerings (ICE) cache. */
  readonly isOfferingAvailable: (it: InstanceType, o: Offering) => boolean;
  readonly launcher: ReplacementLauncher;
  readonly terminator: NodeClaimTerminator;
  readonly decisions: DecisionSink;
  readonly options: DisruptionOptions;
  readonly simulation: SimulationSettings;
  /**
   * The drift hash of a NodePool with its NodeClass (the runtime passes the scenario's `templateHash`);
   * NodeClaims carry the hash of their creation. Without it, hash drift is not detected.
   */
  readonly hashOf?: (pool: NodePool, nodeClass: NodeClass) => string;
}
