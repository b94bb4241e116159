/** What the index reads of a node: the free pod slots, cpu and memory as NodeResourcesFit subtracts them. */
export interface FreeRoom {
  readonly freePods: number;
  readonly freeCpuMillis: number;
  readonly freeMemoryMiB: number;
}

/**
 * The highest free pod slots, cpu and memory over every aligned range of positions of a node list (a
 * segment tree), so that a scan in list order can jump straight to the next node that may pass
 * NodeResourcesFit's first checks (a pod slot free, the pod's cpu and memory requests within the free
 * amounts; a request of 0 asks nothing). A range is skipped only when no node in it can pass those
 * checks; the nodes returned still need the full filter.
 */
export class FreeRoomIndex {
  private size = 1;
  private pods = new Float64Array(2);
  private cpu = new Float64Array(2);
  private memory = new Float64Array(2);

  /** Index `nodes` by position (0 … nodes.length − 1). */
  reset(nodes: readonly FreeRoom[]): void {
    let size = 1;
    while (size < nodes.length) size *= 2;
    this.size = size;
    this.pods = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    this.cpu = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    this.memory = new Float64Array(2 * size).fill(Number.NEGATIVE_INFINITY);
    for (let i = 0; i < nodes.length; i++) {
      const n = nodes[i]!;
      this.pods[size + i] = n.freePods;
      this.cpu[size + i] = n.freeCpuMillis;
      this.memory[size + i] = n.freeMemoryMiB;
    }
    for (let i = size - 1; i >= 1; i--) this.pull(i);
  }

  /** The node at `position` changed its free room. */
  update(position: number, node: FreeRoom): void {
    let i = this.size + position;
    this.pods[i] = node.freePods;
    this.cpu[i] = node.freeCpuMillis;
    this.memory[i] = node.freeMemoryMiB;
    for (i >>= 1; i >= 1; i >>= 1) this.pull(i);
  }

  /**
   * The first position in [from, end) whose node may fit a pod asking for `cpuMillis` and `memoryMiB`
   * (and a pod slot), or `end` when none can.
   */
  next(from: number, end: number, cpuMillis: number, memoryMiB: number): number {
    if (from >= end) return end;
    const size = this.size;
    let i = size + from;
    for (;;) {
      if (this.mayFit(i, cpuMillis, memoryMiB)) {
        // A leaf passes exactly; a range only may (its maxima can come from different nodes): look inside, left first.
        if (i >= size) return i - size < end ? i - size : end;
        i *= 2;
        continue;
      }
      // On to the range right of this one: climb while a right child, then step to the sibling.
      while ((i & 1) === 1) {
        if (i === 1) return end;
        i >>= 1;
      }
      i++;
      // The range now starts at or past `end`: nothing before it is left.
      let first = i;
      while (first < size) first *= 2;
      if (first - size >= end) return end;
    }
  }

  private mayFit(i: number, cpuMillis: number, memoryMiB: number): boolean {
    return this.pods[i]! >= 1 && !(cpuMillis > 0 && cpuMillis > this.cpu[i]!) && !(memoryMiB > 0 && memoryMiB > this.memory[i]!);
  }

  private pull(i: number): void {
    const l = 2 * i;
    const r = l + 1;
    const p = this.pods;
    const c = this.cpu;
    const m = this.memory;
    p[i] = p[l]! >= p[r]! ? p[l]! : p[r]!;
    c[i] = c[l]! >= c[r]! ? c[l]! : c[r]!;
    m[i] = m[l]! >= m[r]! ? m[l]! : m[r]!;
  }
}
