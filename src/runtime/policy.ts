import type { AutoScalingProvider } from '../cloud/auto-scaling.js';
import type { CloudProvider } from '../cloud/cloud-provider.js';
import type { MockEc2 } from '../cloud/mock-ec2/index.js';
import type { SimCluster } from '../cluster/sim/index.js';
import type { DecisionSink, InstanceType } from '../model/index.js';
import type { RandomSource } from '../sim/random.js';
import type { SimClock } from '../sim/sim-clock.js';
import type { PolicyName } from '../scenario/schema.js';
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

/**
 * A policy set up in a world: how it dresses the nodes of its instances (known before anything launches),
 * then start and stop.
 */
export interface Policy {
  readonly decorateNode: DecorateNode;
  start(): void;
  stop(): void;
}

export type PolicyFactory = (ctx: PolicyContext) => Policy;

export type PolicyRegistry = Readonly<Record<PolicyName, PolicyFactory>>;
