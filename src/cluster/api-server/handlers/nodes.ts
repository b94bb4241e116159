import { TaintKeys, type Node, type Taint } from '../../../model/index.js';
import { nodeFromKube, type KubeNode } from '../../kube/convert/index.js';
import { checkPrecondition, invalid, patched, requireName, stored, type ApiRequest, type Reply, type ServerContext } from '../context.js';
import { ApiError, notFound, readObject } from '../http.js';

const taintId = (t: Taint): string => `${t.key}\u0000${t.effect}\u0000${t.value ?? ''}`;

/**
 * Apply a desired node state through the port: labels added or changed (setNodeLabels), cordon
 * (cordonNode, which also manages the node.kubernetes.io/unschedulable taint), taints (removeNodeTaint
 * per key that changed, then addNodeTaint). Removing labels or changing annotations is refused (the
 * port cannot); other fields (providerID, status) are ignored, as the API server ignores status on
 * the main resource.
 */
export function applyNodeChange(ctx: ServerContext, current: Node, desired: Node): void {
  const name = current.name;
  const removed = Object.keys(current.labels).filter((k) => !(k in desired.labels));
  if (removed.length > 0) throw new ApiError(422, `fleetsim cannot remove node labels (${removed.join(', ')})`, 'Invalid');
  if (JSON.stringify(sorted(current.annotations)) !== JSON.stringify(sorted(desired.annotations))) {
    throw new ApiError(422, 'fleetsim cannot change node annotations', 'Invalid');
  }
  const changedLabels = Object.fromEntries(Object.entries(desired.labels).filter(([k, v]) => current.labels[k] !== v));
  if (Object.keys(changedLabels).length > 0) ctx.cluster.setNodeLabels(name, changedLabels);
  const cordonChanged = current.unschedulable !== desired.unschedulable;
  if (cordonChanged) ctx.cluster.cordonNode(name, desired.unschedulable);
  const now = ctx.cluster.node(name);
  if (!now) return;
  const skip = (t: Taint): boolean => cordonChanged && t.key === TaintKeys.unschedulable;
  const have = now.taints.filter((t) => !skip(t));
  const want = desired.taints.filter((t) => !skip(t));
  const keys = new Set([...have, ...want].map((t) => t.key));
  for (const key of keys) {
    const a = have.filter((t) => t.key === key).map(taintId).sort();
    const b = want.filter((t) => t.key === key).map(taintId).sort();
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    if (a.length > 0) ctx.cluster.removeNodeTaint(name, key);
    for (const t of want.filter((x) => x.key === key)) ctx.cluster.addNodeTaint(name, t);
  }
}

function sorted(o: Record<string, string>): [string, string][] {
  return Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** PATCH or PUT nodes/<name>. */
export async function updateNode(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const current = stored(ctx, r.route);
  const node = ctx.cluster.node(name);
  if (!node) throw notFound('nodes', name);
  let next: Record<string, unknown>;
  if (r.req.method === 'PATCH') next = await patched(r, current);
  else {
    next = await readObject(r.req);
    checkPrecondition(r.route, current, next);
  }
  let desired: Node;
  try {
    desired = nodeFromKube(next as unknown as KubeNode, ctx.base);
  } catch (e) {
    throw invalid(e);
  }
  applyNodeChange(ctx, node, desired);
  return { code: 200, body: stored(ctx, r.route).object };
}

/** DELETE nodes/<name>: the Node object goes, with the pods bound to it. */
export async function deleteNode(ctx: ServerContext, r: ApiRequest): Promise<Reply> {
  const name = requireName(r.route);
  const last = stored(ctx, r.route);
  ctx.cluster.deleteNode(name);
  return { code: 200, body: last.object };
}
