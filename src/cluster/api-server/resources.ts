/** The resources the API server serves, with what discovery says about them. */
export interface ResourceInfo {
  /** Plural resource name, e.g. "pods". */
  readonly name: string;
  readonly singular: string;
  readonly kind: string;
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly verbs: readonly string[];
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
  /** Subresources with their kind and verbs. */
  readonly subresources?: readonly { readonly name: string; readonly kind: string; readonly group?: string; readonly version?: string; readonly verbs: readonly string[] }[];
}

const READ = ['get', 'list', 'watch'];

export const RESOURCES: readonly ResourceInfo[] = [
  { name: 'namespaces', singular: 'namespace', kind: 'Namespace', group: '', version: 'v1', namespaced: false, verbs: READ, shortNames: ['ns'] },
  {
    name: 'nodes',
    singular: 'node',
    kind: 'Node',
    group: '',
    version: 'v1',
    namespaced: false,
    verbs: [...READ, 'patch', 'update', 'delete'],
    shortNames: ['no'],
  },
  {
    name: 'pods',
    singular: 'pod',
    kind: 'Pod',
    group: '',
    version: 'v1',
    namespaced: true,
    verbs: [...READ, 'create', 'delete', 'patch', 'update'],
    shortNames: ['po'],
    categories: ['all'],
    subresources: [{ name: 'eviction', kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] }],
  },
  {
    name: 'deployments',
    singular: 'deployment',
    kind: 'Deployment',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    verbs: [...READ, 'create', 'patch', 'update'],
    shortNames: ['deploy'],
    categories: ['all'],
    subresources: [{ name: 'scale', kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] }],
  },
  {
    name: 'daemonsets',
    singular: 'daemonset',
    kind: 'DaemonSet',
    group: 'apps',
    version: 'v1',
    namespaced: true,
    verbs: [...READ, 'create'],
    shortNames: ['ds'],
    categories: ['all'],
  },
  {
    name: 'poddisruptionbudgets',
    singular: 'poddisruptionbudget',
    kind: 'PodDisruptionBudget',
    group: 'policy',
    version: 'v1',
    namespaced: true,
    verbs: [...READ, 'create'],
    shortNames: ['pdb'],
  },
  {
    name: 'leases',
    singular: 'lease',
    kind: 'Lease',
    group: 'coordination.k8s.io',
    version: 'v1',
    namespaced: true,
    verbs: [...READ, 'create', 'update', 'patch', 'delete'],
  },
  {
    name: 'priorityclasses',
    singular: 'priorityclass',
    kind: 'PriorityClass',
    group: 'scheduling.k8s.io',
    version: 'v1',
    namespaced: false,
    verbs: READ,
    shortNames: ['pc'],
  },
  {
    name: 'nodeclaims',
    singular: 'nodeclaim',
    kind: 'NodeClaim',
    group: 'fleetsim.io',
    version: 'v1alpha1',
    namespaced: false,
    verbs: [...READ, 'create', 'patch', 'update', 'delete'],
    categories: ['fleetsim'],
    subresources: [{ name: 'status', kind: 'NodeClaim', verbs: ['get', 'patch', 'update'] }],
  },
];

export function groupVersion(r: Pick<ResourceInfo, 'group' | 'version'>): string {
  return r.group === '' ? r.version : `${r.group}/${r.version}`;
}

export function findResource(group: string, version: string, name: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.name === name);
}

/** The API groups (other than core) with their versions, in discovery order. */
export function apiGroups(): { name: string; versions: string[] }[] {
  const out = new Map<string, Set<string>>();
  for (const r of RESOURCES) {
    if (r.group === '') continue;
    if (!out.has(r.group)) out.set(r.group, new Set());
    out.get(r.group)!.add(r.version);
  }
  return [...out].map(([name, versions]) => ({ name, versions: [...versions] }));
}

/** The store key of an object: "namespace/name" for namespaced resources, "name" otherwise. */
export function objectKey(r: ResourceInfo, namespace: string | undefined, name: string): string {
  return r.namespaced ? `${namespace ?? 'default'}/${name}` : name;
}
