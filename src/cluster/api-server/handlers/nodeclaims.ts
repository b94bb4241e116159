import type { NodeClaimStatus } from '../../../model/index.js';
import { nodeClaimFromKube, type KubeNodeClaim } from '../../kube/convert/index.js';
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

function parse(ctx: ServerContext, body: KubeNodeClaim): ReturnType<typeof nodeClaimFromKube> {
  if (!body.spec || typeof body.spec !== 'object') throw new ApiError(422, 'spec: Required value', 'Invalid');
  try {
    return nodeClaimFromKube(body, ctx.base);
  } catch (e) {
    throw invalid(e);
  }
}

/** POST nodeclaims (fleetsim.io/v1alpha1): the server sets creationTimestamp, as the API server does. */
export async function createNodeClaim(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const body = await bodyObject<KubeNodeClaim>(r);
  const name = body.metadata.name;
  if (!name) throw new ApiError(422, 'metadata.name: Required value', 'Invalid');
  if (ctx.cluster.nodeClaim(name)) throw alreadyExists(r.route, name);
  const claim = parse(ctx, body);
  ctx.cluster.createNodeClaim({ ...claim, createdAt: ctx.now() });
  return { code: 201, body: stored(ctx, r.route, name).object };
}

/**
 * PUT/PATCH nodeclaims/<name>[/status]: status changes go to updateNodeClaimStatus (fields that
 * disappear are cleared); the spec is immutable (422).
 */
export async function updateNodeClaim(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const current = stored(ctx, r.route);
  const claim = ctx.cluster.nodeClaim(name);
  if (!claim) throw notFound('nodeclaims', name, 'fleetsim.io');
  let next: KubeNodeClaim;
  if (r.req.method === 'PATCH') next = (await patched(r, current)) as unknown as KubeNodeClaim;
  else {
    next = (await readObject(r.req)) as unknown as KubeNodeClaim;
    checkPrecondition(r.route, current, next);
  }
  if (JSON.stringify(next.spec) !== JSON.stringify((current.object as KubeNodeClaim).spec)) {
    throw new ApiError(422, 'spec: the NodeClaim spec is immutable', 'Invalid');
  }
  // Compare in JSON (what the client changed), then take the parsed values of the changed fields.
  const desired = parse(ctx, next).status as Record<string, unknown>;
  const before = ((current.object as KubeNodeClaim).status ?? {}) as Record<string, unknown>;
  const after = (next.status ?? {}) as Record<string, unknown>;
  const patch: Record<string, unknown> = {};
  for (const k of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (JSON.stringify(before[k]) === JSON.stringify(after[k])) continue;
    const modelKey = k === 'instanceID' ? 'instanceId' : k;
    patch[modelKey] = desired[modelKey];
  }
  if (Object.keys(patch).length > 0) ctx.cluster.updateNodeClaimStatus(name, patch as Partial<NodeClaimStatus>);
  return { code: 200, body: stored(ctx, r.route).object };
}

export async function deleteNodeClaim(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const last = stored(ctx, r.route);
  ctx.cluster.deleteNodeClaim(name);
  return { code: 200, body: last.object };
}
