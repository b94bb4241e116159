import type { PodColumns } from './run-data.js';
import { StringPool, encodeUid, uidString } from './string-pool.js';

export type TimeColumn = 'created' | 'unschedulable' | 'nominated' | 'bound' | 'running' | 'finished';
export type NumberColumn = 'cpuMillis' | 'memoryMiB' | 'gpus' | TimeColumn;
const TIME_COLUMNS: readonly TimeColumn[] = ['created', 'unschedulable', 'nominated', 'bound', 'running', 'finished'];
const NUMBER_COLUMNS: readonly NumberColumn[] = ['cpuMillis', 'memoryMiB', 'gpus', ...TIME_COLUMNS];
const COL: Readonly<Record<NumberColumn, number>> = Object.fromEntries(NUMBER_COLUMNS.map((c, k) => [c, k])) as Record<NumberColumn, number>;
const FIRST_TIME = COL.created;

/** Rows per chunk (a power of two). */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/** One chunk of rows: every column's slice, each a typed array outside the JS heap. */
interface Chunk {
  readonly num: Float64Array[];
  readonly evictions: Uint16Array;
  readonly completed: Uint8Array;
  readonly uidPrefix: Uint32Array;
  /** Numeric uid suffix, −1 when the uid is kept whole (see encodeUid). */
  readonly uidNumber: Int32Array;
  readonly owner: Uint32Array;
  readonly node: Uint32Array;
}

function newChunk(): Chunk {
  return {
    num: NUMBER_COLUMNS.map((_, k) => (k >= FIRST_TIME ? new Float64Array(CHUNK).fill(NaN) : new Float64Array(CHUNK))),
    evictions: new Uint16Array(CHUNK),
    completed: new Uint8Array(CHUNK),
    uidPrefix: new Uint32Array(CHUNK),
    uidNumber: new Int32Array(CHUNK),
    owner: new Uint32Array(CHUNK),
    node: new Uint32Array(CHUNK),
  };
}

/**
 * Append-only column store of workload pods (one index per pod, in creation order), built for a million
 * pods: rows live in chunks of 65,536 (typed arrays, outside the JS heap, never copied as the table grows)
 * and strings are ids into a StringPool — owner and node names once each, a uid as a shared prefix plus a
 * number. About 91 bytes per pod. Times start as NaN ("never").
 */
export class PodTable {
  count = 0;
  private readonly chunks: Chunk[] = [];
  private readonly strings = new StringPool();
  private taken = false;

  /** Append a pod; returns its index. */
  add(uid: string, owner: string, cpuMillis: number, memoryMiB: number, gpus: number, createdAt: number): number {
    if (this.taken) throw new Error('PodTable: columns already taken');
    const i = this.count++;
    if ((i & MASK) === 0) this.chunks.push(newChunk());
    const c = this.chunks[i >>> CHUNK_BITS]!;
    const j = i & MASK;
    const u = encodeUid(this.strings, uid);
    c.uidPrefix[j] = u.prefix;
    c.uidNumber[j] = u.n;
    c.owner[j] = this.strings.intern(owner);
    c.num[COL.cpuMillis]![j] = cpuMillis;
    c.num[COL.memoryMiB]![j] = memoryMiB;
    c.num[COL.gpus]![j] = gpus;
    c.num[COL.created]![j] = createdAt;
    return i;
  }

  get(column: NumberColumn, i: number): number {
    return this.chunks[i >>> CHUNK_BITS]!.num[COL[column]]![i & MASK]!;
  }

  set(column: NumberColumn, i: number, value: number): void {
    this.chunks[i >>> CHUNK_BITS]!.num[COL[column]]![i & MASK] = value;
  }

  /** Set a time column only the first time (keeps the first occurrence). */
  setFirst(column: TimeColumn, i: number, at: number): void {
    const col = this.chunks[i >>> CHUNK_BITS]!.num[COL[column]]!;
    const j = i & MASK;
    if (Number.isNaN(col[j])) col[j] = at;
  }

  uid(i: number): string {
    const c = this.chunks[i >>> CHUNK_BITS]!;
    return uidString(this.strings, c.uidPrefix[i & MASK]!, c.uidNumber[i & MASK]!);
  }

  owner(i: number): string {
    return this.strings.get(this.chunks[i >>> CHUNK_BITS]!.owner[i & MASK]!);
  }

  node(i: number): string {
    return this.strings.get(this.chunks[i >>> CHUNK_BITS]!.node[i & MASK]!);
  }

  /** Last node the pod was bound to. */
  setNode(i: number, nodeName: string): void {
    this.chunks[i >>> CHUNK_BITS]!.node[i & MASK] = this.strings.intern(nodeName);
  }

  evictions(i: number): number {
    return this.chunks[i >>> CHUNK_BITS]!.evictions[i & MASK]!;
  }

  setEvictions(i: number, n: number): void {
    this.chunks[i >>> CHUNK_BITS]!.evictions[i & MASK] = n;
  }

  /** One more eviction, saturating at 65,535. */
  addEviction(i: number): void {
    const e = this.chunks[i >>> CHUNK_BITS]!.evictions;
    const j = i & MASK;
    if (e[j]! < 0xffff) e[j]++;
  }

  setCompleted(i: number, completed: boolean): void {
    this.chunks[i >>> CHUNK_BITS]!.completed[i & MASK] = completed ? 1 : 0;
  }

  /** The columns, copied to exact-size arrays; the table is unchanged. */
  columns(): PodColumns {
    return this.build(false);
  }

  /**
   * The columns, each built as its chunks are dropped (the peak is one column more than the table), for
   * a table that is done: it takes no more rows afterwards.
   */
  takeColumns(): PodColumns {
    return this.build(true);
  }

  private build(release: boolean): PodColumns {
    if (this.taken) throw new Error('PodTable: columns already taken');
    const n = this.count;
    const chunks = this.chunks;
    const gather = <T extends Float64Array | Uint16Array | Uint8Array | Uint32Array | Int32Array>(out: T, part: (c: Chunk) => T, drop: () => void): T => {
      for (let k = 0; k * CHUNK < n; k++) out.set(part(chunks[k]!).subarray(0, Math.min(CHUNK, n - k * CHUNK)), k * CHUNK);
      if (release) drop();
      return out;
    };
    const num = NUMBER_COLUMNS.map((_, col) =>
      gather(new Float64Array(n), (c) => c.num[col]!, () => chunks.forEach((c) => (c.num[col] = EMPTY))),
    );
    const evictions = gather(new Uint16Array(n), (c) => c.evictions, () => undefined);
    const completed = gather(new Uint8Array(n), (c) => c.completed, () => undefined);
    const uidPrefix = gather(new Uint32Array(n), (c) => c.uidPrefix, () => undefined);
    const uidNumber = gather(new Int32Array(n), (c) => c.uidNumber, () => undefined);
    const owner = gather(new Uint32Array(n), (c) => c.owner, () => undefined);
    const node = gather(new Uint32Array(n), (c) => c.node, () => undefined);
    if (release) {
      this.taken = true;
      chunks.length = 0;
    }
    return stringColumns(this.strings, n, num, evictions, completed, uidPrefix, uidNumber, owner, node);
  }
}

const EMPTY = new Float64Array(0);

/** PodColumns over compact arrays; the string columns are made (once) when first read. */
function stringColumns(
  strings: StringPool,
  n: number,
  num: Float64Array[],
  evictions: Uint16Array,
  completed: Uint8Array,
  uidPrefix: Uint32Array,
  uidNumber: Int32Array,
  ownerIds: Uint32Array,
  nodeIds: Uint32Array,
): PodColumns {
  let uid: string[] | undefined;
  let owner: string[] | undefined;
  let node: string[] | undefined;
  const names = (ids: Uint32Array): string[] => Array.from(ids, (id) => strings.get(id));
  return {
    count: n,
    get uid() {
      return (uid ??= Array.from(uidPrefix, (p, i) => uidString(strings, p, uidNumber[i]!)));
    },
    get owner() {
      return (owner ??= names(ownerIds));
    },
    get node() {
      return (node ??= names(nodeIds));
    },
    cpuMillis: num[COL.cpuMillis]!,
    memoryMiB: num[COL.memoryMiB]!,
    gpus: num[COL.gpus]!,
    created: num[COL.created]!,
    unschedulable: num[COL.unschedulable]!,
    nominated: num[COL.nominated]!,
    bound: num[COL.bound]!,
    running: num[COL.running]!,
    finished: num[COL.finished]!,
    evictions,
    completed,
  };
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
  const t = new PodTable();
  for (const r of rows) {
    const i = t.add(r.uid, r.owner ?? '', r.cpuMillis ?? 0, r.memoryMiB ?? 0, r.gpus ?? 0, r.created);
    for (const c of TIME_COLUMNS) if (c !== 'created' && r[c] !== undefined) t.set(c, i, r[c]);
    t.setNode(i, r.node ?? '');
    t.setEvictions(i, r.evictions ?? 0);
    t.setCompleted(i, r.completed === true);
  }
  return t.takeColumns();
}
