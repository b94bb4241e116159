import type { ExistingNodeSim } from './existing-node.js';
import { RoomTree } from './room-tree.js';

/**
 * The existing nodes one simulation may place pods on, in the scheduler's order, with their room in a
 * RoomTree for a quick pre-screen (a node without the CPU, memory or pod slot a pod asks for would answer
 * "not enough room"). Simulations over one snapshot share the node list and its start room
 * (`ExistingNodeRoom`); each leaves some nodes out (`excluded`, positions in the list) and resets a node's
 * ExistingNodeSim only when it first tries a pod there, so setting one up costs the previous simulation's
 * changes undone rather than a walk over every node. Simulations over one room run one at a time: a new
 * view invalidates the previous one.
 */
export class ExistingNodes {
  /** Nodes this simulation may use (the list's length minus the excluded). */
  readonly count: number;
  /** A node whose mark is not this simulation's number has not been reset for it yet. */
  private readonly touched: Uint32Array;
  private readonly mark: number;
  private readonly tree: RoomTree;

  constructor(
    private readonly room: ExistingNodeRoom,
    /** Positions left out, ascending. */
    private readonly excluded: Int32Array,
  ) {
    const s = room.scratch();
    this.tree = s.tree;
    this.touched = s.touched;
    this.mark = s.mark;
    for (const i of excluded) this.tree.set(i, -Infinity, -Infinity, -Infinity);
    this.count = room.sims.length - excluded.length;
  }

  /** The first node at or after position `from` (not left out) with this much CPU, memory and pod slots left, or -1. */
  firstFit(from: number, cpuMillis: number, memoryMiB: number, pods: number): number {
    return this.tree.firstFit(from, cpuMillis, memoryMiB, pods);
  }

  /** The node at position `i`, reset to its start state the first time this simulation asks for it. */
  at(i: number): ExistingNodeSim {
    const sim = this.room.sims[i];
    if (this.touched[i] !== this.mark) {
      this.touched[i] = this.mark;
      sim.reset();
    }
    return sim;
  }

  /** Position `i` counted among the nodes this simulation may use (the excluded before it left out). */
  rank(i: number): number {
    let before = 0;
    for (const e of this.excluded) {
      if (e >= i) break;
      before++;
    }
    return i - before;
  }

  /** Take node `i`'s room after a placement. */
  noteRemaining(i: number): void {
    const r = this.room.sims[i].remaining;
    this.tree.set(i, r.cpuMillis, r.memoryMiB, r.pods);
  }
}

/** A snapshot's existing nodes (scheduler order) and the room each starts a simulation with. */
export class ExistingNodeRoom {
  private readonly positions = new Map<string, number>();
  private readonly tree: RoomTree;
  private readonly touched: Uint32Array;
  private simulations = 0;

  constructor(readonly sims: readonly ExistingNodeSim[]) {
    sims.forEach((s, i) => this.positions.set(s.name, i));
    this.tree = new RoomTree(sims.length, (i) => sims[i].startRemaining);
    this.touched = new Uint32Array(sims.length);
  }

  /** The room tree back at the start room, the touched marks, and the next simulation's number (from 1). */
  scratch(): { readonly tree: RoomTree; readonly touched: Uint32Array; readonly mark: number } {
    this.tree.restore();
    this.simulations++;
    if (this.simulations === 0xffffffff) {
      this.touched.fill(0);
      this.simulations = 1;
    }
    return { tree: this.tree, touched: this.touched, mark: this.simulations };
  }

  /** A simulation's view leaving out these nodes (by name; names not in the list are ignored). */
  without(excludedNames: ReadonlySet<string> | undefined): ExistingNodes {
    const at: number[] = [];
    if (excludedNames) {
      for (const name of excludedNames) {
        const i = this.positions.get(name);
        if (i !== undefined) at.push(i);
      }
      at.sort((a, b) => a - b);
    }
    return new ExistingNodes(this, Int32Array.from(at));
  }
}
