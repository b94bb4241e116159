import type { PlannedClaim } from './planned-claim.js';

interface Entry {
  readonly claim: PlannedClaim;
  prev: Entry | undefined;
  next: Entry | undefined;
  count: number;
  /** The claim's offering-pool mask when it last joined the order (it changes only as pods join). */
  mask: number;
}

interface Bucket {
  head: Entry | undefined;
  tail: Entry | undefined;
}

/**
 * The NodeClaims planned so far in fewest-pods-first order (Karpenter sorts them by pod count before each
 * pod). Claims with equal counts keep the order in which they reached that count. One linked list per
 * pod count, so a claim gaining a pod moves in O(1) however many claims there are.
 */
export class ClaimOrder {
  private readonly buckets = new Map<number, Bucket>();
  /** Pod counts with a non-empty bucket, ascending. */
  private counts: number[] = [];
  private readonly entries = new Map<PlannedClaim, Entry>();

  get size(): number {
    return this.entries.size;
  }

  insert(claim: PlannedClaim): void {
    const e: Entry = { claim, prev: undefined, next: undefined, count: claim.pods.length, mask: claim.mask };
    this.entries.set(claim, e);
    this.append(e);
  }

  /** The claim gained a pod: it moves behind the claims that already have its new count. */
  grew(claim: PlannedClaim): void {
    const e = this.entries.get(claim);
    if (!e) return;
    this.unlink(e);
    e.count = claim.pods.length;
    e.mask = claim.mask;
    this.append(e);
  }

  /** The first claim, in order, for which `accept` returns true (it is then expected to have grown). */
  find(accept: (claim: PlannedClaim) => boolean): PlannedClaim | undefined {
    for (const c of this.counts) {
      for (let e = this.buckets.get(c)?.head; e; e = e.next) if (accept(e.claim)) return e.claim;
    }
    return undefined;
  }

  /**
   * Like `find`, restricted to claims whose offering-pool mask meets `gate`: the others are passed over
   * in the loop itself (no call per claim; the mask is read from the entry). Claims must report each
   * change of their mask through `insert`/`grew` (masks only narrow as pods join). `passed` is set to the number of claims looked at, gated out
   * or refused, the one found included (every claim when none is found).
   */
  findGated(gate: number, accept: (claim: PlannedClaim) => boolean): PlannedClaim | undefined {
    let passed = 0;
    for (const c of this.counts) {
      for (let e = this.buckets.get(c)?.head; e; e = e.next) {
        passed++;
        if ((e.mask & gate) !== 0 && accept(e.claim)) {
          this.passed = passed;
          return e.claim;
        }
      }
    }
    this.passed = passed;
    return undefined;
  }

  /** Claims looked at by the last `findGated`. */
  passed = 0;

  /** All claims in creation order. */
  inCreationOrder(): PlannedClaim[] {
    return [...this.entries.keys()].sort((a, b) => a.seq - b.seq);
  }

  private append(e: Entry): void {
    let b = this.buckets.get(e.count);
    if (!b) {
      b = { head: undefined, tail: undefined };
      this.buckets.set(e.count, b);
      let i = this.counts.length;
      while (i > 0 && this.counts[i - 1] > e.count) i--;
      this.counts.splice(i, 0, e.count);
    }
    e.prev = b.tail;
    e.next = undefined;
    if (b.tail) b.tail.next = e;
    else b.head = e;
    b.tail = e;
  }

  private unlink(e: Entry): void {
    const b = this.buckets.get(e.count)!;
    if (e.prev) e.prev.next = e.next;
    else b.head = e.next;
    if (e.next) e.next.prev = e.prev;
    else b.tail = e.prev;
    if (!b.head) {
      this.buckets.delete(e.count);
      this.counts.splice(this.counts.indexOf(e.count), 1);
    }
  }
}
