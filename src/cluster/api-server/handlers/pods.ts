import { podSpecFromKube, type KubePod } from '../../kube/convert/index.js';
import { FleetsimAnnotations } from '../../kube/constants.js';
import {
  alreadyExists,
  bodyObject,
  invalid,
  keyOf,
  objectName,
  patched,
  requireName,
  stored,
  type ApiRequest,
  type Reply,
  type ServerContext,
} from '../context.js';
import { ApiError, notFound, readJson, status } from '../http.js';

function podUid(ctx: ServerContext, namespace: string | undefined, name: string): string {
  const uid = ctx.sync.podUid(namespace ?? 'default', name);
  if (uid === undefined) throw notFound('pods', name);
  return uid;
}

/** POST pods: create a pod from its spec; the simulated scheduler binds it. */
export async function createPod(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const body = await bodyObject<KubePod>(r);
  const namespace = body.metadata.namespace ?? 'default';
  const name = objectName(body.metadata, (n) => ctx.store.get('pods', `${namespace}/${n}`) !== undefined);
  if (ctx.store.get('pods', `${namespace}/${name}`)) throw alreadyExists(r.route, name);
  if (!body.spec || !Array.isArray(body.spec.containers)) throw new ApiError(422, 'spec.containers: Required value', 'Invalid');
  if (body.spec.nodeName) throw new ApiError(422, 'spec.nodeName: pods are bound by the simulated scheduler; leave nodeName empty', 'Invalid');
  let spec;
  try {
    spec = podSpecFromKube(body, namespace);
  } catch (e) {
    throw invalid(e);
  }
  ctx.cluster.createPod(spec, name);
  return { code: 201, body: stored(ctx, r.route, name).object };
}

/** DELETE pods/<name>: removes the pod at once (the port has no graceful delete besides eviction). */
export async function deletePod(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const last = stored(ctx, r.route);
  ctx.cluster.deletePod(podUid(ctx, r.route.namespace, name));
  return { code: 200, body: ctx.store.get('pods', keyOf(r.route)) ?? last.object };
}

/**
 * PATCH/PUT pods/<name>: only fleetsim's nomination annotation may change (the port's nominatePod);
 * anything else in labels, annotations or spec is refused with 422.
 */
export async function updatePod(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const current = stored(ctx, r.route);
  const next = (r.req.method === 'PATCH' ? await patched(r, current) : ((await readJson(r.req)) as Record<string, unknown>)) as unknown as KubePod;
  const before = current.object as KubePod;
  const strip = (p: KubePod): string => {
    const annotations = { ...(p.metadata?.annotations ?? {}) };
    delete annotations[FleetsimAnnotations.nominatedNode];
    return JSON.stringify([p.metadata?.labels ?? {}, annotations, p.spec]);
  };
  if (strip(next) !== strip(before)) throw new ApiError(422, 'fleetsim lets clients change only the fleetsim.io/nominated-node annotation of a pod', 'Invalid');
  const nominated = next.metadata?.annotations?.[FleetsimAnnotations.nominatedNode] || undefined;
  if (nominated !== (before.metadata.annotations?.[FleetsimAnnotations.nominatedNode] || undefined)) {
    ctx.cluster.nominatePod(podUid(ctx, r.route.namespace, name), nominated);
  }
  return { code: 200, body: stored(ctx, r.route).object };
}

/**
 * POST pods/<name>/eviction: the Eviction API. 201 when the pod may go (it then terminates gracefully),
 * 429 TooManyRequests when a PodDisruptionBudget forbids it, 404 when there is no such pod.
 */
export async function evictPod(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  await readJson(r.req);
  if (ctx.faults.takeEvictionRejection()) {
    throw new ApiError(429, 'Cannot evict pod as it would violate the pod\'s disruption budget.', 'TooManyRequests', {
      causes: [{ reason: 'DisruptionBudget', message: 'fault injected by the test server' }],
    });
  }
  const result = ctx.cluster.evictPod(podUid(ctx, r.route.namespace, name));
  if (result.ok) return { code: 201, body: status(201, '', undefined) };
  if (result.reason === 'not-found') throw notFound('pods', name);
  throw new ApiError(429, 'Cannot evict pod as it would violate the pod\'s disruption budget.', 'TooManyRequests', {
    causes: [{ reason: 'DisruptionBudget', message: `The disruption budget ${result.pdb} needs more healthy pods to allow this eviction.` }],
  });
}
