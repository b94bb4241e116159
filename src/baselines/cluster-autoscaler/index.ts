import type { AutoScalingProvider } from '../../cloud/auto-scaling.js';
import type { Cluster } from '../../cluster/cluster.js';
import type { ClusterAutoscalerOptions, DecisionSink, InstanceType, NodeGroupSpec } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { RandomChoice } from './expanders/expander.js';
import { ScanLoop } from './loop.js';
import { StaticAutoscaler } from './static-autoscaler.js';

export type { RandomChoice } from './expanders/expander.js';
export { ExpanderConfigError } from './expanders/chain.js';
export type { LoopResult } from './static-autoscaler.js';
export { StaticAutoscaler } from './static-autoscaler.js';

export interface ClusterAutoscalerDeps {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly autoscaling: AutoScalingProvider;
  readonly instanceTypes: readonly InstanceType[];
  readonly nodeGroups: readonly NodeGroupSpec[];
  readonly options: ClusterAutoscalerOptions;
  readonly decisions: DecisionSink;
  /** Tie-breaks and the random expander (a `RandomStream`, e.g. `random.stream('cluster-autoscaler')`). */
  readonly random: RandomChoice;
}

export interface ClusterAutoscalerHandle {
  start(): void;
  stop(): void;
  /** The loop's state, for tests and inspection. */
  readonly autoscaler: StaticAutoscaler;
}

/**
 * The Cluster Autoscaler baseline: its scan loop over `RunOnce`, acting on the cluster and the Auto
 * Scaling groups through their ports. Throws `ExpanderConfigError` for an unusable `--expander` (e.g.
 * `price`, which exits at start-up on AWS).
 */
export function createClusterAutoscaler(deps: ClusterAutoscalerDeps): ClusterAutoscalerHandle {
  const autoscaler = new StaticAutoscaler(deps);
  const loop = new ScanLoop(deps.clock, deps.cluster, deps.options, (now) => autoscaler.runOnce(now));
  return {
    start: () => loop.start(),
    stop: () => {
      loop.stop();
      autoscaler.stop();
    },
    autoscaler,
  };
}
