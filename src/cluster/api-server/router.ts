import type { Handler, Route } from './context.js';
import { coreVersions, group, groupList, resourceList, version } from './discovery.js';
import { createPod, deletePod, evictPod, updatePod } from './handlers/pods.js';
import { createLease, deleteLease, updateLease } from './handlers/leases.js';
import { createNodeClaim, deleteNodeClaim, updateNodeClaim } from './handlers/nodeclaims.js';
import { deleteNode, updateNode } from './handlers/nodes.js';
import { getOne, listOrWatch } from './handlers/read.js';
import { createDaemonSet, createDeployment, createPdb, scale, updateDeployment } from './handlers/workloads.js';
import { ApiError } from './http.js';
import { findResource } from './resources.js';

export type Resolved = { readonly kind: 'document'; readonly body: unknown } | { readonly kind: 'resource'; readonly route: Route };

const notFoundError = (): ApiError => new ApiError(404, 'the server could not find the requested resource', 'NotFound');

/** Map a path to a discovery document or a resource route; 404 for anything else. */
export function resolve(path: string, serverAddress: string): Resolved {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const doc = (body: unknown): Resolved => {
    if (body === undefined) throw notFoundError();
    return { kind: 'document', body };
  };
  if (parts.length === 1 && parts[0] === 'version') return doc(version());
  if (parts[0] === 'api') {
    if (parts.length === 1) return doc(coreVersions(serverAddress));
    if (parts[1] !== 'v1') throw notFoundError();
    if (parts.length === 2) return doc(resourceList('', 'v1'));
    return { kind: 'resource', route: route('', 'v1', parts.slice(2)) };
  }
  if (parts[0] === 'apis') {
    if (parts.length === 1) return doc(groupList());
    if (parts.length === 2) return doc(group(parts[1]));
    if (parts.length === 3) return doc(resourceList(parts[1], parts[2]));
    return { kind: 'resource', route: route(parts[1], parts[2], parts.slice(3)) };
  }
  throw notFoundError();
}

function route(groupName: string, versionName: string, s: string[]): Route {
  let namespace: string | undefined;
  let rest = s;
  if (s[0] === 'namespaces' && s.length >= 3) {
    namespace = s[1];
    rest = s.slice(2);
  }
  const resource = findResource(groupName, versionName, rest[0]);
  if (!resource || rest.length > 3) throw notFoundError();
  if (namespace !== undefined && !resource.namespaced) throw notFoundError();
  if (resource.namespaced && namespace === undefined && rest.length > 1) throw notFoundError();
  const subresource = rest[2];
  if (subresource !== undefined && !(resource.subresources ?? []).some((x) => x.name === subresource)) throw notFoundError();
  return { resource, namespace, name: rest[1], subresource };
}

const CREATE: Readonly<Record<string, Handler>> = {
  pods: createPod,
  deployments: createDeployment,
  daemonsets: createDaemonSet,
  poddisruptionbudgets: createPdb,
  leases: createLease,
  nodeclaims: createNodeClaim,
};
const UPDATE: Readonly<Record<string, Handler>> = {
  pods: updatePod,
  nodes: updateNode,
  deployments: updateDeployment,
  leases: updateLease,
  nodeclaims: updateNodeClaim,
};
const DELETE: Readonly<Record<string, Handler>> = { pods: deletePod, nodes: deleteNode, leases: deleteLease, nodeclaims: deleteNodeClaim };

/** The handler for a method on a route, or 405. */
export function handlerFor(method: string, r: Route): Handler {
  const name = r.resource.name;
  let h: Handler | undefined;
  if (r.subresource === 'eviction') h = method === 'POST' ? evictPod : undefined;
  else if (r.subresource === 'scale') h = method === 'GET' || method === 'PUT' || method === 'PATCH' ? scale : undefined;
  else if (r.subresource === 'status') h = method === 'GET' ? getOne : method === 'PUT' || method === 'PATCH' ? UPDATE[name] : undefined;
  else if (r.name === undefined) h = method === 'GET' ? listOrWatch : method === 'POST' ? CREATE[name] : undefined;
  else if (method === 'GET') h = getOne;
  else if (method === 'PUT' || method === 'PATCH') h = UPDATE[name];
  else if (method === 'DELETE') h = DELETE[name];
  if (!h) throw new ApiError(405, `the server does not allow this method on the requested resource (${method} ${name}${r.subresource ? `/${r.subresource}` : ''})`, 'MethodNotAllowed');
  return h;
}
