import type { PlannedClaim } from './planned-claim.js';

function before(a: PlannedClaim, b: PlannedClaim): boolean {
  return a.pods.length < b.pods.length || (a.pods.length === b.pods.length && a.seq < b.seq);
}

/**
 * The NodeClaims planned so far in fewest-pods-first order (creation order among equals), kept sorted
 * incrementally: a claim that gained a pod moves right past the claims it no longer precedes.
 */
export class ClaimOrder {
  readonly claims: PlannedClaim[] = [];

  insert(claim: PlannedClaim): void {
    let i = this.claims.length;
    this.claims.push(claim);
    while (i > 0 && before(claim, this.claims[i - 1])) {
      this.claims[i] = this.claims[i - 1];
      i--;
    }
    this.claims[i] = claim;
  }

  /** The claim at `index` gained a pod. */
  grew(index: number): void {
    const c = this.claims[index];
    let i = index;
    while (i + 1 < this.claims.length && before(this.claims[i + 1], c)) {
      this.claims[i] = this.claims[i + 1];
      i++;
    }
    this.claims[i] = c;
  }
}
