import type { CloudProvider } from '../cloud/cloud-provider.js';
import type { InstanceType, NodeClass, NodePool } from '../model/index.js';

/**
 * Instance types per NodePool (the cloud's types under the pool's NodeClass kubelet settings), and
 * lookups by name. Asks the cloud each time (offering availability changes); indexes are cached per list.
 */
export class InstanceTypes {
  private readonly indexes = new WeakMap<readonly InstanceType[], Map<string, InstanceType>>();
  readonly nodeClasses: ReadonlyMap<string, NodeClass>;

  constructor(
    private readonly cloud: CloudProvider,
    nodeClasses: readonly NodeClass[],
  ) {
    this.nodeClasses = new Map(nodeClasses.map((c) => [c.name, c]));
  }

  /** NodePools whose NodeClass exists (others are not ready and make nothing). */
  ready(nodePools: readonly NodePool[]): NodePool[] {
    return nodePools.filter((np) => this.nodeClasses.has(np.nodeClassName));
  }

  forPool(np: NodePool): readonly InstanceType[] {
    const cls = this.nodeClasses.get(np.nodeClassName);
    return cls ? this.cloud.instanceTypes(cls) : [];
  }

  forNodeClass(name: string): readonly InstanceType[] {
    const cls = this.nodeClasses.get(name);
    return cls ? this.cloud.instanceTypes(cls) : [];
  }

  /** Find an instance type by name in a list (indexed once per list). */
  find(list: readonly InstanceType[], name: string): InstanceType | undefined {
    let idx = this.indexes.get(list);
    if (!idx) {
      idx = new Map(list.map((t) => [t.name, t]));
      this.indexes.set(list, idx);
    }
    return idx.get(name);
  }
}
