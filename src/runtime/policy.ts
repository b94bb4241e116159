import type { AutoScalingProvider } from '../cloud/auto-scaling.js';
import type { CloudProvider } from '../cloud/cloud-provider.js';
import type { MockEc2 } from '../cloud/mock-ec2/index.js';
import type { SimCluster } from '../cluster/sim/index.js';
import type { Instance } from '../cloud/cloud-provider.js';
import type { DecisionSink, InstanceType, Labels } from '../model/index.js';
import type { RandomSource } from '../sim/random.js';
import type { SimClock } from '../sim/sim-clock.js';
import type { PolicyName } from '../scenario/schema.js';
import type { InitialNode } from './initial-state.js';
import type { DecorateNode } from './node-bootstrap.js';
import type { ResolvedScenario } from './resolved-scenario.js';

/** Everything a policy needs to run in the simulated world. */
export interface PolicyContext {
  readonly clock: SimClock;
  readonly random: RandomSource;
  readonly cluster: SimCluster;
  readonly ec2: MockEc2;
  /** The cloud as the policy sees it (the mock, wrapped to record launch requests). */
  readonly cloud: CloudProvider;
  readonly autoscaling: AutoScalingProvider;
  readonly catalog: readonly InstanceType[];
  readonly scenario: ResolvedScenario;
  readonly decisions: DecisionSink;
}

/** How a policy takes over one node of the scenario's `initialState` (see initial-state-seed.ts). */
export interface InitialNodeAdoption {
  /** Who manages the node from now on (counted in the `initial-state` decision). */
  readonly by: { readonly nodePool: string } | { readonly nodeGroup: string };
  /** Tags the node's instance carries (karpenter.sh/nodeclaim, aws:autoscaling:groupName, ...). */
  readonly tags: Readonly<Record<string, string>>;
  /** Labels the node carries on top of the policy's decoration (e.g. karpenter.sh/registered). */
  readonly labels?: Labels;
  /** Called once the instance exists and its node is registered and Ready (e.g. to create its NodeClaim). */
  adopted?(instance: Instance, nodeName: string): void;
}

/**
 * A policy set up in a world: how it dresses the nodes of its instances (known before anything launches),
 * which nodes of an initial state it manages (called for each initial node, in order, before `start`;
 * undefined or absent: the node is unmanaged), then start and stop.
 */
export interface Policy {
  readonly decorateNode: DecorateNode;
  adoptInitialNode?(node: InitialNode): InitialNodeAdoption | undefined;
  start(): void;
  stop(): void;
}

export type PolicyFactory = (ctx: PolicyContext) => Policy;

export type PolicyRegistry = Readonly<Record<PolicyName, PolicyFactory>>;
