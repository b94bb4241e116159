import { stableUid, toTimestamp, type KubeObject } from '../../kube/convert/index.js';
import {
  alreadyExists,
  bodyObject,
  checkPrecondition,
  conflict,
  keyOf,
  objectName,
  patched,
  requireName,
  stored,
  type ApiRequest,
  type Reply,
  type ServerContext,
} from '../context.js';

/**
 * Leases (coordination.k8s.io/v1) live only in the server's store: create (409 AlreadyExists), update
 * with optimistic concurrency (a stale metadata.resourceVersion gets 409 Conflict), patch, delete.
 */
export async function createLease(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const lease = await bodyObject<KubeObject>(r);
  const namespace = lease.metadata.namespace ?? 'default';
  const name = objectName(lease.metadata, (n) => ctx.store.get('leases', `${namespace}/${n}`) !== undefined);
  if (ctx.store.get('leases', `${namespace}/${name}`)) throw alreadyExists(r.route, name);
  const now = ctx.now();
  const object: KubeObject = {
    ...lease,
    apiVersion: 'coordination.k8s.io/v1',
    kind: 'Lease',
    metadata: { ...lease.metadata, name, namespace, uid: stableUid(`Lease/${namespace}/${name}/${now}`), creationTimestamp: toTimestamp(now, ctx.base) },
  };
  delete object.metadata.generateName;
  return { code: 201, body: ctx.store.put('leases', `${namespace}/${name}`, object, true).object };
}

function keepIdentity(current: KubeObject, next: KubeObject): KubeObject {
  const { uid, creationTimestamp, name, namespace } = current.metadata;
  return { ...next, apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { ...next.metadata, uid, creationTimestamp, name, namespace } };
}

export async function updateLease(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  requireName(r.route);
  const current = stored(ctx, r.route);
  let next: KubeObject;
  if (r.req.method === 'PATCH') next = (await patched(r, current)) as unknown as KubeObject;
  else {
    next = await bodyObject<KubeObject>(r);
    checkPrecondition(r.route, current, next);
  }
  // The request is handled in one turn of the event loop after the check, so no other write can slip in.
  if (ctx.store.get('leases', keyOf(r.route))?.rv !== current.rv) throw conflict(r.route, r.route.name ?? '');
  return { code: 200, body: ctx.store.put('leases', keyOf(r.route), keepIdentity(current.object, next), true).object };
}

export async function deleteLease(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  stored(ctx, r.route);
  const removed = ctx.store.delete('leases', keyOf(r.route));
  return { code: 200, body: removed?.object };
}
