import type { Clock } from './clock.js';

interface Overlay<T> {
  readonly mutate: (o: T) => T;
  readonly until: number;
}

/**
 * Optimistic changes not yet seen from the server, per object key. Objects arriving from the informers
 * get the pending changes re-applied, so an event that predates the adapter's own write does not undo
 * it in the cache. An overlay ends when the server's object already shows the change (applying it
 * changes nothing), when its write failed (`remove`), or after `ttlSeconds`.
 */
export class Overlays<T> {
  private readonly byKey = new Map<string, Overlay<T>[]>();

  constructor(
    private readonly clock: Clock,
    private readonly ttlSeconds: number,
  ) {}

  add(key: string, mutate: (o: T) => T): () => void {
    const overlay: Overlay<T> = { mutate, until: this.clock.now() + this.ttlSeconds };
    let list = this.byKey.get(key);
    if (!list) this.byKey.set(key, (list = []));
    list.push(overlay);
    return () => this.drop(key, overlay);
  }

  /** The server's object with the pending changes applied (and the ones it already shows retired). */
  apply(key: string, serverObject: T): T {
    const list = this.byKey.get(key);
    if (!list) return serverObject;
    const now = this.clock.now();
    let out = serverObject;
    for (const overlay of [...list]) {
      const next = overlay.mutate(out);
      if (now >= overlay.until || JSON.stringify(next) === JSON.stringify(out)) this.drop(key, overlay);
      else out = next;
    }
    return out;
  }

  clear(key: string): void {
    this.byKey.delete(key);
  }

  private drop(key: string, overlay: Overlay<T>): void {
    const list = this.byKey.get(key);
    if (!list) return;
    const i = list.indexOf(overlay);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.byKey.delete(key);
  }
}
