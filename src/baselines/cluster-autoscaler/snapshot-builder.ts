import type { Cluster } from '../../cluster/cluster.js';
import { TaintKeys } from '../../model/index.js';
import type { DaemonSet, InstanceType, Node } from '../../model/index.js';
import { CaConstants } from './constants.js';
import type { NodeGroupInfo } from './node-groups.js';
import { ClusterSnapshot, SnapshotNode, usesTopology } from './snapshot.js';
import { cloudTemplate, nodeTemplate } from './template.js';
import type { NodeTemplate } from './template.js';

/**
 * A ClusterSnapshot built from scratch (what SnapshotCache keeps up to date; its verify mode compares the two): registered nodes (less `exclude`: NotStarted nodes that upcoming
 * placeholders stand for) with their scheduled pods, plus pending pods nominated to a node ("allocated").
 * `needsTopology`: some pod of the cluster has topology spread or required inter-pod (anti-)affinity.
 */
export function buildSnapshot(
  cluster: Cluster,
  nodes: readonly Node[],
  groupNames: readonly (string | undefined)[],
  exclude: ReadonlySet<string>,
): { snapshot: ClusterSnapshot; needsTopology: boolean } {
  let needsTopology = false;
  const snapshot = new ClusterSnapshot();
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i]!;
    if (exclude.has(node.name)) continue;
    snapshot.addNode(new SnapshotNode(node.name, node.labels, node.taints, node.capacity, node.allocatable, node.unschedulable, 'registered', groupNames[i], node));
  }
  for (const pod of cluster.pods()) {
    const phase = pod.status.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    if (!needsTopology && (pod.topologySpreadConstraints.length > 0 || pod.affinity !== undefined)) needsTopology = usesTopology(pod);
    const nodeName = pod.status.nodeName ?? (pod.status.deletionAt === undefined ? pod.status.nominatedNodeName : undefined);
    if (nodeName === undefined) continue;
    snapshot.node(nodeName)?.addPod(pod);
  }
  return { snapshot, needsTopology };
}

/**
 * Template nodes per group (`mixed_nodeinfos_processor`): a live node of the group that has been Ready
 * for a minute, is not cordoned and not being deleted; else the last such template (kept for good);
 * else the AWS cloud template of the group's first instance type.
 */
export class TemplateProvider {
  private readonly cache = new Map<string, NodeTemplate>();
  private readonly types: ReadonlyMap<string, InstanceType>;

  constructor(instanceTypes: readonly InstanceType[]) {
    this.types = new Map(instanceTypes.map((t) => [t.name, t]));
  }

  compute(now: number, groups: readonly NodeGroupInfo[], snapshot: ClusterSnapshot, daemonSets: readonly DaemonSet[]): Map<string, NodeTemplate> {
    const examples = new Map<string, SnapshotNode>();
    for (const n of snapshot.nodes) {
      if (n.kind !== 'registered' || n.groupName === undefined || examples.has(n.groupName) || !n.node) continue;
      const node = n.node;
      if (!node.ready || node.unschedulable || node.readyAt === undefined || node.readyAt + CaConstants.templateNodeReadySeconds > now) continue;
      if (node.taints.some((t) => t.key === TaintKeys.caToBeDeleted)) continue;
      examples.set(n.groupName, n);
    }
    const out = new Map<string, NodeTemplate>();
    for (const g of groups) {
      const example = examples.get(g.name);
      if (example) {
        const t = nodeTemplate(g.name, example);
        this.cache.set(g.name, t);
        out.set(g.name, t);
        continue;
      }
      const cached = this.cache.get(g.name);
      if (cached) {
        out.set(g.name, { ...cached, source: 'cache' });
        continue;
      }
      const it = this.types.get(g.instanceTypes[0] ?? '');
      if (it) out.set(g.name, cloudTemplate(g, it, daemonSets));
    }
    return out;
  }
}
