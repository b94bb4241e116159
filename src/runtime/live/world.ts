import type { Instance } from '../../cloud/cloud-provider.js';
import type { MockEc2 } from '../../cloud/mock-ec2/index.js';
import type { SimCluster } from '../../cluster/sim/index.js';
import { nodeBootTemplate } from '../../engine/index.js';
import { LabelKeys, type DecisionSink, type InstanceType } from '../../model/index.js';
import type { PolicyName } from '../../scenario/schema.js';
import type { RandomSource } from '../../sim/random.js';
import type { SimClock } from '../../sim/sim-clock.js';
import { WorkloadDriver, type DriverCluster } from '../../workload/driver.js';
import { bootstrapNodes, instanceLabels, type DecorateNode, type NodeDecoration } from '../node-bootstrap.js';
import { POLICIES } from '../policies.js';
import type { Policy, PolicyContext } from '../policy.js';
import type { ResolvedScenario } from '../resolved-scenario.js';
import { createSimWorld } from '../sim-world.js';
import { checkPolicyConfigured } from '../run-scenario.js';
import { seedInitialState } from '../initial-state-seed.js';
import { withInitialPdbs } from '../simulate.js';

/** `none`: no autoscaler inside the world; an external controller (`fleetsim live`) launches through the EC2 API. */
export type ServedPolicy = PolicyName | 'none';

export const SERVED_POLICIES: readonly ServedPolicy[] = ['karpenter', 'cluster-autoscaler', 'static', 'none'];

export const NODECLAIM_TAG = 'karpenter.sh/nodeclaim';

export interface WorldOptions {
  readonly policy: ServedPolicy;
  readonly seed: number;
  /** Where the in-world policy's decisions go. Default: dropped. */
  readonly decisions?: DecisionSink;
}

/**
 * A simulated world (SimClock, mock EC2, SimCluster, node bootstrap, a policy, the workload) built from a
 * scenario with the same pieces as `simulate()`, but not run: whoever owns it moves the clock (the real-time
 * pump of `fleetsim serve`) and chooses what the workload driver writes to (the API server's recording
 * workloads, so Deployments can be listed and scaled).
 */
export interface World {
  readonly scenario: ResolvedScenario;
  readonly clock: SimClock;
  readonly random: RandomSource;
  readonly catalog: readonly InstanceType[];
  readonly ec2: MockEc2;
  readonly cluster: SimCluster;
  readonly policy: Policy | undefined;
  /** Start the node bootstrap, the policy and the workload driver (writing through `workloads`). */
  start(workloads: DriverCluster): void;
  stop(): void;
}

/**
 * Nodes of instances launched by a controller outside the world (over the served EC2 API): an instance
 * tagged `karpenter.sh/nodeclaim` whose NodeClaim the controller created in the served cluster boots with
 * the claim's labels, taints, startup taints and Karpenter's `unregistered` taint (what the launch
 * template's user data does on AWS), with the catalog's capacity and allocatable.
 */
export function externalNodeDecoration(cluster: SimCluster, catalog: readonly InstanceType[], region: string): DecorateNode {
  const byName = new Map(catalog.map((it) => [it.name, it] as const));
  return (instance: Instance): NodeDecoration | undefined => {
    const claimName = instance.tags[NODECLAIM_TAG];
    const claim = claimName === undefined ? undefined : cluster.nodeClaim(claimName);
    const it = byName.get(instance.instanceType);
    if (!claim || !it) return undefined;
    const boot = nodeBootTemplate(claim);
    return {
      labels: { ...instanceLabels(instance, it, region), ...boot.labels, [LabelKeys.nodePool]: claim.nodePoolName },
      taints: boot.taints,
      startupTaints: boot.startupTaints,
      capacity: it.capacity,
      allocatable: it.allocatable,
    };
  };
}

export function buildWorld(scenario: ResolvedScenario, opts: WorldOptions): World {
  const { clock, random, catalog, ec2, cluster } = createSimWorld(scenario, opts.seed);

  let policy: Policy | undefined;
  if (opts.policy !== 'none') {
    checkPolicyConfigured(scenario, opts.policy);
    const ctx: PolicyContext = {
      clock,
      random,
      cluster,
      ec2,
      cloud: ec2,
      autoscaling: ec2,
      catalog,
      scenario,
      decisions: opts.decisions ?? { record: () => undefined },
    };
    policy = POLICIES[opts.policy](ctx);
  }
  const external = externalNodeDecoration(cluster, catalog, scenario.region);
  const decorate: DecorateNode = (instance) => policy?.decorateNode(instance) ?? external(instance);
  // An existing cluster at time 0, as in simulate(); without an in-world policy every node is unmanaged.
  if (scenario.initialState) {
    const adopter: Policy = policy ?? { decorateNode: () => undefined, start: () => undefined, stop: () => undefined };
    seedInitialState({ clock, ec2, cluster, catalog, region: scenario.region, file: scenario.file }, scenario.initialState, adopter, opts.decisions ?? { record: () => undefined });
  }

  let stopBootstrap: (() => void) | undefined;
  let driver: WorkloadDriver | undefined;
  return {
    scenario,
    clock,
    random,
    catalog,
    ec2,
    cluster,
    policy,
    start(workloads: DriverCluster): void {
      if (stopBootstrap) return;
      stopBootstrap = bootstrapNodes(ec2, cluster, decorate);
      policy?.start();
      const workload = scenario.buildWorkload(random);
      driver = new WorkloadDriver(clock, workloads, workload.source, { pdbs: withInitialPdbs(workload.pdbs, scenario) });
      driver.start();
    },
    stop(): void {
      policy?.stop();
      driver?.stop();
      stopBootstrap?.();
    },
  };
}
