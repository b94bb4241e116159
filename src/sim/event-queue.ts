/**
 * The event queue, ordered by (time, priority, insertion sequence): events at equal times run in priority
 * order, then in the order they were scheduled. Cancelled events are dropped lazily on pop.
 *
 * Layout (a calendar queue): time is cut into buckets of `bucketSeconds`. Events of the active bucket (and
 * anything earlier) sit in a small 4-ary heap whose keys live in typed arrays, so sifting touches
 * contiguous memory; events of later buckets are appended unsorted to their bucket and heapified only when
 * their bucket becomes active. A queue of a million events therefore sifts through a heap of one bucket,
 * not of the million.
 */
export interface QueuedEvent {
  readonly at: number;
  readonly priority: number;
  readonly seq: number;
  readonly action: () => void;
  cancelled: boolean;
}

/** priority × 2^40 + seq keeps (priority, seq) in one exactly comparable double (seq < 2^40, priority < 2^12). */
const SEQ_SPAN = 2 ** 40;

export class EventQueue {
  private readonly future = new Map<number, QueuedEvent[]>();
  /** Binary min-heap of the bucket numbers present in `future`. */
  private readonly futureBuckets: number[] = [];
  private activeBucket = -Infinity;
  private times = new Float64Array(1024);
  private ties = new Float64Array(1024);
  private events: (QueuedEvent | undefined)[] = new Array<QueuedEvent | undefined>(1024);
  private length = 0;
  private nextSeq = 0;
  private live = 0;

  constructor(private readonly bucketSeconds = 1) {
    if (!(bucketSeconds > 0)) throw new RangeError(`bucket width must be > 0, got ${bucketSeconds}`);
  }

  /** Number of events not cancelled still queued. */
  get size(): number {
    return this.live;
  }

  push(at: number, priority: number, action: () => void): QueuedEvent {
    if (!Number.isFinite(at)) throw new RangeError(`event time must be finite, got ${at}`);
    if (!(priority >= 0 && priority < 4096)) throw new RangeError(`event priority must be in [0, 4096), got ${priority}`);
    const seq = this.nextSeq++;
    const ev: QueuedEvent = { at, priority, seq, action, cancelled: false };
    this.live++;
    const bucket = Math.floor(at / this.bucketSeconds);
    if (bucket <= this.activeBucket) {
      this.heapPush(ev);
      return ev;
    }
    const list = this.future.get(bucket);
    if (list) list.push(ev);
    else {
      this.future.set(bucket, [ev]);
      pushNumber(this.futureBuckets, bucket);
    }
    return ev;
  }

  cancel(ev: QueuedEvent): void {
    if (!ev.cancelled) {
      ev.cancelled = true;
      this.live--;
    }
  }

  /** The earliest live event without removing it. */
  peek(): QueuedEvent | undefined {
    return this.settle() ? this.events[0] : undefined;
  }

  pop(): QueuedEvent | undefined {
    if (!this.settle()) return undefined;
    const top = this.events[0]!;
    this.removeTop();
    this.live--;
    return top;
  }

  /** Drop cancelled events at the top, activating later buckets as needed; false when nothing is left. */
  private settle(): boolean {
    for (;;) {
      while (this.length > 0 && this.events[0]!.cancelled) this.removeTop();
      if (this.length > 0) return true;
      if (this.futureBuckets.length === 0) return false;
      const bucket = popNumber(this.futureBuckets);
      const list = this.future.get(bucket)!;
      this.future.delete(bucket);
      this.activeBucket = bucket;
      for (const ev of list) if (!ev.cancelled) this.heapPush(ev);
    }
  }

  private heapPush(ev: QueuedEvent): void {
    if (this.length === this.times.length) this.grow();
    this.siftUp(this.length++, ev.at, ev.priority * SEQ_SPAN + ev.seq, ev);
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const ties = new Float64Array(n);
    ties.set(this.ties);
    this.times = times;
    this.ties = ties;
    this.events.length = n;
  }

  private siftUp(start: number, t: number, tie: number, ev: QueuedEvent): void {
    const times = this.times;
    const ties = this.ties;
    const events = this.events;
    let i = start;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = times[parent]!;
      if (pt < t || (pt === t && ties[parent]! < tie)) break;
      times[i] = pt;
      ties[i] = ties[parent]!;
      events[i] = events[parent];
      i = parent;
    }
    times[i] = t;
    ties[i] = tie;
    events[i] = ev;
  }

  private removeTop(): void {
    const n = --this.length;
    const times = this.times;
    const ties = this.ties;
    const events = this.events;
    if (n === 0) {
      events[0] = undefined;
      return;
    }
    const t = times[n]!;
    const tie = ties[n]!;
    const ev = events[n]!;
    events[n] = undefined;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let best = first;
      let bt = times[first]!;
      let btie = ties[first]!;
      const last = Math.min(first + 4, n);
      for (let c = first + 1; c < last; c++) {
        const ct = times[c]!;
        if (ct < bt || (ct === bt && ties[c]! < btie)) {
          best = c;
          bt = ct;
          btie = ties[c]!;
        }
      }
      if (t < bt || (t === bt && tie < btie)) break;
      times[i] = bt;
      ties[i] = btie;
      events[i] = events[best];
      i = best;
    }
    times[i] = t;
    ties[i] = tie;
    events[i] = ev;
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
