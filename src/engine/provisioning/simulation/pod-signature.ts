import type { PodSpec } from '../../../model/index.js';

class TrieNode {
  readonly children = new Map<unknown, TrieNode>();
  id = -1;
}

const OBJECT = Symbol('{');
const ARRAY = Symbol('[');
const END = Symbol('}');

/**
 * Numbers pods by what their topology terms, the groups selecting them and their node preferences
 * depend on: namespace, labels, spread constraints, affinity and nodeSelector. Pods with equal numbers
 * (the replicas of a Deployment) share one set of terms in a simulation. The content is walked as a
 * token stream (object keys and primitive values, with markers for objects and arrays) down a trie of
 * maps: no strings are built. Equal content in a different key order only yields a different number
 * (less sharing, same result). One instance per simulation, or one shared by the simulations over one
 * snapshot (see `DenseSignatures`).
 */
export class TopologySignatures {
  private readonly root = new TrieNode();
  private node = this.root;
  private next = 0;

  /** The last pod numbered: replicas of one template share these objects and come in a row. */
  private last: PodSpec | undefined;
  private lastId = -1;

  /** How many distinct numbers were given out. */
  get count(): number {
    return this.next;
  }

  of(pod: PodSpec): number {
    const last = this.last;
    if (
      last !== undefined &&
      last.namespace === pod.namespace &&
      last.labels === pod.labels &&
      last.topologySpreadConstraints === pod.topologySpreadConstraints &&
      last.affinity === pod.affinity &&
      last.nodeSelector === pod.nodeSelector
    ) {
      return this.lastId;
    }
    this.last = pod;
    this.lastId = this.walkPod(pod);
    return this.lastId;
  }

  private walkPod(pod: PodSpec): number {
    this.node = this.root;
    this.step(pod.namespace);
    this.walk(pod.labels);
    this.walk(pod.topologySpreadConstraints);
    this.walk(pod.affinity);
    this.walk(pod.nodeSelector);
    const node = this.node;
    if (node.id < 0) node.id = this.next++;
    return node.id;
  }

  private step(token: unknown): void {
    let child = this.node.children.get(token);
    if (!child) this.node.children.set(token, (child = new TrieNode()));
    this.node = child;
  }

  private walk(v: unknown): void {
    if (typeof v !== 'object' || v === null) {
      this.step(v);
      return;
    }
    if (Array.isArray(v)) {
      this.step(ARRAY);
      for (const x of v as readonly unknown[]) this.walk(x);
    } else {
      this.step(OBJECT);
      const o = v as Readonly<Record<string, unknown>>;
      for (const k in o) {
        const x = o[k];
        if (x === undefined) continue;
        this.step(k);
        this.walk(x);
      }
    }
    this.step(END);
  }
}

/**
 * One simulation's signature numbers, dense from 0 in order of first appearance, over a numbering that
 * many simulations share (pods seen before are not walked again). Equal pods get equal numbers exactly
 * when they would from a numbering of their own.
 */
export class DenseSignatures {
  private readonly local = new Map<number, number>();

  constructor(private readonly shared: SharedSignatures) {}

  of(pod: PodSpec): number {
    const id = this.shared.of(pod);
    let n = this.local.get(id);
    if (n === undefined) this.local.set(id, (n = this.local.size));
    return n;
  }
}

/**
 * A TopologySignatures kept for many simulations, remembering each pod object's number (pod objects are
 * immutable values: a changed pod is a new object). It may outlive one snapshot: numbers only have to be
 * consistent within each simulation, so it may be replaced between simulations (see `count`).
 */
export class SharedSignatures {
  private readonly numbering = new TopologySignatures();
  private readonly byPod = new WeakMap<PodSpec, number>();

  /** Distinct pod contents numbered so far (its memory grows with it). */
  get count(): number {
    return this.numbering.count;
  }

  of(pod: PodSpec): number {
    let id = this.byPod.get(pod);
    if (id === undefined) this.byPod.set(pod, (id = this.numbering.of(pod)));
    return id;
  }
}
