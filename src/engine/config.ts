import type { NodeClass, NodePool } from '../model/index.js';

export interface ConfigChange {
  readonly nodePools?: readonly NodePool[];
  readonly nodeClasses?: readonly NodeClass[];
  readonly removeNodePools?: readonly string[];
  readonly removeNodeClasses?: readonly string[];
}

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

  /**
   * Apply a change: NodePools and NodeClasses replace those of the same name and new names are added;
   * names in `removeNodePools` / `removeNodeClasses` go away.
   */
  update(change: ConfigChange): void {
    if (change.nodePools || change.removeNodePools) {
      const byName = new Map(this.pools.map((p) => [p.name, p]));
      for (const p of change.nodePools ?? []) byName.set(p.name, p);
      for (const n of change.removeNodePools ?? []) byName.delete(n);
      this.pools = [...byName.values()];
    }
    if (change.nodeClasses || change.removeNodeClasses) {
      const byName = new Map(this.classes);
      for (const c of change.nodeClasses ?? []) byName.set(c.name, c);
      for (const n of change.removeNodeClasses ?? []) byName.delete(n);
      this.classes = byName;
    }
    this.rev++;
  }
}
