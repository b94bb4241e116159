import { SimCluster } from '../../src/cluster/sim/index.js';
import type { SimClusterOptions } from '../../src/cluster/sim/index.js';
import type { ClusterAutoscalerOptions, Decision, NodeGroupSpec } from '../../src/model/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';
import { createClusterAutoscaler } from '../../src/baselines/cluster-autoscaler/index.js';
import type { ClusterAutoscalerHandle } from '../../src/baselines/cluster-autoscaler/index.js';
import { FakeAutoScaling } from '../../src/baselines/cluster-autoscaler/testing/fake-auto-scaling.js';
import type { FakeAutoScalingOptions } from '../../src/baselines/cluster-autoscaler/testing/fake-auto-scaling.js';
import { ALL_TYPES, caOptions } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';

export interface CaWorld {
  readonly clock: SimClock;
  readonly cluster: SimCluster;
  readonly asg: FakeAutoScaling;
  readonly decisions: Decision[];
  readonly ca: ClusterAutoscalerHandle;
  /** Node name of an instance (nodes are named after their instance). */
  nodeOf(instanceId: string): string;
  /** Decisions of one kind (optionally one actor). */
  find(kind: string): Decision[];
}

/**
 * A simulated world for the baseline: SimClock, the real SimCluster, a FakeAutoScaling whose instances
 * register Nodes (Ready after `nodeReadySeconds`) and whose terminations delete them, and the Cluster
 * Autoscaler wired to both. Call `ca.start()` (not started here).
 */
export function caWorld(opts: {
  groups: readonly NodeGroupSpec[];
  options?: Partial<ClusterAutoscalerOptions>;
  asg?: FakeAutoScalingOptions;
  nodeReadySeconds?: number;
  cluster?: Partial<SimClusterOptions>;
  seed?: number;
}): CaWorld {
  const clock = new SimClock();
  const random = new RandomSource(opts.seed ?? 1);
  const cluster = new SimCluster(clock, random, { tieBreak: 'name', ...(opts.cluster ?? {}) });
  const nodeOf = (id: string): string => `node-${id}`;
  const asg = new FakeAutoScaling(
    clock,
    opts.groups,
    ALL_TYPES,
    {
      onRunning: (group, inst, type) => {
        if (!type) return;
        cluster.registerNode({
          name: nodeOf(inst.id),
          labels: { ...type.labels, 'topology.kubernetes.io/zone': inst.zone, ...group.labels },
          taints: group.taints,
          capacity: type.capacity,
          allocatable: type.allocatable,
          providerID: `aws:///${inst.zone}/${inst.id}`,
          readyAfterSeconds: opts.nodeReadySeconds ?? 0,
        });
      },
      onTerminated: (_group, inst) => cluster.deleteNode(nodeOf(inst.id)),
    },
    opts.asg ?? {},
  );
  const decisions: Decision[] = [];
  const ca = createClusterAutoscaler({
    clock,
    cluster,
    autoscaling: asg,
    instanceTypes: ALL_TYPES,
    nodeGroups: opts.groups,
    options: caOptions(opts.options),
    decisions: { record: (d) => decisions.push(d) },
    random: random.stream('cluster-autoscaler'),
  });
  return { clock, cluster, asg, decisions, ca, nodeOf, find: (kind) => decisions.filter((d) => d.kind === kind) };
}
