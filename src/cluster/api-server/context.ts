import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeObject, TimeBase } from '../kube/convert/index.js';
import type { ClusterSync } from './cluster-sync.js';
import type { DeploymentRegistry, ServedCluster } from './deployments.js';
import type { ApiFaults } from './faults.js';
import { ApiError, notFound, readJson, readObject } from './http.js';
import { applyPatch, patchType } from './patch.js';
import { objectKey, type ResourceInfo } from './resources.js';
import type { ResourceStore, StoredObject } from './store.js';

/** What request handlers share. */
export interface ServerContext {
  readonly cluster: ServedCluster;
  readonly store: ResourceStore;
  readonly sync: ClusterSync;
  readonly deployments: DeploymentRegistry;
  readonly faults: ApiFaults;
  readonly base: TimeBase;
  readonly bookmarkIntervalSeconds: number;
  readonly maxWatchSeconds: number;
  /** The cluster's time in its own base. */
  now(): number;
  /** Unix seconds (cluster time + epoch), for ages. */
  nowUnix(): number;
  /** Bring the store up to date with the objects that have no change events. */
  refresh(): void;
}

export interface Route {
  readonly resource: ResourceInfo;
  readonly namespace: string | undefined;
  readonly name: string | undefined;
  readonly subresource: string | undefined;
}

export interface ApiRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly route: Route;
}

export interface Reply {
  readonly code: number;
  readonly body: unknown;
}

/** undefined: the handler answered itself (a watch stream). */
export type Handler = (ctx: ServerContext, r: ApiRequest) => Promise<Reply | undefined>;

export function keyOf(route: Route, name = route.name ?? ''): string {
  return objectKey(route.resource, route.namespace, name);
}

export function requireName(route: Route): string {
  if (!route.name) throw new ApiError(405, `${route.resource.name}: a name is required for this request`);
  return route.name;
}

export function stored(ctx: ServerContext, route: Route, name = requireName(route)): StoredObject {
  const s = ctx.store.get(route.resource.name, keyOf(route, name));
  if (!s) throw notFound(route.resource.name, name, route.resource.group);
  return s;
}

export function conflict(route: Route, name: string): ApiError {
  const group = route.resource.group;
  return new ApiError(
    409,
    `Operation cannot be fulfilled on ${route.resource.name}${group ? `.${group}` : ''} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    'Conflict',
    { name, group, kind: route.resource.name },
  );
}

/** A client-sent metadata.resourceVersion is a precondition: it must be the stored one. */
export function checkPrecondition(route: Route, current: StoredObject, sent: unknown): void {
  const rv = (sent as KubeObject | undefined)?.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== String(current.rv)) throw conflict(route, current.object.metadata.name ?? '');
}

/** Read a PATCH body and apply it to `current` (a copy); checks a resourceVersion precondition in the patch. */
export async function patched(r: ApiRequest, current: StoredObject, target: unknown = current.object): Promise<Record<string, unknown>> {
  const type = patchType(r.req.headers['content-type']);
  const body = await readJson(r.req);
  const out = applyPatch(type, target, body);
  if (out === null || typeof out !== 'object' || Array.isArray(out)) throw new ApiError(422, 'the patched object is not a JSON object');
  if (type !== 'json') checkPrecondition(r.route, current, body);
  else {
    const rv = (out as KubeObject).metadata?.resourceVersion;
    if (rv !== undefined && rv !== String(current.rv)) throw conflict(r.route, current.object.metadata.name ?? '');
  }
  return out as Record<string, unknown>;
}

/** Read a POST/PUT body as an object of the route's kind, defaulting its namespace and checking the name. */
export async function bodyObject<T extends KubeObject>(r: ApiRequest): Promise<T> {
  const body = (await readObject(r.req)) as unknown as T;
  if (!body.metadata || typeof body.metadata !== 'object') body.metadata = {};
  const ns = body.metadata.namespace;
  if (r.route.resource.namespaced) {
    if (ns !== undefined && r.route.namespace !== undefined && ns !== r.route.namespace) {
      throw new ApiError(400, `the namespace of the object (${ns}) does not match the namespace of the request (${r.route.namespace})`);
    }
    body.metadata.namespace = r.route.namespace ?? ns ?? 'default';
  }
  if (r.route.name !== undefined && body.metadata.name !== undefined && body.metadata.name !== r.route.name && r.route.subresource === undefined) {
    throw new ApiError(400, `the name of the object (${body.metadata.name}) does not match the name in the URL (${r.route.name})`);
  }
  return body;
}

let generated = 0;
const ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** metadata.name, or generateName plus a 5-character suffix (deterministic sequence). */
export function objectName(meta: KubeObject['metadata'], exists: (name: string) => boolean): string {
  if (meta.name) return meta.name;
  if (!meta.generateName) throw new ApiError(422, 'metadata.name or metadata.generateName is required', 'Invalid');
  for (;;) {
    let n = ++generated * 7919;
    let suffix = '';
    for (let i = 0; i < 5; i++) {
      suffix += ALPHABET[n % ALPHABET.length];
      n = Math.floor(n / ALPHABET.length);
    }
    const name = `${meta.generateName}${suffix}`;
    if (!exists(name)) return name;
  }
}

export function alreadyExists(route: Route, name: string): ApiError {
  const group = route.resource.group;
  return new ApiError(409, `${route.resource.name}${group ? `.${group}` : ''} "${name}" already exists`, 'AlreadyExists', { name, group, kind: route.resource.name });
}

/** Map a thrown model/conversion error to 422 Invalid. */
export function invalid(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(422, e instanceof Error ? e.message : String(e), 'Invalid');
}
