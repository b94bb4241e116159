import type { TimerHandle } from './clock.js';
import { CANCELLED, EventBucket } from './event-bucket.js';
import { EventHeap } from './event-heap.js';

/**
 * The event queue, ordered by (time, priority, insertion sequence): events at equal times run in priority
 * order, then in the order they were scheduled. Cancelled events are dropped lazily on pop.
 *
 * Layout (a calendar queue without a per-event object kept alive): every queued event owns a slot of a
 * pool of parallel typed arrays (time, key, next) plus a plain array of actions; slots are recycled
 * through a free list. Time is cut into buckets of `bucketSeconds`:
 * - events of the active bucket (and anything earlier) sit in a small 4-ary heap whose keys are copied
 *   into typed arrays, so sifting touches a few contiguous cache lines;
 * - events of the next RING - 1 buckets are prepended, unsorted, to a singly linked list per bucket of a
 *   ring (no hashing);
 * - events further away go to a per-bucket list in a map, with a min-heap of those bucket numbers, and
 *   move into the ring once the ring's window reaches them.
 * A bucket's events enter the heap only when it becomes active, so a queue of a million events sifts
 * through a heap of one bucket. The order inside a list does not matter: the heap orders by (time, key)
 * and keys are unique.
 *
 * The handle returned by push is the only per-event object, and the queue does not keep it: a caller that
 * drops it leaves garbage that dies young. A handle finds its slot again by its key (a slot's key changes
 * when the slot is recycled), so cancelling an event that already ran never touches a recycled slot.
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
    /** The bucket holding the event while it is queued, its index and the bucket's generation (internal). */
    readonly bucket: EventBucket,
    readonly index: number,
    readonly generation: number,
  ) {}
}

/** priority × 2^40 + seq keeps (priority, seq) in one exactly comparable double (seq < 2^40, priority < 2^12). */
const SEQ_SPAN = 2 ** 40;
const RING = 4096;
const RING_MASK = RING - 1;
/** Buckets grown beyond this many events are left to the garbage collector rather than reused. */
const MAX_POOLED_CAPACITY = 1 << 16;

export class EventQueue {
  /**
   * The active bucket holds every event with bucket number <= cur. Its pop order: when it was pushed in
   * order, its entries [runPos, runEnd) as they are, merged with the heap of the events pushed into it since
   * it became active; otherwise the heap of all its events.
   */
  private active = new EventBucket();
  private runPos = 0;
  private runEnd = 0;
  private readonly heap = new EventHeap();
  /** Buckets cur + 1 .. cur + RING - 1: bucket b at ring index (curIndex + b - cur) & RING_MASK. */
  private cur = -Infinity;
  private curIndex = 0;
  private readonly ring: (EventBucket | undefined)[] = new Array<EventBucket | undefined>(RING).fill(undefined);
  private ringCount = 0;
  /** Buckets beyond the ring, by bucket number, and a binary min-heap of those bucket numbers. */
  private readonly far = new Map<number, EventBucket>();
  private readonly farBuckets: number[] = [];
  private readonly spares: EventBucket[] = [];
  private nextSeq = 0;
  private live = 0;
  /** Time of the event last returned by popAction. */
  poppedAt = 0;

  constructor(private readonly bucketSeconds = 1) {
    if (!(bucketSeconds > 0)) throw new RangeError(`bucket width must be > 0, got ${bucketSeconds}`);
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
    const bucketNumber = Math.floor(at / this.bucketSeconds);
    const d = bucketNumber - this.cur;
    let bucket: EventBucket;
    if (d <= 0) {
      bucket = this.active;
      const index = bucket.add(at, key, action);
      this.heap.push(at, key, index);
      return new EventHandle(at, bucket, index, bucket.generation);
    }
    if (d <= RING_MASK) {
      const i = (this.curIndex + d) & RING_MASK;
      bucket = this.ring[i] ?? (this.ring[i] = this.spare());
      this.ringCount++;
    } else {
      const found = this.far.get(bucketNumber);
      if (found) bucket = found;
      else {
        bucket = this.spare();
        this.far.set(bucketNumber, bucket);
        pushNumber(this.farBuckets, bucketNumber);
      }
    }
    return new EventHandle(at, bucket, bucket.add(at, key, action), bucket.generation);
  }

  cancel(handle: EventHandle): void {
    if (handle.cancelled) return;
    handle.cancelled = true;
    this.live--;
    // A bucket emptied since has a new generation; flagging an event already popped is harmless.
    const bucket = handle.bucket;
    if (bucket.generation === handle.generation) bucket.actions[handle.index] = CANCELLED;
  }

  /** Time of the earliest live event, or undefined when none is left. */
  peekTime(): number | undefined {
    return this.settle() ? this.active.data[2 * this.topRef()] : undefined;
  }

  /** Remove the earliest live event and return its action (its time is then in `poppedAt`). */
  popAction(): (() => void) | undefined {
    if (!this.settle()) return undefined;
    const ref = this.topRef();
    if (ref === this.runPos && this.runPos < this.runEnd) this.runPos++;
    else this.heap.removeTop();
    const active = this.active;
    const action = active.actions[ref]!;
    active.actions[ref] = undefined;
    this.poppedAt = active.data[2 * ref]!;
    this.live--;
    return action;
  }

  /** The earliest live event without removing it. */
  peek(): QueuedEvent | undefined {
    return this.settle() ? this.describe(this.topRef()) : undefined;
  }

  pop(): QueuedEvent | undefined {
    if (!this.settle()) return undefined;
    const top = this.describe(this.topRef());
    this.popAction();
    return top;
  }

  private describe(ref: number): QueuedEvent {
    const { data, actions } = this.active;
    const key = data[2 * ref + 1]!;
    const priority = Math.floor(key / SEQ_SPAN);
    return { at: data[2 * ref]!, priority, seq: key - priority * SEQ_SPAN, action: actions[ref]!, cancelled: false };
  }

  /** Index in the active bucket of the earliest event (after settle): the run's head or the heap's top. */
  private topRef(): number {
    const heap = this.heap;
    if (this.runPos === this.runEnd) return heap.refs[0]!;
    if (heap.length === 0) return this.runPos;
    const data = this.active.data;
    const t = data[2 * this.runPos]!;
    const ht = heap.times[0]!;
    return t < ht || (t === ht && data[2 * this.runPos + 1]! < heap.keys[0]!) ? this.runPos : heap.refs[0]!;
  }

  /** Drop cancelled events at the fronts, activating later buckets as needed; false when nothing is left. */
  private settle(): boolean {
    for (;;) {
      const actions = this.active.actions;
      while (this.runPos < this.runEnd && actions[this.runPos] === CANCELLED) actions[this.runPos++] = undefined;
      const heap = this.heap;
      while (heap.length > 0 && actions[heap.refs[0]!] === CANCELLED) {
        actions[heap.refs[0]!] = undefined;
        heap.removeTop();
      }
      if (this.runPos < this.runEnd || heap.length > 0) return true;
      if (!this.advance()) return false;
    }
  }

  /** The active bucket is spent: make the next non-empty bucket active; false when there is none. */
  private advance(): boolean {
    const done = this.active;
    done.clear();
    if (this.ringCount > 0) {
      let i = this.curIndex;
      let d = 0;
      let next: EventBucket | undefined;
      do {
        i = (i + 1) & RING_MASK;
        d++;
        next = this.ring[i];
      } while (next === undefined || next.length === 0);
      this.cur += d;
      this.curIndex = i;
      this.ring[i] = this.reusable(done);
      this.ringCount -= next.length;
      this.activate(next);
    } else if (this.farBuckets.length > 0) {
      // The ring is empty: jump straight to the first far bucket.
      const b = popNumber(this.farBuckets);
      const next = this.far.get(b)!;
      this.far.delete(b);
      this.cur = b;
      const kept = this.reusable(done);
      if (kept) this.spares.push(kept);
      this.activate(next);
    } else return false;
    // Far buckets the ring's window now reaches move into the ring (whole: their events keep their index).
    while (this.farBuckets.length > 0 && this.farBuckets[0]! - this.cur <= RING_MASK) {
      const b = popNumber(this.farBuckets);
      const moved = this.far.get(b)!;
      this.far.delete(b);
      const i = (this.curIndex + (b - this.cur)) & RING_MASK;
      const empty = this.ring[i];
      if (empty) this.spares.push(empty);
      this.ring[i] = moved;
      this.ringCount += moved.length;
    }
    return true;
  }

  /** Make `bucket` the active one: a bucket pushed in order is its own run, any other goes through the heap. */
  private activate(bucket: EventBucket): void {
    this.active = bucket;
    this.runPos = 0;
    if (bucket.sorted) {
      this.runEnd = bucket.length;
      return;
    }
    this.runEnd = 0;
    const { data, actions } = bucket;
    for (let j = 0; j < bucket.length; j++) {
      if (actions[j] !== CANCELLED) this.heap.push(data[2 * j]!, data[2 * j + 1]!, j);
      else actions[j] = undefined;
    }
  }

  private spare(): EventBucket {
    return this.spares.pop() ?? new EventBucket();
  }

  /** An emptied bucket back for reuse, unless it grew too large to keep. */
  private reusable(bucket: EventBucket): EventBucket | undefined {
    return bucket.capacity <= MAX_POOLED_CAPACITY ? bucket : undefined;
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
