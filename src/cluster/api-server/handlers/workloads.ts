import { daemonSetFromKube, pdbFromKube, podSpecFromKube, type KubeDaemonSet, type KubeDeployment, type KubePdb } from '../../kube/convert/index.js';
import {
  alreadyExists,
  bodyObject,
  checkPrecondition,
  invalid,
  patched,
  requireName,
  stored,
  type ApiRequest,
  type Reply,
  type ServerContext,
} from '../context.js';
import { ApiError, notFound, readObject } from '../http.js';
import type { StoredObject } from '../store.js';

function replicasOf(value: unknown, fallback: number): number {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) throw new ApiError(422, `spec.replicas: must be a non-negative integer, got ${JSON.stringify(value)}`, 'Invalid');
  return value;
}

function applyDeployment(ctx: ServerContext, d: KubeDeployment, fallbackReplicas: number): void {
  const namespace = d.metadata.namespace ?? 'default';
  if (!d.spec?.template?.spec) throw new ApiError(422, 'spec.template.spec: Required value', 'Invalid');
  let template;
  try {
    template = podSpecFromKube({ metadata: d.spec.template.metadata ?? {}, spec: d.spec.template.spec }, namespace);
  } catch (e) {
    throw invalid(e);
  }
  ctx.deployments.apply(namespace, d.metadata.name ?? '', replicasOf(d.spec.replicas, fallbackReplicas), { ...template, owner: undefined });
  ctx.refresh();
}

/** POST deployments. */
export async function createDeployment(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const d = await bodyObject<KubeDeployment>(r);
  const name = d.metadata.name;
  if (!name) throw new ApiError(422, 'metadata.name: Required value', 'Invalid');
  if (ctx.store.get('deployments', `${d.metadata.namespace}/${name}`)) throw alreadyExists(r.route, name);
  applyDeployment(ctx, d, 1);
  return { code: 201, body: stored(ctx, r.route, name).object };
}

/** PUT or PATCH deployments/<name> (replicas and template). */
export async function updateDeployment(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const current = stored(ctx, r.route);
  let next: KubeDeployment;
  if (r.req.method === 'PATCH') next = (await patched(r, current)) as unknown as KubeDeployment;
  else {
    next = await bodyObject<KubeDeployment>(r);
    checkPrecondition(r.route, current, next);
  }
  next.metadata = { ...next.metadata, name: current.object.metadata.name, namespace: current.object.metadata.namespace };
  applyDeployment(ctx, next, 1);
  return { code: 200, body: stored(ctx, r.route).object };
}

function scaleOf(s: StoredObject): Record<string, unknown> {
  const d = s.object as KubeDeployment;
  const labels = d.spec.selector?.matchLabels ?? {};
  return {
    apiVersion: 'autoscaling/v1',
    kind: 'Scale',
    metadata: { name: d.metadata.name, namespace: d.metadata.namespace, uid: d.metadata.uid, resourceVersion: String(s.rv), creationTimestamp: d.metadata.creationTimestamp },
    spec: { replicas: d.spec.replicas ?? 0 },
    status: { replicas: d.status?.replicas ?? 0, selector: Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

/** GET, PUT or PATCH deployments/<name>/scale (kubectl scale). */
export async function scale(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const current = stored(ctx, r.route);
  if (r.req.method === 'GET') return { code: 200, body: scaleOf(current) };
  let next: Record<string, unknown>;
  if (r.req.method === 'PATCH') next = await patched(r, current, scaleOf(current));
  else {
    next = await readObject(r.req);
    checkPrecondition(r.route, current, next);
  }
  const replicas = replicasOf((next.spec as { replicas?: unknown } | undefined)?.replicas, 0);
  if (!ctx.deployments.scale(r.route.namespace ?? 'default', name, replicas)) throw notFound('deployments', name, 'apps');
  ctx.refresh();
  return { code: 200, body: scaleOf(stored(ctx, r.route)) };
}

/** POST daemonsets: the cluster runs one pod per eligible node. */
export async function createDaemonSet(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const ds = await bodyObject<KubeDaemonSet>(r);
  const name = ds.metadata.name;
  if (!name) throw new ApiError(422, 'metadata.name: Required value', 'Invalid');
  if (ctx.store.get('daemonsets', `${ds.metadata.namespace}/${name}`)) throw alreadyExists(r.route, name);
  try {
    ctx.cluster.addDaemonSet(daemonSetFromKube(ds));
  } catch (e) {
    throw invalid(e);
  }
  ctx.refresh();
  return { code: 201, body: stored(ctx, r.route, name).object };
}

/** POST poddisruptionbudgets. */
export async function createPdb(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const pdb = await bodyObject<KubePdb>(r);
  const name = pdb.metadata.name;
  if (!name) throw new ApiError(422, 'metadata.name: Required value', 'Invalid');
  if (ctx.store.get('poddisruptionbudgets', `${pdb.metadata.namespace}/${name}`)) throw alreadyExists(r.route, name);
  if (!pdb.spec || (pdb.spec.minAvailable === undefined) === (pdb.spec.maxUnavailable === undefined)) {
    throw new ApiError(422, 'spec: exactly one of minAvailable and maxUnavailable is required', 'Invalid');
  }
  try {
    ctx.cluster.addPdb(pdbFromKube(pdb));
  } catch (e) {
    throw invalid(e);
  }
  ctx.refresh();
  return { code: 201, body: stored(ctx, r.route, name).object };
}
