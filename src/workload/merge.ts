import type { WorkloadEvent, WorkloadSource } from './types.js';

interface Head {
  readonly event: WorkloadEvent;
  readonly source: number;
  readonly it: Iterator<WorkloadEvent>;
}

function before(a: Head, b: Head): boolean {
  return a.event.at < b.event.at || (a.event.at === b.event.at && a.source < b.source);
}

/**
 * Merge time-ordered sources into one time-ordered stream, lazily: one event per source in memory.
 * Ties go to the source listed first, so the result is deterministic. A source that goes back in time
 * is a bug in its reader or generator and throws.
 */
export function* mergeSources(sources: readonly WorkloadSource[]): Generator<WorkloadEvent> {
  const heap: Head[] = [];
  const push = (h: Head): void => {
    heap.push(h);
    let i = heap.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(heap[i]!, heap[p]!)) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const popTop = (): Head => {
    const top = heap[0]!;
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m]!, heap[i]!];
        i = m;
      }
    }
    return top;
  };
  sources.forEach((s, source) => {
    const it = s[Symbol.iterator]();
    const n = it.next();
    if (!n.done) push({ event: n.value, source, it });
  });
  while (heap.length > 0) {
    const top = popTop();
    yield top.event;
    const n = top.it.next();
    if (!n.done) {
      if (!(n.value.at >= top.event.at)) {
        throw new Error(`workload source #${top.source} went back in time: ${n.value.at} after ${top.event.at}`);
      }
      push({ event: n.value, source: top.source, it: top.it });
    }
  }
}
