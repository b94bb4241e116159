/**
 * @module engine — the Karpenter-style engine: provisioning (batcher, scheduler simulation, launcher),
 * the NodeClaim lifecycle (launch, registration, initialization, liveness) and termination, written
 * against the Clock, Cluster and CloudProvider ports only.
 */
import type { CloudProvider } from '../cloud/cloud-provider.js';
import type { Cluster } from '../cluster/cluster.js';
import type { DecisionSink, NodeClass, NodePool } from '../model/index.js';
import type { Clock } from '../sim/clock.js';
import { InstanceTypes } from './instance-types.js';
import { NodeClaimLifecycle } from './nodeclaim/lifecycle-controller.js';
import { resolveEngineOptions, type KarpenterEngineOptions } from './options.js';
import { Launcher } from './provisioning/launcher.js';
import { Provisioner } from './provisioning/provisioner.js';
import { ClusterState } from './state/cluster-state.js';
import { UnavailableOfferings } from './state/unavailable-offerings.js';
import { TerminationController } from './termination/termination-controller.js';

export interface KarpenterEngineConfig {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly cloud: CloudProvider;
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly NodeClass[];
  readonly decisions: DecisionSink;
  readonly options?: Partial<KarpenterEngineOptions>;
}

/** The running engine's parts, for composition (disruption, interruption) and tests. */
export interface KarpenterEngine {
  start(): void;
  stop(): void;
  readonly options: KarpenterEngineOptions;
  readonly state: ClusterState;
  readonly unavailableOfferings: UnavailableOfferings;
  readonly instanceTypes: InstanceTypes;
  readonly provisioner: Provisioner;
  readonly lifecycle: NodeClaimLifecycle;
  readonly termination: TerminationController;
}

export function createKarpenterEngine(config: KarpenterEngineConfig): KarpenterEngine {
  const { clock, cluster, cloud, decisions } = config;
  const options = resolveEngineOptions(config.options);
  const state = new ClusterState(cluster, clock);
  const unavailableOfferings = new UnavailableOfferings(clock, options.unavailableOfferingTtlSeconds);
  const instanceTypes = new InstanceTypes(cloud, config.nodeClasses);
  const launcher = new Launcher(clock, cluster, state, decisions);
  const provisioner = new Provisioner({
    clock,
    cluster,
    state,
    unavailable: unavailableOfferings,
    instanceTypes,
    nodePools: config.nodePools,
    launcher,
    decisions,
    options,
  });
  const lifecycle = new NodeClaimLifecycle({ clock, cluster, cloud, state, unavailable: unavailableOfferings, instanceTypes, decisions, options });
  const termination = new TerminationController({ clock, cluster, cloud, state, decisions, options });
  let running = false;
  return {
    options,
    state,
    unavailableOfferings,
    instanceTypes,
    provisioner,
    lifecycle,
    termination,
    start(): void {
      if (running) return;
      running = true;
      lifecycle.start();
      termination.start();
      provisioner.start();
    },
    stop(): void {
      if (!running) return;
      running = false;
      provisioner.stop();
      termination.stop();
      lifecycle.stop();
      state.stop();
    },
  };
}

export { DEFAULT_ENGINE_OPTIONS, resolveEngineOptions, Tags, type KarpenterEngineOptions } from './options.js';
export { simulateScheduling, orderNodePools, type SchedulingResult, type PlannedNodeClaim, type SimulationOptions } from './provisioning/simulation/index.js';
export type { StateNode } from './state/state-node.js';
export { nodeBootTemplate, nodeClaimLabels, UNREGISTERED_TAINT } from './nodeclaim/registration.js';
export { requestDeletion, type DeletionReason } from './termination/request-deletion.js';
export { templateHash } from './provisioning/template-hash.js';
