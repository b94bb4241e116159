/**
 * The pods with the longest pending time, for the run page's table (the full list is pods.csv). Kept
 * with a bounded heap so that a million pods are scanned once with K rows held: longest pending first,
 * ties in pods.csv row order. Pending seconds are compared as printed in pods.csv (3 decimals), so that
 * a report rebuilt from the CSV picks the same pods.
 */
export const SLOWEST_PODS = 200;

export interface SlowPod {
  readonly id: string;
  readonly owner: string;
  readonly created: number;
  /** null: never bound. */
  readonly bound: number | null;
  readonly node: string;
  readonly pendingSeconds: number;
  readonly evictions: number;
}

interface Entry {
  readonly pending: number;
  readonly index: number;
  readonly pod: SlowPod;
}

/** a ranks below b: shorter pending, or equal pending and later row. */
function below(a: Entry, b: Entry): boolean {
  return a.pending < b.pending || (a.pending === b.pending && a.index > b.index);
}

export class SlowestPods {
  private readonly heap: Entry[] = [];
  private seen = 0;

  constructor(private readonly limit = SLOWEST_PODS) {}

  /** Offer pod `index` (rows in order); `pod` is only called when the pod makes the list. */
  offer(index: number, pendingSeconds: number, pod: () => Omit<SlowPod, 'pendingSeconds'>): void {
    this.seen++;
    if (this.limit <= 0 || Number.isNaN(pendingSeconds)) return;
    const h = this.heap;
    if (h.length === this.limit) {
      const worst = h[0]!;
      if (!(pendingSeconds > worst.pending || (pendingSeconds === worst.pending && index < worst.index))) return;
    }
    const entry: Entry = { pending: pendingSeconds, index, pod: { ...pod(), pendingSeconds } };
    if (h.length < this.limit) {
      h.push(entry);
      this.up(h.length - 1);
    } else {
      h[0] = entry;
      this.down(0);
    }
  }

  /** How many pods were offered. */
  get count(): number {
    return this.seen;
  }

  /** Longest pending first; ties in row order. */
  result(): SlowPod[] {
    return [...this.heap].sort((a, b) => b.pending - a.pending || a.index - b.index).map((e) => e.pod);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!below(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && below(h[l]!, h[m]!)) m = l;
      if (r < h.length && below(h[r]!, h[m]!)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m]!, h[i]!];
      i = m;
    }
  }
}
