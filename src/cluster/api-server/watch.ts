import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject } from '../kube/convert/index.js';
import type { ApiFaults } from './faults.js';
import { status } from './http.js';
import type { ResourceInfo } from './resources.js';
import { objectJson, type ResourceStore, type StoreEvent, type WatchEventType } from './store.js';
import { toTable } from './table.js';

export interface WatchSettings {
  readonly resource: ResourceInfo;
  readonly namespace: string | undefined;
  /** The `resourceVersion` query parameter ("" or "0": start with the current objects). */
  readonly resourceVersion: string;
  readonly allowBookmarks: boolean;
  readonly timeoutSeconds: number;
  readonly bookmarkIntervalSeconds: number;
  readonly predicate: (o: KubeObject) => boolean;
  /** Objects as single-row Tables (kubectl get --watch). */
  readonly table: boolean;
  readonly nowUnix: () => number;
}

/**
 * Serve a watch: a chunked stream of `{"type", "object"}` lines. From resourceVersion N it replays the
 * retained changes after N, then streams; from "" or "0" it first sends the current objects as ADDED.
 * When N is older than the history window it sends one ERROR event with a 410 Expired Status and ends,
 * as the real API server does. Bookmarks (when allowed) carry the latest resourceVersion.
 */
export function serveWatch(req: IncomingMessage, res: ServerResponse, store: ResourceStore, faults: ApiFaults, w: WatchSettings): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
  const kind = w.resource.kind;
  const apiVersion = w.resource.group === '' ? w.resource.version : `${w.resource.group}/${w.resource.version}`;
  const send = (type: WatchEventType | 'BOOKMARK' | 'ERROR', object: unknown): void => {
    res.write(`${JSON.stringify({ type, object })}\n`);
  };
  const sendObject = (type: WatchEventType, object: KubeObject): void => {
    if (w.table) send(type, toTable(w.resource.name, [object], object.metadata.resourceVersion, w.nowUnix()));
    else res.write(`{"type":"${type}","object":${objectJson(object)}}\n`);
  };
  const matches = (e: { resource: string; namespace: string | undefined; object: KubeObject }): boolean =>
    e.resource === w.resource.name && (w.namespace === undefined || e.namespace === w.namespace) && w.predicate(e.object);

  const requested = w.resourceVersion === '' || w.resourceVersion === '0' ? undefined : Number(w.resourceVersion);
  const backlog: { type: WatchEventType; object: KubeObject }[] | 'expired' =
    faults.takeWatchExpiry() || (requested !== undefined && !Number.isFinite(requested))
      ? 'expired'
      : requested === undefined
        ? store
            .list(w.resource.name, w.namespace)
            .filter((o) => w.predicate(o.object))
            .sort((a, b) => a.rv - b.rv)
            .map((o) => ({ type: 'ADDED' as const, object: o.object }))
        : asBacklog(store.eventsSince(requested, w.resource.name), matches);
  if (backlog === 'expired') {
    const oldest = store.oldestResumableVersion;
    send('ERROR', status(410, `too old resource version: ${w.resourceVersion} (${oldest})`, 'Expired'));
    res.end();
    return;
  }
  for (const e of backlog) sendObject(e.type, e.object);

  const unsubscribe = store.subscribe((e) => {
    if (matches(e)) sendObject(e.type, e.object);
  });
  const bookmark = (): void => send('BOOKMARK', { kind, apiVersion, metadata: { resourceVersion: String(store.resourceVersion) } });
  const timers: NodeJS.Timeout[] = [];
  if (w.allowBookmarks) timers.push(setInterval(bookmark, w.bookmarkIntervalSeconds * 1000));
  let closed = false;
  const cleanup = (): void => {
    if (closed) return;
    closed = true;
    unsubscribe();
    unregister();
    for (const t of timers) clearInterval(t);
  };
  const unregister = faults.registerWatch(w.resource.name, () => {
    cleanup();
    res.destroy();
  });
  timers.push(
    setTimeout(() => {
      cleanup();
      res.end();
    }, w.timeoutSeconds * 1000),
  );
  req.on('close', cleanup);
  res.on('close', cleanup);
}

function asBacklog(
  events: StoreEvent[] | 'expired',
  matches: (e: StoreEvent) => boolean,
): { type: WatchEventType; object: KubeObject }[] | 'expired' {
  if (events === 'expired') return events;
  return events.filter(matches).map((e) => ({ type: e.type, object: e.object }));
}
