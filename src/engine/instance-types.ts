import type { CloudProvider } from '../cloud/cloud-provider.js';
import type { InstanceType, NodeClass, NodePool } from '../model/index.js';
import type { EngineConfig } from './config.js';

/**
 * Instance types per NodePool (the cloud's types under the pool's NodeClass kubelet settings), and
 * lookups by name. Asks the cloud each time (offering availability changes); indexes are cached per list.
 */
export class InstanceTypes {
  private readonly indexes = new WeakMap<readonly InstanceType[], Map<string, InstanceType>>();

  constructor(
    private readonly cloud: CloudProvider,
    private readonly config: EngineConfig,
  ) {}

  get nodeClasses(): ReadonlyMap<string, NodeClass> {
    return this.config.nodeClasses();
  }

  /** NodePools whose NodeClass exists (others are not ready and make nothing). */
  ready(nodePools: readonly NodePool[]): NodePool[] {
    return nodePools.filter((np) => this.config.nodeClass(np.nodeClassName) !== undefined);
  }

  forPool(np: NodePool): readonly InstanceType[] {
    return this.forNodeClass(np.nodeClassName);
  }

  forNodeClass(name: string): readonly InstanceType[] {
    const cls = this.config.nodeClass(name);
    return cls ? this.cloud.instanceTypes(cls) : [];
  }

  /** One type by name, as seen through a NodeClass. */
  lookup(name: string, nodeClassName: string): InstanceType | undefined {
    return this.find(this.forNodeClass(nodeClassName), name);
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
