import type { TimerHandle } from './clock.js';
import { EventHeap } from './event-heap.js';
import { CANCELLED, CHUNK_BITS, EventSlab, NONE } from './event-slab.js';

/**
 * The event queue, ordered by (time, priority, insertion sequence): events at equal times run in priority
 * order, then in the order they were scheduled. Cancelled events are dropped lazily on pop.
 *
 * Layout (a calendar queue that keeps no per-event object alive): time is cut into buckets of
 * `bucketSeconds`; a bucket's events are appended, unsorted, to its chain in the slab (EventSlab).
 * - The next RING - 1 buckets sit in a ring indexed by bucket number (no hashing); later ones in a map,
 *   with a min-heap of their bucket numbers, and move into the ring when its window reaches them.
 * - The active bucket (every event up to bucket `cur`) is popped in order: if its events were pushed in
 *   (time, key) order, by walking it (a sorted run), merged with a 4-ary typed-array heap of the events
 *   pushed into it since; otherwise through that heap. A queue of a million events thus sifts through a
 *   heap of at most one bucket.
 * The handle returned by push is the only per-event object and the queue does not keep it: a caller that
 * drops it leaves garbage that dies young.
 */
export interface QueuedEvent {
  readonly at: number;
  readonly priority: number;
  readonly seq: number;
  readonly action: () => void;
  cancelled: boolean;
}

/** What push returns; pass it back to cancel. */
export class EventHandle implements TimerHandle {
  cancelled = false;
  constructor(
    readonly at: number,
    /** The event's entry in the slab and its chunk's generation at push (internal). */
    readonly entry: number,
    readonly generation: number,
  ) {}
}

/** priority × 2^40 + seq keeps (priority, seq) in one exactly comparable double (seq < 2^40, priority < 2^12). */
const SEQ_SPAN = 2 ** 40;
const RING = 4096;
const RING_MASK = RING - 1;
const CHUNK = 1 << CHUNK_BITS;

export class EventQueue {
  private readonly slab = new EventSlab();
  private readonly heap = new EventHeap();
  private active = NONE;
  /** The active bucket's sorted run still to pop: entries [runEntry, runLimit) of chunk runChunk, then on. */
  private runEntry = 0;
  private runLimit = 0;
  private runChunk = NONE;
  private runTailChunk = NONE;
  private runTailFill = 0;
  /** Buckets cur + 1 .. cur + RING - 1: bucket n at ring index (curIndex + n - cur) & RING_MASK. */
  private cur = -Infinity;
  private curIndex = 0;
  private readonly ring = new Int32Array(RING).fill(NONE);
  private ringCount = 0;
  /** Buckets beyond the ring, by bucket number, and a binary min-heap of those bucket numbers. */
  private readonly far = new Map<number, number>();
  /**
   * The bucket numbers of `far` (a number may stay after its bucket was given back: it is skipped when
   * popped, and a bucket made again for it pushes it again).
   */
  private readonly farBuckets: number[] = [];
  /** Cancelled events of far buckets, by bucket number: a far bucket whose events are all cancelled is given back at once. */
  private readonly farCancelled = new Map<number, number>();
  private nextSeq = 0;
  private live = 0;
  /** Time of the event last returned by popAction. */
  poppedAt = 0;

  constructor(private readonly bucketSeconds = 1) {
    if (!(bucketSeconds > 0)) throw new RangeError(`bucket width must be > 0, got ${bucketSeconds}`);
  }

  /** Buckets held beyond the ring's window (for tests and inspection). */
  get bucketsBeyondRing(): number {
    return this.far.size;
  }

  /** Number of events not cancelled still queued. */
  get size(): number {
    return this.live;
  }

  push(at: number, priority: number, action: () => void): EventHandle {
    if (!Number.isFinite(at)) throw new RangeError(`event time must be finite, got ${at}`);
    if (!(priority >= 0 && priority < 4096)) throw new RangeError(`event priority must be in [0, 4096), got ${priority}`);
    const key = priority * SEQ_SPAN + this.nextSeq++;
    this.live++;
    const slab = this.slab;
    const bucketNumber = Math.floor(at / this.bucketSeconds);
    const d = bucketNumber - this.cur;
    let b: number;
    let e: number;
    if (d <= 0) {
      if (this.active === NONE) this.active = slab.newBucket();
      e = slab.add(this.active, at, key, action);
      this.heap.push(at, key, e);
    } else if (d <= RING_MASK) {
      const i = (this.curIndex + d) & RING_MASK;
      b = this.ring[i]!;
      if (b === NONE) this.ring[i] = b = slab.newBucket();
      e = slab.add(b, at, key, action);
      this.ringCount++;
    } else {
      const found = this.far.get(bucketNumber);
      if (found !== undefined) b = found;
      else {
        b = slab.newBucket();
        this.far.set(bucketNumber, b);
        pushNumber(this.farBuckets, bucketNumber);
      }
      e = slab.add(b, at, key, action);
    }
    return new EventHandle(at, e, slab.chunkGeneration[e >> CHUNK_BITS]!);
  }

  /**
   * Cancel the handle's event if still queued. The first cancel of a handle counts one event out of `size`
   * even if the event already ran (as the queue always did; SimClock.pending shows it).
   */
  cancel(handle: EventHandle): void {
    if (handle.cancelled) return;
    handle.cancelled = true;
    this.live--;
    // Flagging an event already popped is harmless; a released chunk has a new generation.
    const e = handle.entry;
    if (this.slab.chunkGeneration[e >> CHUNK_BITS] !== handle.generation) return;
    const queued = this.slab.actions[e] !== undefined;
    this.slab.actions[e] = CANCELLED;
    if (!queued) return;
    // A far event (timeouts set days ahead and cancelled, e.g. spot warnings of instances long gone) would
    // keep its bucket's chunk until its time came: a bucket left with cancelled events only is given back.
    const n = Math.floor(handle.at / this.bucketSeconds);
    if (n - this.cur <= RING_MASK) return;
    const b = this.far.get(n);
    if (b === undefined) return;
    const cancelled = (this.farCancelled.get(n) ?? 0) + 1;
    if (cancelled < this.slab.count[b]!) {
      this.farCancelled.set(n, cancelled);
      return;
    }
    this.far.delete(n);
    this.farCancelled.delete(n);
    this.slab.release(b);
  }

  /** Time of the earliest live event, or undefined when none is left. */
  peekTime(): number | undefined {
    return this.settle() ? this.slab.data[2 * this.top()] : undefined;
  }

  /** Remove the earliest live event and return its action (its time is then in `poppedAt`). */
  popAction(): (() => void) | undefined {
    if (!this.settle()) return undefined;
    const e = this.top();
    // An entry pushed after activation may follow the spent run's last entry: check the run is not spent.
    if (e === this.runEntry && e < this.runLimit) this.stepRun();
    else this.heap.removeTop();
    const actions = this.slab.actions;
    const action = actions[e]!;
    actions[e] = undefined;
    this.poppedAt = this.slab.data[2 * e]!;
    this.live--;
    return action;
  }

  /** The earliest live event without removing it. */
  peek(): QueuedEvent | undefined {
    return this.settle() ? this.describe(this.top()) : undefined;
  }

  pop(): QueuedEvent | undefined {
    if (!this.settle()) return undefined;
    const top = this.describe(this.top());
    this.popAction();
    return top;
  }

  private describe(e: number): QueuedEvent {
    const key = this.slab.data[2 * e + 1]!;
    const priority = Math.floor(key / SEQ_SPAN);
    const action = this.slab.actions[e]!;
    return { at: this.slab.data[2 * e]!, priority, seq: key - priority * SEQ_SPAN, action, cancelled: false };
  }

  /** Entry of the earliest event (after settle): the run's head or the heap's top. */
  private top(): number {
    const heap = this.heap;
    const r = this.runEntry;
    if (r === this.runLimit) return heap.refs[0]!;
    if (heap.length === 0) return r;
    const data = this.slab.data;
    const t = data[2 * r]!;
    const ht = heap.times[0]!;
    return t < ht || (t === ht && data[2 * r + 1]! < heap.keys[0]!) ? r : heap.refs[0]!;
  }

  /** Move the run past its head, on to the next chunk of the run's chain at a chunk's end. */
  private stepRun(): void {
    if (++this.runEntry < this.runLimit) return;
    const c = this.runChunk;
    if (c === this.runTailChunk) return;
    const next = this.slab.chunkNext[c]!;
    this.runChunk = next;
    this.runEntry = next << CHUNK_BITS;
    this.runLimit = this.runEntry + (next === this.runTailChunk ? this.runTailFill : CHUNK);
  }

  /** Drop cancelled events at the fronts, activating later buckets as needed; false when nothing is left. */
  private settle(): boolean {
    const actions = this.slab.actions;
    const heap = this.heap;
    for (;;) {
      while (this.runEntry < this.runLimit && actions[this.runEntry] === CANCELLED) {
        actions[this.runEntry] = undefined;
        this.stepRun();
      }
      while (heap.length > 0 && actions[heap.refs[0]!] === CANCELLED) {
        actions[heap.refs[0]!] = undefined;
        heap.removeTop();
      }
      if (this.runEntry < this.runLimit || heap.length > 0) return true;
      if (!this.advance()) return false;
    }
  }

  /** The active bucket is spent: make the next non-empty bucket active; false when there is none. */
  private advance(): boolean {
    if (this.active !== NONE) this.slab.release(this.active);
    this.active = NONE;
    if (this.ringCount > 0) {
      let i = this.curIndex;
      let d = 0;
      do {
        i = (i + 1) & RING_MASK;
        d++;
      } while (this.ring[i] === NONE);
      this.cur += d;
      this.curIndex = i;
      const b = this.ring[i]!;
      this.ring[i] = NONE;
      this.ringCount -= this.slab.count[b]!;
      this.activate(b);
    } else {
      // The ring is empty: jump straight to the first far bucket.
      let b = NONE;
      let n = 0;
      while (b === NONE && this.farBuckets.length > 0) {
        n = popNumber(this.farBuckets);
        b = this.takeFar(n);
      }
      if (b === NONE) return false;
      this.cur = n;
      this.activate(b);
    }
    // Far buckets the ring's window now reaches move into the ring (by descriptor: entries stay put).
    while (this.farBuckets.length > 0 && this.farBuckets[0]! - this.cur <= RING_MASK) {
      const n = popNumber(this.farBuckets);
      const b = this.takeFar(n);
      if (b === NONE) continue;
      this.ring[(this.curIndex + (n - this.cur)) & RING_MASK] = b;
      this.ringCount += this.slab.count[b]!;
    }
    return true;
  }

  /** Make bucket b the active one: a bucket pushed in order is its own run, any other goes through the heap. */
  private activate(b: number): void {
    const slab = this.slab;
    this.active = b;
    const head = slab.head[b]!;
    const tail = slab.tail[b]!;
    const tailFill = slab.tailFill[b]!;
    if (slab.sorted[b] === 1) {
      this.runChunk = head;
      this.runTailChunk = tail;
      this.runTailFill = tailFill;
      this.runEntry = head << CHUNK_BITS;
      this.runLimit = this.runEntry + (head === tail ? tailFill : CHUNK);
      return;
    }
    this.runEntry = this.runLimit = 0;
    const { data, actions, chunkNext } = slab;
    for (let c = head; ; c = chunkNext[c]!) {
      const first = c << CHUNK_BITS;
      const end = first + (c === tail ? tailFill : CHUNK);
      for (let e = first; e < end; e++) {
        if (actions[e] !== CANCELLED) this.heap.push(data[2 * e]!, data[2 * e + 1]!, e);
        else actions[e] = undefined;
      }
      if (c === tail) break;
    }
  }

  /** Take far bucket n out of `far`; NONE when it was given back (all its events cancelled). */
  private takeFar(n: number): number {
    const b = this.far.get(n);
    if (b === undefined) return NONE;
    this.far.delete(n);
    this.farCancelled.delete(n);
    return b;
  }
}

function pushNumber(heap: number[], value: number): void {
  let i = heap.length;
  heap.push(value);
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (heap[parent]! <= value) break;
    heap[i] = heap[parent]!;
    i = parent;
  }
  heap[i] = value;
}

function popNumber(heap: number[]): number {
  const top = heap[0]!;
  const last = heap.pop()!;
  const n = heap.length;
  if (n === 0) return top;
  let i = 0;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && heap[r]! < heap[l]! ? r : l;
    if (heap[c]! >= last) break;
    heap[i] = heap[c]!;
    i = c;
  }
  heap[i] = last;
  return top;
}
