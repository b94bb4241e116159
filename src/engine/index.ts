/**
 * @module engine — the Karpenter-style engine: provisioning (batcher, scheduler simulation, launcher),
 * the NodeClaim lifecycle (launch, registration, initialization, liveness) and termination, written
 * against the Clock, Cluster and CloudProvider ports only.
 */
import type { CloudProvider, Instance } from '../cloud/cloud-provider.js';
import type { Cluster } from '../cluster/cluster.js';
import type { DecisionSink, NodeClass, NodePool } from '../model/index.js';
import type { Clock } from '../sim/clock.js';
import { EngineConfig, type ConfigChange } from './config.js';
import { createDisruption, DisruptionDecisions, resolveDisruptionOptions, type Disruption, type DisruptionOptions, type NodeClaimTerminator } from './disruption/index.js';
import { ExpirationController } from './expiration/expiration-controller.js';
import { InstanceTypes } from './instance-types.js';
import { InterruptionController } from './interruption/interruption-controller.js';
import { NodeClaimLifecycle } from './nodeclaim/lifecycle-controller.js';
import { nodeBootTemplate } from './nodeclaim/registration.js';
import { resolveEngineOptions, Tags, type KarpenterEngineOptions } from './options.js';
import { Launcher } from './provisioning/launcher.js';
import { Provisioner } from './provisioning/provisioner.js';
import { templateHash } from './provisioning/template-hash.js';
import { ClusterState } from './state/cluster-state.js';
import { UnavailableOfferings } from './state/unavailable-offerings.js';
import { requestDeletion } from './termination/request-deletion.js';
import { TerminationController } from './termination/termination-controller.js';

/** Which controllers run besides provisioning, the NodeClaim lifecycle and termination (all by default). */
export interface EngineControllers {
  readonly disruption?: boolean;
  readonly expiration?: boolean;
  readonly interruption?: boolean;
}

export interface KarpenterEngineConfig {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly cloud: CloudProvider;
  readonly nodePools: readonly NodePool[];
  readonly nodeClasses: readonly NodeClass[];
  readonly decisions: DecisionSink;
  readonly options?: Partial<KarpenterEngineOptions>;
  readonly disruptionOptions?: Partial<DisruptionOptions>;
  /**
   * The drift hash of a NodePool with its NodeClass, stamped on new NodeClaims and compared by drift
   * detection (the runtime passes the scenario's `templateHash`); the engine's own `templateHash` by default.
   */
  readonly hashOf?: (pool: NodePool, nodeClass: NodeClass) => string;
  readonly controllers?: EngineControllers;
}

/** The running engine's parts, for composition and tests. */
export interface KarpenterEngine {
  start(): void;
  stop(): void;
  /**
   * How the node of one of the engine's instances should boot (NodeClaim labels, NodePool taints and
   * startup taints, `karpenter.sh/unregistered:NoExecute`), found through its `karpenter.sh/nodeclaim`
   * tag; undefined for instances the engine did not launch. For whoever registers nodes (the runtime).
   */
  bootTemplateFor(instance: Instance): ReturnType<typeof nodeBootTemplate> | undefined;
  /**
   * Change NodePools / NodeClasses: same-named ones are replaced, new ones added, listed names removed.
   * Drift is re-evaluated at once; the next batches use the new configuration.
   */
  updateConfig(change: ConfigChange): void;
  /** The same as `updateConfig` (the name the runtime's scripted `karpenter.changes` use). */
  applyConfig(change: ConfigChange): void;
  readonly options: KarpenterEngineOptions;
  readonly config: EngineConfig;
  readonly state: ClusterState;
  readonly unavailableOfferings: UnavailableOfferings;
  readonly instanceTypes: InstanceTypes;
  readonly launcher: Launcher;
  readonly terminator: NodeClaimTerminator;
  readonly provisioner: Provisioner;
  readonly lifecycle: NodeClaimLifecycle;
  readonly termination: TerminationController;
  readonly disruption?: Disruption;
  readonly expiration?: ExpirationController;
  readonly interruption?: InterruptionController;
}

export function createKarpenterEngine(cfg: KarpenterEngineConfig): KarpenterEngine {
  const { clock, cluster, cloud, decisions } = cfg;
  const options = resolveEngineOptions(cfg.options);
  const controllers = { disruption: true, expiration: true, interruption: true, ...cfg.controllers };
  const config = new EngineConfig(cfg.nodePools, cfg.nodeClasses);
  const state = new ClusterState(cluster, clock);
  const unavailableOfferings = new UnavailableOfferings(clock, options.unavailableOfferingTtlSeconds);
  const instanceTypes = new InstanceTypes(cloud, config);
  const userHash = cfg.hashOf;
  // NodePools and NodeClasses are values (a configuration change replaces them): a hash is worked out once per pair.
  const hashes = new WeakMap<NodePool, { cls: NodeClass | undefined; hash: string }>();
  const hashOf = (pool: NodePool, cls: NodeClass | undefined): string => {
    const known = hashes.get(pool);
    if (known && known.cls === cls) return known.hash;
    const hash = userHash && cls ? userHash(pool, cls) : templateHash(pool, cls);
    hashes.set(pool, { cls, hash });
    return hash;
  };
  const launcher = new Launcher(clock, cluster, state, config, decisions, hashOf);
  const terminator: NodeClaimTerminator = {
    delete: (name, reason) => {
      const claim = cluster.nodeClaim(name);
      if (claim) requestDeletion(clock, cluster, claim, reason);
    },
  };
  const provisioner = new Provisioner({ clock, cluster, state, unavailable: unavailableOfferings, instanceTypes, config, launcher, decisions, options });
  const lifecycle = new NodeClaimLifecycle({ clock, cluster, cloud, state, unavailable: unavailableOfferings, instanceTypes, decisions, options });
  const termination = new TerminationController({ clock, cluster, cloud, state, decisions, options, config });
  const disruption = controllers.disruption
    ? createDisruption({
        clock,
        cluster,
        state,
        config,
        instanceTypes,
        isOfferingAvailable: unavailableOfferings.isAvailable,
        launcher,
        terminator,
        decisions,
        options: resolveDisruptionOptions(cfg.disruptionOptions),
        simulation: { maxInstanceTypes: options.maxInstanceTypes, preferencePolicy: options.preferencePolicy },
        hashOf,
      })
    : undefined;
  const disruptionDecisions = disruption?.decisions ?? new DisruptionDecisions(decisions, () => clock.now());
  const expiration = controllers.expiration
    ? new ExpirationController({ clock, cluster, state, config, terminator, decisions: disruptionDecisions })
    : undefined;
  const interruption = controllers.interruption
    ? new InterruptionController({
        cluster,
        cloud,
        state,
        terminator,
        decisions: disruptionDecisions,
        markUnavailable: (it, zone, ct) => unavailableOfferings.mark(it, zone, ct),
      })
    : undefined;
  let running = false;
  const updateConfig = (change: ConfigChange): void => {
    config.update(change);
    disruption?.configChanged();
    expiration?.configChanged();
  };
  return {
    options,
    config,
    state,
    unavailableOfferings,
    instanceTypes,
    launcher,
    terminator,
    provisioner,
    lifecycle,
    termination,
    ...(disruption ? { disruption } : {}),
    ...(expiration ? { expiration } : {}),
    ...(interruption ? { interruption } : {}),
    start(): void {
      if (running) return;
      running = true;
      lifecycle.start();
      termination.start();
      provisioner.start();
      interruption?.start();
      expiration?.start();
      disruption?.start();
    },
    stop(): void {
      if (!running) return;
      running = false;
      disruption?.stop();
      expiration?.stop();
      interruption?.stop();
      provisioner.stop();
      termination.stop();
      lifecycle.stop();
      state.stop();
    },
    bootTemplateFor(instance: Instance) {
      const name = instance.tags[Tags.nodeClaim];
      const claim = name !== undefined ? cluster.nodeClaim(name) : undefined;
      return claim ? nodeBootTemplate(claim) : undefined;
    },
    updateConfig,
    applyConfig: updateConfig,
  };
}

export { DEFAULT_ENGINE_OPTIONS, resolveEngineOptions, Tags, type KarpenterEngineOptions } from './options.js';
export { simulateScheduling, orderNodePools, type SchedulingResult, type PlannedNodeClaim, type SimulationOptions } from './provisioning/simulation/index.js';
export type { StateNode } from './state/state-node.js';
export { nodeBootTemplate, nodeClaimLabels, UNREGISTERED_TAINT } from './nodeclaim/registration.js';
export { launchedNodeClaimStatus } from './nodeclaim/launched-status.js';
export { requestDeletion, type DeletionReason } from './termination/request-deletion.js';
export { templateHash } from './provisioning/template-hash.js';
export { EngineConfig, type ConfigChange } from './config.js';
