import type { NodeClass, NodePool } from '../model/index.js';

/**
 * The NodePools and NodeClasses in force. The runtime may replace them during a run (`update`); every
 * change bumps `revision`, so controllers that cache per configuration know when to look again.
 */
export class EngineConfig {
  private pools: readonly NodePool[];
  private classes: ReadonlyMap<string, NodeClass>;
  private rev = 0;

  constructor(nodePools: readonly NodePool[], nodeClasses: readonly NodeClass[]) {
    this.pools = [...nodePools];
    this.classes = new Map(nodeClasses.map((c) => [c.name, c]));
  }

  get revision(): number {
    return this.rev;
  }

  nodePools(): readonly NodePool[] {
    return this.pools;
  }

  nodePool(name: string): NodePool | undefined {
    return this.pools.find((p) => p.name === name);
  }

  nodeClass(name: string): NodeClass | undefined {
    return this.classes.get(name);
  }

  nodeClasses(): ReadonlyMap<string, NodeClass> {
    return this.classes;
  }

  update(change: { readonly nodePools?: readonly NodePool[]; readonly nodeClasses?: readonly NodeClass[] }): void {
    if (change.nodePools) this.pools = [...change.nodePools];
    if (change.nodeClasses) this.classes = new Map(change.nodeClasses.map((c) => [c.name, c]));
    this.rev++;
  }
}
