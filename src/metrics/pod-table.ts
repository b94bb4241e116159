import type { PodColumns } from './run-data.js';

type TimeColumn = 'created' | 'unschedulable' | 'nominated' | 'bound' | 'running' | 'finished';
const TIME_COLUMNS: readonly TimeColumn[] = ['created', 'unschedulable', 'nominated', 'bound', 'running', 'finished'];

function grow<T extends Float64Array | Uint16Array | Uint8Array>(a: T, capacity: number, fill?: number): T {
  const b = new (a.constructor as new (n: number) => T)(capacity);
  b.set(a);
  if (fill !== undefined) b.fill(fill, a.length);
  return b;
}

/**
 * Growable column store of workload pods (one index per pod, in creation order). Times start as NaN
 * ("never"). Amortised O(1) append; about 90 bytes per pod plus the uid and owner strings.
 */
export class PodTable implements PodColumns {
  count = 0;
  readonly uid: string[] = [];
  readonly owner: string[] = [];
  readonly node: string[] = [];
  cpuMillis: Float64Array;
  memoryMiB: Float64Array;
  gpus: Float64Array;
  created: Float64Array;
  unschedulable: Float64Array;
  nominated: Float64Array;
  bound: Float64Array;
  running: Float64Array;
  finished: Float64Array;
  evictions: Uint16Array;
  completed: Uint8Array;

  constructor(initialCapacity = 1024) {
    const n = Math.max(16, initialCapacity);
    this.cpuMillis = new Float64Array(n);
    this.memoryMiB = new Float64Array(n);
    this.gpus = new Float64Array(n);
    this.created = new Float64Array(n).fill(NaN);
    this.unschedulable = new Float64Array(n).fill(NaN);
    this.nominated = new Float64Array(n).fill(NaN);
    this.bound = new Float64Array(n).fill(NaN);
    this.running = new Float64Array(n).fill(NaN);
    this.finished = new Float64Array(n).fill(NaN);
    this.evictions = new Uint16Array(n);
    this.completed = new Uint8Array(n);
  }

  get capacity(): number {
    return this.cpuMillis.length;
  }

  /** Append a pod; returns its index. */
  add(uid: string, owner: string, cpuMillis: number, memoryMiB: number, gpus: number, createdAt: number): number {
    if (this.count === this.capacity) this.resize(this.capacity * 2);
    const i = this.count++;
    this.uid.push(uid);
    this.owner.push(owner);
    this.node.push('');
    this.cpuMillis[i] = cpuMillis;
    this.memoryMiB[i] = memoryMiB;
    this.gpus[i] = gpus;
    this.created[i] = createdAt;
    return i;
  }

  /** Set a time column only the first time (keeps the first occurrence). */
  setFirst(column: TimeColumn, i: number, at: number): void {
    const col = this[column];
    if (Number.isNaN(col[i])) col[i] = at;
  }

  /** Columns trimmed to `count` (views, no copy). */
  columns(): PodColumns {
    const n = this.count;
    return {
      count: n,
      uid: this.uid,
      owner: this.owner,
      node: this.node,
      cpuMillis: this.cpuMillis.subarray(0, n),
      memoryMiB: this.memoryMiB.subarray(0, n),
      gpus: this.gpus.subarray(0, n),
      created: this.created.subarray(0, n),
      unschedulable: this.unschedulable.subarray(0, n),
      nominated: this.nominated.subarray(0, n),
      bound: this.bound.subarray(0, n),
      running: this.running.subarray(0, n),
      finished: this.finished.subarray(0, n),
      evictions: this.evictions.subarray(0, n),
      completed: this.completed.subarray(0, n),
    };
  }

  private resize(capacity: number): void {
    this.cpuMillis = grow(this.cpuMillis, capacity);
    this.memoryMiB = grow(this.memoryMiB, capacity);
    this.gpus = grow(this.gpus, capacity);
    for (const c of TIME_COLUMNS) this[c] = grow(this[c], capacity, NaN);
    this.evictions = grow(this.evictions, capacity);
    this.completed = grow(this.completed, capacity);
  }
}

/** Build a PodColumns from plain rows (tests, reading pods.csv back). */
export function podColumnsFrom(
  rows: readonly {
    uid: string;
    owner?: string;
    cpuMillis?: number;
    memoryMiB?: number;
    gpus?: number;
    created: number;
    unschedulable?: number;
    nominated?: number;
    bound?: number;
    running?: number;
    finished?: number;
    node?: string;
    evictions?: number;
    completed?: boolean;
  }[],
): PodColumns {
  const t = new PodTable(rows.length);
  for (const r of rows) {
    const i = t.add(r.uid, r.owner ?? '', r.cpuMillis ?? 0, r.memoryMiB ?? 0, r.gpus ?? 0, r.created);
    for (const c of TIME_COLUMNS) if (c !== 'created' && r[c] !== undefined) t[c][i] = r[c];
    t.node[i] = r.node ?? '';
    t.evictions[i] = r.evictions ?? 0;
    t.completed[i] = r.completed ? 1 : 0;
  }
  return t.columns();
}
