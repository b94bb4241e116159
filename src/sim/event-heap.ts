/**
 * A 4-ary min-heap of (time, key, ref) over parallel typed arrays, ordered by time then key: no object per
 * entry, and a sift touches a few contiguous cache lines. `ref` is the caller's (the index of the event in
 * its bucket).
 */
export class EventHeap {
  times = new Float64Array(256);
  keys = new Float64Array(256);
  refs = new Int32Array(256);
  length = 0;

  push(t: number, key: number, ref: number): void {
    if (this.length === this.times.length) this.grow();
    const times = this.times;
    const keys = this.keys;
    const refs = this.refs;
    let i = this.length++;
    while (i > 0) {
      const parent = (i - 1) >> 2;
      const pt = times[parent]!;
      if (pt < t || (pt === t && keys[parent]! < key)) break;
      times[i] = pt;
      keys[i] = keys[parent]!;
      refs[i] = refs[parent]!;
      i = parent;
    }
    times[i] = t;
    keys[i] = key;
    refs[i] = ref;
  }

  /** Remove the top entry (the heap must not be empty). */
  removeTop(): void {
    const n = --this.length;
    if (n === 0) return;
    const times = this.times;
    const keys = this.keys;
    const refs = this.refs;
    const t = times[n]!;
    const key = keys[n]!;
    const ref = refs[n]!;
    let i = 0;
    for (;;) {
      const first = 4 * i + 1;
      if (first >= n) break;
      let best = first;
      let bt = times[first]!;
      let bkey = keys[first]!;
      const last = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < last; c++) {
        const ct = times[c]!;
        if (ct < bt || (ct === bt && keys[c]! < bkey)) {
          best = c;
          bt = ct;
          bkey = keys[c]!;
        }
      }
      if (t < bt || (t === bt && key < bkey)) break;
      times[i] = bt;
      keys[i] = bkey;
      refs[i] = refs[best]!;
      i = best;
    }
    times[i] = t;
    keys[i] = key;
    refs[i] = ref;
  }

  private grow(): void {
    const n = this.times.length * 2;
    const times = new Float64Array(n);
    times.set(this.times);
    const keys = new Float64Array(n);
    keys.set(this.keys);
    const refs = new Int32Array(n);
    refs.set(this.refs);
    this.times = times;
    this.keys = keys;
    this.refs = refs;
  }
}
