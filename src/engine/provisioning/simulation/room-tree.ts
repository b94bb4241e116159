/**
 * CPU, memory and pod slots left on a list of nodes, as a max-tree over positions: "the first node at or
 * after `from` with at least this much of all three" is answered without looking at every node (a subtree
 * whose largest CPU, memory or pod room is too small is skipped whole). Leaves hold the nodes' room;
 * positions past the list and nodes left out hold -Infinity, which no request passes (requests are never
 * negative). Changed leaves are remembered so `restore` can put the start room back for the next user.
 */
export class RoomTree {
  private readonly size: number;
  private readonly cpu: Float64Array;
  private readonly memory: Float64Array;
  private readonly pods: Float64Array;
  private readonly start: { readonly cpu: Float64Array; readonly memory: Float64Array; readonly pods: Float64Array };
  /** Leaves changed since the last `restore` (positions; may repeat). */
  private changed: number[] = [];

  constructor(readonly length: number, roomAt: (i: number) => { readonly cpuMillis: number; readonly memoryMiB: number; readonly pods: number }) {
    let size = 1;
    while (size < length) size *= 2;
    this.size = size;
    this.cpu = new Float64Array(2 * size).fill(-Infinity);
    this.memory = new Float64Array(2 * size).fill(-Infinity);
    this.pods = new Float64Array(2 * size).fill(-Infinity);
    for (let i = 0; i < length; i++) {
      const r = roomAt(i);
      this.cpu[size + i] = r.cpuMillis;
      this.memory[size + i] = r.memoryMiB;
      this.pods[size + i] = r.pods;
    }
    for (let k = size - 1; k >= 1; k--) this.pull(k);
    this.start = { cpu: this.cpu.slice(size, size + length), memory: this.memory.slice(size, size + length), pods: this.pods.slice(size, size + length) };
  }

  private pull(k: number): void {
    const l = 2 * k;
    const r = l + 1;
    this.cpu[k] = Math.max(this.cpu[l], this.cpu[r]);
    this.memory[k] = Math.max(this.memory[l], this.memory[r]);
    this.pods[k] = Math.max(this.pods[l], this.pods[r]);
  }

  /** Set node `i`'s room (-Infinity everywhere: the node is out). */
  set(i: number, cpuMillis: number, memoryMiB: number, pods: number): void {
    let k = this.size + i;
    this.cpu[k] = cpuMillis;
    this.memory[k] = memoryMiB;
    this.pods[k] = pods;
    this.changed.push(i);
    for (k >>= 1; k >= 1; k >>= 1) this.pull(k);
  }

  /** Every changed node back to its start room. */
  restore(): void {
    const changed = this.changed;
    if (changed.length === 0) return;
    this.changed = [];
    const { cpu, memory, pods } = this.start;
    for (const i of changed) {
      let k = this.size + i;
      this.cpu[k] = cpu[i];
      this.memory[k] = memory[i];
      this.pods[k] = pods[i];
      for (k >>= 1; k >= 1; k >>= 1) this.pull(k);
    }
  }

  /**
   * The first position ≥ `from` whose room holds the request in all three, or -1. Walks from `from`'s leaf
   * to the right: up while no subtree further right can hold it, down into the leftmost one that might
   * (a subtree's maxima may come from different nodes, so a descent can dead-end and the walk goes on
   * from there). Asking again from the next position after a node said no is cheap.
   */
  firstFit(from: number, cpuMillis: number, memoryMiB: number, pods: number): number {
    if (from >= this.length) return -1;
    const { cpu, memory } = this;
    const slots = this.pods;
    let k = this.size + from;
    if (cpu[k] >= cpuMillis && memory[k] >= memoryMiB && slots[k] >= pods) return from;
    for (;;) {
      // Up past right children: their parent's right side is done.
      while (k & 1) k >>= 1;
      if (k === 0) return -1;
      k++;
      if (!(cpu[k] >= cpuMillis && memory[k] >= memoryMiB && slots[k] >= pods)) continue;
      // Down: the left child if it might hold the request, else the right; a dead end walks on from there.
      while (k < this.size) {
        const l = 2 * k;
        if (cpu[l] >= cpuMillis && memory[l] >= memoryMiB && slots[l] >= pods) k = l;
        else if (cpu[l + 1] >= cpuMillis && memory[l + 1] >= memoryMiB && slots[l + 1] >= pods) k = l + 1;
        else break;
      }
      if (k >= this.size) return k - this.size;
    }
  }
}
