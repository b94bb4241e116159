import type { KubeList } from '../../kube/convert/index.js';
import { stored, type ApiRequest, type Reply, type ServerContext } from '../context.js';
import { ApiError, RawJson, wantsTable } from '../http.js';
import { objectJson } from '../store.js';
import { groupVersion } from '../resources.js';
import { selectorPredicate } from '../selectors.js';
import { toTable } from '../table.js';
import { serveWatch } from '../watch.js';

const truthy = (v: string | null): boolean => v === 'true' || v === '1';

/** GET of a collection: a list, or a watch with `?watch=1`. */
export async function listOrWatch(ctx: ServerContext, r: ApiRequest): Promise<Reply | undefined> {
  const q = r.url.searchParams;
  const { resource, namespace } = r.route;
  const predicate = selectorPredicate(q);
  if (truthy(q.get('watch'))) {
    const timeout = Number(q.get('timeoutSeconds') ?? NaN);
    serveWatch(r.req, r.res, ctx.store, ctx.faults, {
      resource,
      namespace,
      resourceVersion: q.get('resourceVersion') ?? '',
      allowBookmarks: truthy(q.get('allowWatchBookmarks')),
      timeoutSeconds: Number.isFinite(timeout) && timeout > 0 ? Math.min(timeout, ctx.maxWatchSeconds) : ctx.maxWatchSeconds,
      bookmarkIntervalSeconds: ctx.bookmarkIntervalSeconds,
      predicate,
      table: wantsTable(r.req),
      nowUnix: () => ctx.nowUnix(),
    });
    return undefined;
  }
  const rv = String(ctx.store.resourceVersion);
  const objects = ctx.store
    .list(resource.name, namespace)
    .filter((o) => predicate(o.object))
    .sort((a, b) => compareKeys(a.object.metadata.namespace, b.object.metadata.namespace) || compareKeys(a.object.metadata.name, b.object.metadata.name))
    .map((o) => o.object);
  if (wantsTable(r.req)) return { code: 200, body: toTable(resource.name, objects, rv, ctx.nowUnix()) };
  const head: Omit<KubeList, 'items'> = { apiVersion: groupVersion(resource), kind: `${resource.kind}List`, metadata: { resourceVersion: rv } };
  // Each object's JSON is computed once per version and reused (lists of many pods stay cheap).
  const text = `${JSON.stringify(head).slice(0, -1)},"items":[${objects.map(objectJson).join(',')}]}`;
  return { code: 200, body: new RawJson(text) };
}

function compareKeys(a: string | undefined, b: string | undefined): number {
  return (a ?? '') < (b ?? '') ? -1 : (a ?? '') > (b ?? '') ? 1 : 0;
}

/** GET of one object (also the `status` subresource of NodeClaims, which is the same object). */
export async function getOne(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  if (r.route.subresource !== undefined && r.route.subresource !== 'status') {
    throw new ApiError(404, `the server could not find the requested resource (get ${r.route.resource.name}/${r.route.subresource})`);
  }
  const s = stored(ctx, r.route);
  if (wantsTable(r.req)) return { code: 200, body: toTable(r.route.resource.name, [s.object], String(s.rv), ctx.nowUnix()) };
  return { code: 200, body: s.object };
}
