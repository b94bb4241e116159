import type { LabelSelector, Labels, Requirement } from '../model/index.js';

/**
 * Kubernetes parses Gt/Lt operands and label values as 64-bit integers (strconv.ParseInt). A value that
 * is not a plain base-10 integer never satisfies Gt/Lt.
 */
function parseIntLabel(value: string): number | undefined {
  if (!/^[+-]?\d+$/.test(value)) return undefined;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Does one requirement hold for concrete labels (Gt/Lt compare integers; Exists/DoesNotExist ignore values)? */
export function requirementMatches(req: Requirement, labels: Labels): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, req.key);
  const value = has ? labels[req.key] : undefined;
  switch (req.operator) {
    case 'In':
      return value !== undefined && req.values.includes(value);
    case 'NotIn':
      return value === undefined || !req.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || req.values.length !== 1) return false;
      const bound = parseIntLabel(req.values[0]);
      const actual = parseIntLabel(value);
      if (bound === undefined || actual === undefined) return false;
      return req.operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** metav1.LabelSelector semantics; an undefined selector matches nothing, an empty one everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Labels): boolean {
  if (selector === undefined) return false;
  if (selector.matchLabels) {
    for (const [k, v] of Object.entries(selector.matchLabels)) {
      if (!Object.prototype.hasOwnProperty.call(labels, k) || labels[k] !== v) return false;
    }
  }
  if (selector.matchExpressions) {
    for (const e of selector.matchExpressions) {
      if (!requirementMatches({ key: e.key, operator: e.operator, values: e.values ?? [] }, labels)) return false;
    }
  }
  return true;
}

/**
 * The allowed values of one key. `complement` false: exactly `values`; true: every value except `values`,
 * further limited to integers in (greaterThan, lessThan) when a bound is set. `absentAllowed`: a node
 * without the label satisfies it (NotIn, DoesNotExist).
 */
interface KeyRequirement {
  readonly complement: boolean;
  readonly values: ReadonlySet<string>;
  readonly greaterThan?: number;
  readonly lessThan?: number;
  readonly absentAllowed: boolean;
  readonly minValues?: number;
}

function withinBounds(r: KeyRequirement, value: string): boolean {
  if (r.greaterThan === undefined && r.lessThan === undefined) return true;
  const n = parseIntLabel(value);
  if (n === undefined) return false;
  return (r.greaterThan === undefined || n > r.greaterThan) && (r.lessThan === undefined || n < r.lessThan);
}

function keyAllows(r: KeyRequirement, value: string): boolean {
  return (r.complement ? !r.values.has(value) : r.values.has(value)) && withinBounds(r, value);
}

function fromRequirement(req: Requirement): KeyRequirement {
  const mv = req.minValues !== undefined ? { minValues: req.minValues } : {};
  switch (req.operator) {
    case 'In':
      return { complement: false, values: new Set(req.values), absentAllowed: false, ...mv };
    case 'NotIn':
      return { complement: true, values: new Set(req.values), absentAllowed: true, ...mv };
    case 'Exists':
      return { complement: true, values: new Set(), absentAllowed: false, ...mv };
    case 'DoesNotExist':
      return { complement: false, values: new Set(), absentAllowed: true, ...mv };
    case 'Gt':
    case 'Lt': {
      const bound = req.values.length === 1 ? parseIntLabel(req.values[0]) : undefined;
      // An unparsable bound matches no value (as in Kubernetes, where it is a validation error).
      if (bound === undefined) return { complement: false, values: new Set(), absentAllowed: false, ...mv };
      return {
        complement: true,
        values: new Set(),
        absentAllowed: false,
        ...(req.operator === 'Gt' ? { greaterThan: bound } : { lessThan: bound }),
        ...mv,
      };
    }
    default:
      return { complement: false, values: new Set(), absentAllowed: false, ...mv };
  }
}

function intersectKey(a: KeyRequirement, b: KeyRequirement): KeyRequirement {
  const gts = [a.greaterThan, b.greaterThan].filter((x): x is number => x !== undefined);
  const lts = [a.lessThan, b.lessThan].filter((x): x is number => x !== undefined);
  const greaterThan = gts.length ? Math.max(...gts) : undefined;
  const lessThan = lts.length ? Math.min(...lts) : undefined;
  const mvs = [a.minValues, b.minValues].filter((x): x is number => x !== undefined);
  const extra = {
    absentAllowed: a.absentAllowed && b.absentAllowed,
    ...(mvs.length ? { minValues: Math.max(...mvs) } : {}),
  };
  if (a.complement && b.complement) {
    return {
      complement: true,
      values: new Set([...a.values, ...b.values]),
      ...(greaterThan !== undefined ? { greaterThan } : {}),
      ...(lessThan !== undefined ? { lessThan } : {}),
      ...extra,
    };
  }
  // At least one side is finite: the result is finite, bounds folded into the set.
  const [finite, other] = a.complement ? [b, a] : [a, b];
  const values = new Set<string>();
  for (const v of finite.values) if (keyAllows(other, v) && withinBounds(finite, v)) values.add(v);
  return { complement: false, values, ...extra };
}

/** Can some concrete label value (or the label's absence) satisfy `r`? */
function satisfiable(r: KeyRequirement): boolean {
  if (r.absentAllowed) return true;
  if (!r.complement) return r.values.size > 0;
  if (r.greaterThan === undefined && r.lessThan === undefined) return true;
  const lo = r.greaterThan === undefined ? Number.MIN_SAFE_INTEGER : r.greaterThan + 1;
  const hi = r.lessThan === undefined ? Number.MAX_SAFE_INTEGER : r.lessThan - 1;
  if (lo > hi) return false;
  let excluded = 0;
  for (const v of r.values) {
    const n = parseIntLabel(v);
    if (n !== undefined && n >= lo && n <= hi && String(n) === v) excluded++;
  }
  return hi - lo + 1 > excluded;
}

/**
 * A set of requirements keyed by label key (Karpenter's scheduling.Requirements): the allowed values of a
 * key are a finite set (In), a complement (NotIn), "any" (Exists), "none" (DoesNotExist), or a Gt/Lt
 * bound. Used for hypothetical nodes (NodeClaims) whose labels are not yet fixed.
 *
 * Absence: a node without the label satisfies NotIn and DoesNotExist but not In, Exists, Gt or Lt
 * (Kubernetes node-affinity semantics). Intersections keep that: NotIn ∩ DoesNotExist is satisfiable
 * (by leaving the label off), In [a] ∩ NotIn [a] is not. Instances are immutable.
 */
export class Requirements {
  private constructor(private readonly byKey: ReadonlyMap<string, KeyRequirement>) {}

  static readonly EMPTY: Requirements = new Requirements(new Map());

  static fromLabels(labels: Labels): Requirements {
    const m = new Map<string, KeyRequirement>();
    for (const [k, v] of Object.entries(labels)) m.set(k, { complement: false, values: new Set([v]), absentAllowed: false });
    return new Requirements(m);
  }

  static from(reqs: readonly Requirement[]): Requirements {
    const m = new Map<string, KeyRequirement>();
    for (const req of reqs) {
      const r = fromRequirement(req);
      const prev = m.get(req.key);
      m.set(req.key, prev ? intersectKey(prev, r) : r);
    }
    return new Requirements(m);
  }

  /** A new set holding both (the intersection of allowed values per key; minValues is the larger). */
  intersect(other: Requirements): Requirements {
    if (other.byKey.size === 0) return this;
    if (this.byKey.size === 0) return other;
    const m = new Map(this.byKey);
    for (const [k, r] of other.byKey) {
      const prev = m.get(k);
      m.set(k, prev ? intersectKey(prev, r) : r);
    }
    return new Requirements(m);
  }

  /** undefined when some labeling satisfies both; otherwise the first conflicting key. */
  conflict(other: Requirements): string | undefined {
    const [small, large] = this.byKey.size <= other.byKey.size ? [this, other] : [other, this];
    for (const [k, r] of small.byKey) {
      const o = large.byKey.get(k);
      if (o && !satisfiable(intersectKey(r, o))) return k;
    }
    for (const [k, r] of this.byKey) if (!other.byKey.has(k) && !satisfiable(r)) return k;
    for (const [k, r] of other.byKey) if (!this.byKey.has(k) && !satisfiable(r)) return k;
    return undefined;
  }

  /** The first key no labeling can satisfy (e.g. In [a] ∩ In [b]), or undefined when the set is satisfiable. */
  unsatisfiableKey(): string | undefined {
    for (const [k, r] of this.byKey) if (!satisfiable(r)) return k;
    return undefined;
  }

  /**
   * Karpenter's Compatible check (`incoming` is usually a pod's requirements, `this` a NodePool's or
   * NodeClaim's): like `conflict`, and additionally an incoming key this set does not define must allow
   * the label's absence (NotIn, DoesNotExist) unless `allowUndefined(key)` (Karpenter allows undefined
   * well-known labels) — the node would otherwise never carry it. Returns the first failing key.
   */
  incompatibility(incoming: Requirements, allowUndefined: (key: string) => boolean = () => false): string | undefined {
    for (const [k, r] of incoming.byKey) {
      if (!this.byKey.has(k) && !r.absentAllowed && !allowUndefined(k)) return k;
    }
    return this.conflict(incoming);
  }

  /** Do concrete labels satisfy every requirement? */
  matches(labels: Labels): boolean {
    for (const [k, r] of this.byKey) {
      if (Object.prototype.hasOwnProperty.call(labels, k)) {
        if (!keyAllows(r, labels[k])) return false;
      } else if (!r.absentAllowed) return false;
    }
    return true;
  }

  /** Is `value` allowed for `key`? Unconstrained keys allow anything. */
  allows(key: string, value: string): boolean {
    const r = this.byKey.get(key);
    return r === undefined || keyAllows(r, value);
  }

  /** May a node lack label `key`? (true for unconstrained keys, NotIn and DoesNotExist.) */
  allowsAbsent(key: string): boolean {
    const r = this.byKey.get(key);
    return r === undefined || r.absentAllowed;
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  keys(): string[] {
    return [...this.byKey.keys()];
  }

  get size(): number {
    return this.byKey.size;
  }

  /**
   * The finite set of allowed values for a key with an In requirement (after intersections), else
   * undefined (unconstrained, NotIn, Exists, Gt/Lt). DoesNotExist yields the empty set.
   */
  values(key: string): ReadonlySet<string> | undefined {
    const r = this.byKey.get(key);
    return r && !r.complement ? r.values : undefined;
  }

  /** Karpenter's minValues for a key, if any requirement on it set one. */
  minValues(key: string): number | undefined {
    return this.byKey.get(key)?.minValues;
  }

  /** Keys whose allowed values are exactly one value: the labels a node built from this set must carry. */
  singleValueLabels(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, r] of this.byKey) {
      if (!r.complement && r.values.size === 1) out[k] = r.values.values().next().value as string;
    }
    return out;
  }

  /**
   * Back to node-selector requirements (one or more per key; `Requirements.from(x.toList())` is
   * equivalent to `x`). minValues rides on the first requirement of its key.
   */
  toList(): Requirement[] {
    const out: Requirement[] = [];
    for (const [key, r] of this.byKey) {
      const parts: Requirement[] = [];
      if (!r.complement) {
        parts.push({ key, operator: r.values.size > 0 ? 'In' : r.absentAllowed ? 'DoesNotExist' : 'In', values: [...r.values] });
      } else {
        if (r.values.size > 0 || r.absentAllowed) parts.push({ key, operator: 'NotIn', values: [...r.values] });
        if (r.greaterThan !== undefined) parts.push({ key, operator: 'Gt', values: [String(r.greaterThan)] });
        if (r.lessThan !== undefined) parts.push({ key, operator: 'Lt', values: [String(r.lessThan)] });
        if (parts.length === 0 || (r.values.size > 0 && !r.absentAllowed && r.greaterThan === undefined && r.lessThan === undefined)) {
          parts.push({ key, operator: 'Exists', values: [] });
        }
      }
      if (r.minValues !== undefined) parts[0] = { ...parts[0], minValues: r.minValues };
      out.push(...parts);
    }
    return out;
  }

  toString(): string {
    return this.toList()
      .map((r) => `${r.key} ${r.operator}${r.values.length ? ` [${r.values.join(',')}]` : ''}`)
      .join(', ');
  }
}
