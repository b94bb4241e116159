import type { Instance } from '../cloud/cloud-provider.js';
import { ASG_TAG } from '../cloud/mock-ec2/index.js';
import { createClusterAutoscaler } from '../baselines/cluster-autoscaler/index.js';
import { InputError } from '../scenario/errors.js';
import { LabelKeys, type NodeGroupSpec } from '../model/index.js';
import { instanceLabels, type NodeDecoration } from './node-bootstrap.js';
import type { InitialNode } from './initial-state.js';
import type { InitialNodeAdoption, PolicyContext, Policy } from './policy.js';

/**
 * The `cluster-autoscaler` policy: the scenario's node groups become Auto Scaling groups of the mock EC2
 * and the Cluster Autoscaler baseline scales them. Nodes of a group carry its labels and taints and the
 * EKS managed-node-group label.
 */
export function clusterAutoscalerPolicy(ctx: PolicyContext): Policy {
  const setup = ctx.scenario.clusterAutoscaler;
  if (!setup) throw new InputError([{ file: ctx.scenario.file, path: 'clusterAutoscaler', message: 'the cluster-autoscaler policy needs a "clusterAutoscaler" section' }]);
  const groups = new Map<string, NodeGroupSpec>(setup.nodeGroups.map((g) => [g.name, g]));
  const byType = new Map(ctx.catalog.map((it) => [it.name, it] as const));
  const ca = createClusterAutoscaler({
    clock: ctx.clock,
    cluster: ctx.cluster,
    autoscaling: ctx.autoscaling,
    instanceTypes: ctx.catalog,
    nodeGroups: setup.nodeGroups,
    options: setup.options,
    decisions: ctx.decisions,
    random: ctx.random.stream('cluster-autoscaler'),
  });
  const decorate = (instance: Instance): NodeDecoration | undefined => {
    const group = groups.get(instance.tags[ASG_TAG] ?? '');
    const it = byType.get(instance.instanceType);
    if (!group || !it) return undefined;
    return {
      labels: { ...instanceLabels(instance, it, ctx.scenario.region), [LabelKeys.eksNodeGroup]: group.name, ...group.labels },
      taints: group.taints,
      startupTaints: [],
      capacity: it.capacity,
      allocatable: it.allocatable,
    };
  };
  // Initial-state nodes each group adopts (instance ids), filled before start.
  const members = new Map<string, string[]>(setup.nodeGroups.map((g) => [g.name, []]));
  const hasRoom = (g: NodeGroupSpec): boolean => members.get(g.name)!.length < g.maxSize;
  const adoptInitialNode = (node: InitialNode): InitialNodeAdoption | undefined => {
    const named = node.nodeGroup === undefined ? undefined : groups.get(node.nodeGroup);
    const group =
      named ??
      setup.nodeGroups.find((g) => g.instanceTypes.includes(node.instanceType) && g.zones.includes(node.zone) && g.capacityType === node.capacityType && hasRoom(g));
    if (!group || !hasRoom(group)) return undefined;
    members.get(group.name)!.push(''); // reserve the place; the instance id follows in `adopted`
    return {
      by: { nodeGroup: group.name },
      tags: { [ASG_TAG]: group.name },
      adopted: (instance) => {
        const ids = members.get(group.name)!;
        ids[ids.indexOf('')] = instance.id;
      },
    };
  };
  return {
    decorateNode: decorate,
    adoptInitialNode,
    start() {
      // Groups with a desired capacity start with that many Ready nodes (a cluster that already runs);
      // initial-state nodes a group adopted are its members and count toward that capacity.
      for (const g of setup.nodeGroups) {
        const instanceIds = members.get(g.name)!.filter((id) => id !== '');
        ctx.ec2.createAutoScalingGroup(g, { prewarmed: true, ...(instanceIds.length > 0 ? { instanceIds } : {}) });
      }
      ca.start();
    },
    stop: () => ca.stop(),
  };
}
