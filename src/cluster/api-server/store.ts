import type { KubeObject } from '../kube/convert/index.js';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to one object, numbered by the store's global resourceVersion. */
export interface StoreEvent {
  readonly rv: number;
  readonly type: WatchEventType;
  readonly resource: string;
  readonly key: string;
  readonly namespace: string | undefined;
  /** The object as it was after the change (for DELETED: as it was last), with metadata.resourceVersion = rv. */
  readonly object: KubeObject;
}

export interface StoredObject {
  readonly rv: number;
  readonly object: KubeObject;
  /** JSON of the object without its resourceVersion (change detection). */
  readonly content: string;
}

const textCache = new WeakMap<KubeObject, string>();

/** The object's JSON, computed once per stored version (lists and watches send the same text). */
export function objectJson(object: KubeObject): string {
  let text = textCache.get(object);
  if (text === undefined) textCache.set(object, (text = JSON.stringify(object)));
  return text;
}

export type StoreListener = (event: StoreEvent) => void;

/**
 * Objects by resource and key with etcd-like versioning: one global counter (every change to any object
 * increments it), each object carries the version of its last change, and a bounded history of changes
 * lets watchers resume from a version. A watch from a version older than the history window is refused
 * (the API server answers 410 Gone, reason Expired), as after an etcd compaction.
 *
 * Stored objects are treated as immutable: `put` stores the object it is given (with the version set),
 * so callers hand in fresh objects and never change them afterwards.
 */
export class ResourceStore {
  private rv = 0;
  /** Versions <= this are gone from the history; a watch must start at or after it. */
  private compactedRv = 0;
  private readonly objects = new Map<string, Map<string, StoredObject>>();
  private readonly history: StoreEvent[] = [];
  private historyStart = 0;
  private readonly listeners = new Set<StoreListener>();

  constructor(private readonly historyLimit = 10_000) {
    if (!(historyLimit >= 1)) throw new RangeError(`historyLimit must be >= 1, got ${historyLimit}`);
  }

  /** The latest resourceVersion (lists report it). */
  get resourceVersion(): number {
    return this.rv;
  }

  /** The oldest version a watch may start from. */
  get oldestResumableVersion(): number {
    return this.compactedRv;
  }

  /** Number of events in the history window. */
  get historySize(): number {
    return this.history.length - this.historyStart;
  }

  get(resource: string, key: string): StoredObject | undefined {
    return this.objects.get(resource)?.get(key);
  }

  list(resource: string, namespace?: string): StoredObject[] {
    const all = [...(this.objects.get(resource)?.values() ?? [])];
    return namespace === undefined ? all : all.filter((o) => o.object.metadata.namespace === namespace);
  }

  /**
   * Store the object as ADDED (new key) or MODIFIED. Unless `force`, an object equal to the stored one
   * (ignoring resourceVersion) is not a change: nothing is recorded and the stored one is returned.
   */
  put(resource: string, key: string, object: KubeObject, force = false): StoredObject {
    const byKey = this.resourceMap(resource);
    const current = byKey.get(key);
    const content = contentOf(object);
    if (current && !force && current.content === content) return current;
    const rv = ++this.rv;
    object.metadata = { ...object.metadata, resourceVersion: String(rv) };
    const stored = { rv, object, content };
    byKey.set(key, stored);
    this.record({ rv, type: current ? 'MODIFIED' : 'ADDED', resource, key, namespace: object.metadata.namespace, object });
    return stored;
  }

  /** Remove an object; records DELETED with a new version. Returns the removed object, if any. */
  delete(resource: string, key: string): StoredObject | undefined {
    const byKey = this.objects.get(resource);
    const current = byKey?.get(key);
    if (!byKey || !current) return undefined;
    byKey.delete(key);
    const rv = ++this.rv;
    const object = { ...current.object, metadata: { ...current.object.metadata, resourceVersion: String(rv) } };
    this.record({ rv, type: 'DELETED', resource, key, namespace: object.metadata.namespace, object });
    return { rv, object, content: current.content };
  }

  /**
   * Events of `resource` after version `since`, oldest first, or 'expired' when `since` is older than the
   * history window (some changes after it are no longer known).
   */
  eventsSince(since: number, resource: string): StoreEvent[] | 'expired' {
    if (since < this.compactedRv) return 'expired';
    const out: StoreEvent[] = [];
    for (let i = this.firstIndexAfter(since); i < this.history.length; i++) {
      const e = this.history[i];
      if (e.resource === resource) out.push(e);
    }
    return out;
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Forget the whole history: every watch from a version before now gets 410 Gone (fault injection). */
  expireHistory(): void {
    this.history.length = 0;
    this.historyStart = 0;
    this.compactedRv = this.rv;
  }

  private record(event: StoreEvent): void {
    this.history.push(event);
    if (this.history.length - this.historyStart > this.historyLimit) {
      this.compactedRv = this.history[this.historyStart].rv;
      this.historyStart++;
      if (this.historyStart > 1024 && this.historyStart * 2 > this.history.length) {
        this.history.splice(0, this.historyStart);
        this.historyStart = 0;
      }
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Index of the first retained event with rv > since (binary search; versions increase). */
  private firstIndexAfter(since: number): number {
    let lo = this.historyStart;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid].rv <= since) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private resourceMap(resource: string): Map<string, StoredObject> {
    let m = this.objects.get(resource);
    if (!m) this.objects.set(resource, (m = new Map()));
    return m;
  }
}

function contentOf(o: KubeObject): string {
  return JSON.stringify({ ...o, metadata: { ...o.metadata, resourceVersion: undefined } });
}
