/** Stands in for the action of a cancelled event still queued. */
export const CANCELLED = (): void => undefined;

/**
 * One bucket of the event queue: the events of one time slice in the order they were pushed, in parallel
 * arrays (time and key interleaved in a Float64Array, the actions in a plain array; a cancelled event's
 * action is CANCELLED). An event keeps its index in its bucket from push to pop (buckets move whole, never
 * event by event), so a handle can name it by (bucket, index, generation) and cancel it without the queue
 * holding a per-event object. `sorted` says whether the events were pushed in (time, key) order, in which
 * case the bucket is already its own pop order.
 */
export class EventBucket {
  /** time of event i at 2i, key at 2i + 1. */
  data: Float64Array;
  readonly actions: ((() => void) | undefined)[] = [];
  length = 0;
  sorted = true;
  /** Incremented each time the bucket is emptied for reuse: a handle of an older generation is stale. */
  generation = 0;

  constructor(capacity = 8) {
    this.data = new Float64Array(2 * capacity);
  }

  get capacity(): number {
    return this.data.length >> 1;
  }

  /** Append an event; returns its index. */
  add(at: number, key: number, action: () => void): number {
    const i = this.length;
    const data = i << 1 === this.data.length ? this.grow() : this.data;
    if (i > 0 && this.sorted) {
      const lastTime = data[2 * i - 2]!;
      if (at < lastTime || (at === lastTime && key < data[2 * i - 1]!)) this.sorted = false;
    }
    data[2 * i] = at;
    data[2 * i + 1] = key;
    this.actions[i] = action;
    this.length = i + 1;
    return i;
  }

  /** Empty the bucket for reuse, dropping its references to actions (capacity is kept). */
  clear(): void {
    const actions = this.actions;
    for (let i = 0; i < this.length; i++) actions[i] = undefined;
    this.length = 0;
    this.sorted = true;
    this.generation++;
  }

  private grow(): Float64Array {
    const data = new Float64Array(Math.max(16, this.data.length * 2));
    data.set(this.data);
    this.data = data;
    return data;
  }
}
