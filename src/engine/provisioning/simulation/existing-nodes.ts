import type { ExistingNodeSim } from './existing-node.js';

/**
 * The existing nodes one simulation may place pods on, in the scheduler's order, with their room as
 * typed arrays for a quick pre-screen. Simulations over one snapshot share the node list and its start
 * room (`ExistingNodeRoom`); each leaves some nodes out (`excluded`, positions in the list) and resets a
 * node's ExistingNodeSim only when it first tries a pod there, so setting one up costs a copy of the
 * room arrays rather than a walk over every node. Simulations over one room run one at a time: the room
 * lends the same scratch arrays to each (a new view invalidates the previous one).
 */
export class ExistingNodes {
  readonly cpuLeft: Float64Array;
  readonly memoryLeft: Float64Array;
  readonly podsLeft: Float64Array;
  /** Nodes this simulation may use (the list's length minus the excluded). */
  readonly count: number;
  /** A node whose mark is not this simulation's number has not been reset for it yet. */
  private readonly touched: Uint32Array;
  private readonly mark: number;

  constructor(
    private readonly room: ExistingNodeRoom,
    /** Positions left out, ascending. */
    private readonly excluded: Int32Array,
  ) {
    const s = room.scratch();
    this.cpuLeft = s.cpu;
    this.memoryLeft = s.memory;
    this.podsLeft = s.pods;
    this.touched = s.touched;
    this.mark = s.mark;
    // A left-out node never passes the pre-screen (requests are never negative).
    for (const i of excluded) this.cpuLeft[i] = this.memoryLeft[i] = this.podsLeft[i] = -Infinity;
    this.count = room.sims.length - excluded.length;
  }

  get length(): number {
    return this.room.sims.length;
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

  /** Copy node `i`'s room after a placement. */
  noteRemaining(i: number): void {
    const r = this.room.sims[i].remaining;
    this.cpuLeft[i] = r.cpuMillis;
    this.memoryLeft[i] = r.memoryMiB;
    this.podsLeft[i] = r.pods;
  }
}

/** A snapshot's existing nodes (scheduler order) and the room each starts a simulation with. */
export class ExistingNodeRoom {
  readonly cpu: Float64Array;
  readonly memory: Float64Array;
  readonly pods: Float64Array;
  private readonly positions = new Map<string, number>();
  private readonly work: { readonly cpu: Float64Array; readonly memory: Float64Array; readonly pods: Float64Array; readonly touched: Uint32Array };
  private simulations = 0;

  constructor(readonly sims: readonly ExistingNodeSim[]) {
    const n = sims.length;
    this.cpu = new Float64Array(n);
    this.memory = new Float64Array(n);
    this.pods = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const r = sims[i].startRemaining;
      this.cpu[i] = r.cpuMillis;
      this.memory[i] = r.memoryMiB;
      this.pods[i] = r.pods;
      this.positions.set(sims[i].name, i);
    }
    this.work = { cpu: new Float64Array(n), memory: new Float64Array(n), pods: new Float64Array(n), touched: new Uint32Array(n) };
  }

  /** The scratch arrays for the next simulation: start room copied in, and that simulation's number (from 1). */
  scratch(): { readonly cpu: Float64Array; readonly memory: Float64Array; readonly pods: Float64Array; readonly touched: Uint32Array; readonly mark: number } {
    const w = this.work;
    w.cpu.set(this.cpu);
    w.memory.set(this.memory);
    w.pods.set(this.pods);
    this.simulations++;
    if (this.simulations === 0xffffffff) {
      w.touched.fill(0);
      this.simulations = 1;
    }
    return { ...w, mark: this.simulations };
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
