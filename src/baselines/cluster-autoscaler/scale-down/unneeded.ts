import type { NodeToRemove } from './removal-simulator.js';

export interface UnneededNode {
  readonly nodeName: string;
  readonly since: number;
  readonly removal: NodeToRemove;
}

/**
 * Unneeded-node timers (`unneeded/nodes.go`): each node keeps the time it was first found unneeded; a
 * node missing from one update loses its timer.
 */
export class UnneededNodes {
  private nodes = new Map<string, UnneededNode>();

  /** Replace the set; returns the names that entered and left it. */
  update(removable: readonly NodeToRemove[], now: number): { entered: string[]; left: string[] } {
    const next = new Map<string, UnneededNode>();
    const entered: string[] = [];
    for (const r of removable) {
      const prev = this.nodes.get(r.nodeName);
      if (!prev) entered.push(r.nodeName);
      next.set(r.nodeName, { nodeName: r.nodeName, since: prev?.since ?? now, removal: r });
    }
    const left = [...this.nodes.keys()].filter((n) => !next.has(n));
    this.nodes = next;
    return { entered, left };
  }

  has(name: string): boolean {
    return this.nodes.has(name);
  }

  get(name: string): UnneededNode | undefined {
    return this.nodes.get(name);
  }

  get size(): number {
    return this.nodes.size;
  }

  list(): UnneededNode[] {
    return [...this.nodes.values()];
  }

  clear(): string[] {
    const left = [...this.nodes.keys()];
    this.nodes.clear();
    return left;
  }
}
