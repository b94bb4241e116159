import type { Instance } from '../cloud/cloud-provider.js';
import type { InstanceEvent, MockEc2 } from '../cloud/mock-ec2/index.js';
import type { SimCluster } from '../cluster/sim/index.js';
import { LabelKeys, type InstanceType, type Labels, type Resources, type Taint } from '../model/index.js';

/** How a policy dresses the node of one of its instances: labels, taints and the kubelet's allocatable. */
export interface NodeDecoration {
  readonly labels: Labels;
  readonly taints: readonly Taint[];
  readonly startupTaints: readonly Taint[];
  readonly capacity: Resources;
  readonly allocatable: Resources;
}

export type DecorateNode = (instance: Instance) => NodeDecoration | undefined;

/** Tag naming the node of an instance that was given its name (an initial-state node). */
export const NODE_NAME_TAG = 'fleetsim.io/node-name';

/**
 * The node name of an instance (EKS names nodes after the instance's private DNS name; we use its id),
 * or the name it was given (NODE_NAME_TAG).
 */
export function nodeNameOf(instance: Instance): string {
  return instance.tags[NODE_NAME_TAG] ?? `ip-${instance.id.slice(2)}.ec2.internal`;
}

/** Labels every node of this instance carries, whoever launched it. */
export function instanceLabels(instance: Instance, it: InstanceType | undefined, region: string): Record<string, string> {
  return {
    ...(it?.labels ?? {}),
    [LabelKeys.instanceType]: instance.instanceType,
    [LabelKeys.zone]: instance.zone,
    [LabelKeys.region]: region,
    [LabelKeys.capacityType]: instance.capacityType,
    [LabelKeys.eksCapacityType]: instance.capacityType === 'spot' ? 'SPOT' : 'ON_DEMAND',
  };
}

/**
 * The kubelet side of the simulated world: when the mock EC2 says an instance's kubelet registered, a
 * Node appears in the simulated cluster (NotReady); when it says the node is Ready, the node turns Ready.
 * Which labels and taints the node gets is the launching policy's business (`decorate`). Nodes of
 * terminated instances disappear. A node that already exists for the instance (an initial-state node,
 * registered when the world was seeded) is left as it is.
 */
export function bootstrapNodes(ec2: MockEc2, cluster: SimCluster, decorate: DecorateNode): () => void {
  const nodeOfInstance = new Map<string, string>();
  return ec2.onInstanceEvent((e: InstanceEvent) => {
    if (e.kind === 'registered') {
      const name = nodeNameOf(e.instance);
      // A node created with its instance before the run (initial state) is only remembered.
      if (cluster.node(name)?.providerID === e.instance.providerID) {
        nodeOfInstance.set(e.instance.id, name);
        return;
      }
      const d = decorate(e.instance);
      if (!d) return;
      nodeOfInstance.set(e.instance.id, name);
      cluster.registerNode({
        name,
        labels: d.labels,
        taints: d.taints,
        startupTaints: d.startupTaints,
        capacity: d.capacity,
        allocatable: d.allocatable,
        providerID: e.instance.providerID,
        readyAfterSeconds: Infinity,
      });
    } else if (e.kind === 'ready') {
      const name = nodeOfInstance.get(e.instance.id);
      if (name && cluster.node(name)) cluster.markNodeReady(name);
    } else if (e.kind === 'terminated') {
      const name = nodeOfInstance.get(e.instance.id);
      nodeOfInstance.delete(e.instance.id);
      if (name && cluster.node(name)) cluster.deleteNode(name);
    }
  });
}

