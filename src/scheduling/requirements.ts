import type { LabelSelector, Labels, Requirement } from '../model/index.js';

const todo = (what: string): never => {
  throw new Error(`not implemented yet: scheduling/${what}`);
};

/** Does one requirement hold for concrete labels (Gt/Lt compare integers; Exists/DoesNotExist ignore values)? */
export function requirementMatches(req: Requirement, labels: Labels): boolean {
  return todo(`requirementMatches ${req.key} ${Object.keys(labels).length}`);
}

/** metav1.LabelSelector semantics; an undefined selector matches nothing, an empty one everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  return todo(`selectorMatches ${String(selector)} ${Object.keys(labels).length}`);
}

/**
 * A set of requirements keyed by label key (Karpenter's scheduling.Requirements): the allowed values of a
 * key are a finite set (In), a complement (NotIn), "any" (Exists), "none" (DoesNotExist), or a Gt/Lt
 * bound. Used for hypothetical nodes (NodeClaims) whose labels are not yet fixed.
 */
export class Requirements {
  static fromLabels(labels: Labels): Requirements {
    return todo(`Requirements.fromLabels ${Object.keys(labels).length}`);
  }
  static from(reqs: readonly Requirement[]): Requirements {
    return todo(`Requirements.from ${reqs.length}`);
  }
  /** A new set holding both (the intersection of allowed values per key). */
  intersect(other: Requirements): Requirements {
    return todo(`intersect ${String(other)}`);
  }
  /** undefined when some labeling satisfies both; otherwise the first conflicting key. */
  conflict(other: Requirements): string | undefined {
    return todo(`conflict ${String(other)}`);
  }
  /** Do concrete labels satisfy every requirement? */
  matches(labels: Labels): boolean {
    return todo(`matches ${Object.keys(labels).length}`);
  }
  /** Is `value` allowed for `key`? Unconstrained keys allow anything. */
  allows(key: string, value: string): boolean {
    return todo(`allows ${key} ${value}`);
  }
  has(key: string): boolean {
    return todo(`has ${key}`);
  }
  /** The finite set of allowed values for a key with an In requirement, else undefined. */
  values(key: string): ReadonlySet<string> | undefined {
    return todo(`values ${key}`);
  }
  toList(): Requirement[] {
    return todo('toList');
  }
}
