/** Stands in for the action of a cancelled event still queued. */
export const CANCELLED = (): void => undefined;

/** Events per chunk (a power of two). */
export const CHUNK_BITS = 4;
const CHUNK = 1 << CHUNK_BITS;
export const NONE = -1;

/**
 * Storage of the event queue's buckets: one slab of entries (time and key interleaved in a Float64Array,
 * the actions in one plain array) cut into chunks of CHUNK entries, and bucket descriptors, each a chain
 * of chunks in push order. Appending to a bucket touches two cache lines (its tail's data and action), and
 * the descriptors are small typed arrays, so pushing to a thousand buckets in turn stays in cache.
 *
 * An entry keeps its index from push to pop (buckets move by descriptor, never entry by entry), so a
 * handle names an event by (entry, generation of its chunk): a chunk's generation changes when its bucket
 * is released, after which old handles no longer match.
 */
export class EventSlab {
  /** time of entry e at 2e, key at 2e + 1. */
  data = new Float64Array(2 * 64 * CHUNK);
  actions: ((() => void) | undefined)[] = new Array<(() => void) | undefined>(64 * CHUNK).fill(undefined);
  chunkNext = new Int32Array(64);
  chunkGeneration = new Int32Array(64);
  private chunksUsed = 0;
  private freeChunk = NONE;
  // Bucket descriptors: first and last chunk, entries used in the last chunk, entry count, pushed in order.
  head = new Int32Array(64);
  tail = new Int32Array(64);
  tailFill = new Int32Array(64);
  count = new Int32Array(64);
  sorted = new Uint8Array(64);
  private bucketsUsed = 0;
  private freeBucket = NONE;

  /** A new empty bucket (one chunk). */
  newBucket(): number {
    let b = this.freeBucket;
    if (b !== NONE) this.freeBucket = this.head[b]!;
    else {
      if (this.bucketsUsed === this.head.length) this.growBuckets();
      b = this.bucketsUsed++;
    }
    const c = this.newChunk();
    this.head[b] = c;
    this.tail[b] = c;
    this.tailFill[b] = 0;
    this.count[b] = 0;
    this.sorted[b] = 1;
    return b;
  }

  /** Append an event to bucket b; returns its entry. */
  add(b: number, at: number, key: number, action: () => void): number {
    let c = this.tail[b]!;
    let fill = this.tailFill[b]!;
    if (this.count[b]! > 0) {
      const data = this.data;
      const prev = 2 * ((c << CHUNK_BITS) + fill - 1);
      const lastTime = data[prev]!;
      if (at < lastTime || (at === lastTime && key < data[prev + 1]!)) this.sorted[b] = 0;
    }
    if (fill === CHUNK) {
      const next = this.newChunk();
      this.chunkNext[c] = next;
      this.tail[b] = c = next;
      fill = 0;
    }
    const e = (c << CHUNK_BITS) + fill;
    this.data[2 * e] = at;
    this.data[2 * e + 1] = key;
    this.actions[e] = action;
    this.tailFill[b] = fill + 1;
    this.count[b]++;
    return e;
  }

  /** Free bucket b and its chunks; handles of its events stop matching. */
  release(b: number): void {
    const actions = this.actions;
    let c = this.head[b]!;
    for (;;) {
      this.chunkGeneration[c]++;
      const end = c === this.tail[b] ? this.tailFill[b]! : CHUNK;
      for (let e = c << CHUNK_BITS, last = e + end; e < last; e++) actions[e] = undefined;
      if (c === this.tail[b]) break;
      c = this.chunkNext[c]!;
    }
    this.chunkNext[c] = this.freeChunk;
    this.freeChunk = this.head[b]!;
    this.head[b] = this.freeBucket;
    this.freeBucket = b;
  }

  private newChunk(): number {
    let c = this.freeChunk;
    if (c !== NONE) this.freeChunk = this.chunkNext[c]!;
    else {
      if (this.chunksUsed === this.chunkNext.length) this.growChunks();
      c = this.chunksUsed++;
    }
    this.chunkNext[c] = NONE;
    return c;
  }

  private growChunks(): void {
    const n = this.chunkNext.length * 2;
    this.data = copied(this.data, new Float64Array(2 * n * CHUNK));
    for (let e = this.actions.length; e < n * CHUNK; e++) this.actions.push(undefined);
    this.chunkNext = copied(this.chunkNext, new Int32Array(n));
    this.chunkGeneration = copied(this.chunkGeneration, new Int32Array(n));
  }

  private growBuckets(): void {
    const n = this.head.length * 2;
    this.head = copied(this.head, new Int32Array(n));
    this.tail = copied(this.tail, new Int32Array(n));
    this.tailFill = copied(this.tailFill, new Int32Array(n));
    this.count = copied(this.count, new Int32Array(n));
    this.sorted = copied(this.sorted, new Uint8Array(n));
  }
}

function copied<T extends Float64Array | Int32Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
