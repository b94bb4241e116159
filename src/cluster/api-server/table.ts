import type { KubeObject } from '../kube/convert/index.js';

/**
 * Server-side printing: the `meta.k8s.io/v1` Table kubectl asks for on `get`. Columns follow what the
 * real API server prints for each resource (priority 1 columns appear with `-o wide`).
 */
interface Column {
  readonly name: string;
  readonly type: 'string' | 'integer' | 'date';
  readonly priority?: number;
  readonly cell: (o: Json, ctx: { nowUnix: number }) => string | number;
}

type Json = KubeObject & Record<string, unknown>;

/** kubectl's HumanDuration: 45s, 3m20s, 12m, 5h30m, 30h, 3d4h, 40d, 2y30d. */
export function humanDuration(seconds: number): string {
  const s = Math.floor(seconds);
  if (s < -1) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const minutes = Math.floor(s / 60);
  const withRest = (big: number, unit: string, rest: number, restUnit: string): string => (rest === 0 ? `${big}${unit}` : `${big}${unit}${rest}${restUnit}`);
  if (minutes < 10) return withRest(minutes, 'm', s % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(s / 3600);
  if (hours < 8) return withRest(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return withRest(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return withRest(years, 'y', days % 365, 'd');
  return `${years}y`;
}

const get = (o: unknown, path: string): unknown => {
  let cur = o;
  for (const p of path.split('.')) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[p];
  }
  return cur;
};
const str = (v: unknown, fallback = '<none>'): string => (v === undefined || v === null || v === '' ? fallback : String(v));
const num = (v: unknown): number => (typeof v === 'number' ? v : 0);

const age: Column = {
  name: 'Age',
  type: 'string',
  cell: (o, { nowUnix }) => {
    const created = o.metadata.creationTimestamp;
    return created === undefined ? '<unknown>' : humanDuration(nowUnix - Date.parse(String(created instanceof Date ? created.toISOString() : created)) / 1000);
  },
};
const name: Column = { name: 'Name', type: 'string', cell: (o) => o.metadata.name ?? '' };

interface Condition {
  type: string;
  status: string;
  reason?: string;
}
const conditions = (o: Json): Condition[] => (get(o, 'status.conditions') as Condition[] | undefined) ?? [];

function nodeStatus(o: Json): string {
  const ready = conditions(o).find((c) => c.type === 'Ready');
  const parts = [ready?.status === 'True' ? 'Ready' : ready ? 'NotReady' : 'Unknown'];
  if (get(o, 'spec.unschedulable') === true) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function podStatus(o: Json): string {
  if (o.metadata.deletionTimestamp !== undefined) return 'Terminating';
  const phase = str(get(o, 'status.phase'), 'Pending');
  if (phase === 'Succeeded') return 'Completed';
  if (phase === 'Failed') return 'Error';
  if (phase === 'Pending' && get(o, 'spec.nodeName') !== undefined) return 'ContainerCreating';
  return phase;
}

function roles(o: Json): string {
  const r = Object.keys(o.metadata.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length));
  return r.length > 0 ? r.join(',') : '<none>';
}

const COLUMNS: Readonly<Record<string, readonly Column[]>> = {
  nodes: [
    name,
    { name: 'Status', type: 'string', cell: nodeStatus },
    { name: 'Roles', type: 'string', cell: roles },
    age,
    { name: 'Version', type: 'string', cell: (o) => str(get(o, 'status.nodeInfo.kubeletVersion'), '') },
    { name: 'Instance-Type', type: 'string', priority: 1, cell: (o) => str(o.metadata.labels?.['node.kubernetes.io/instance-type']) },
    { name: 'Zone', type: 'string', priority: 1, cell: (o) => str(o.metadata.labels?.['topology.kubernetes.io/zone']) },
  ],
  pods: [
    name,
    { name: 'Ready', type: 'string', cell: (o) => (get(o, 'status.phase') === 'Running' ? '1/1' : '0/1') },
    { name: 'Status', type: 'string', cell: podStatus },
    { name: 'Restarts', type: 'string', cell: () => '0' },
    age,
    { name: 'IP', type: 'string', priority: 1, cell: () => '<none>' },
    { name: 'Node', type: 'string', priority: 1, cell: (o) => str(get(o, 'spec.nodeName')) },
    { name: 'Nominated Node', type: 'string', priority: 1, cell: (o) => str(o.metadata.annotations?.['fleetsim.io/nominated-node']) },
    { name: 'Readiness Gates', type: 'string', priority: 1, cell: () => '<none>' },
  ],
  deployments: [
    name,
    { name: 'Ready', type: 'string', cell: (o) => `${num(get(o, 'status.readyReplicas'))}/${num(get(o, 'spec.replicas'))}` },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(get(o, 'status.updatedReplicas')) },
    { name: 'Available', type: 'integer', cell: (o) => num(get(o, 'status.availableReplicas')) },
    age,
  ],
  daemonsets: [
    name,
    { name: 'Desired', type: 'integer', cell: (o) => num(get(o, 'status.desiredNumberScheduled')) },
    { name: 'Current', type: 'integer', cell: (o) => num(get(o, 'status.currentNumberScheduled')) },
    { name: 'Ready', type: 'integer', cell: (o) => num(get(o, 'status.numberReady')) },
    { name: 'Up-to-date', type: 'integer', cell: (o) => num(get(o, 'status.updatedNumberScheduled')) },
    { name: 'Available', type: 'integer', cell: (o) => num(get(o, 'status.numberAvailable')) },
    { name: 'Node Selector', type: 'string', cell: (o) => {
      const sel = get(o, 'spec.template.spec.nodeSelector') as Record<string, string> | undefined;
      return sel && Object.keys(sel).length > 0 ? Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
    } },
    age,
  ],
  poddisruptionbudgets: [
    name,
    { name: 'Min Available', type: 'string', cell: (o) => str(get(o, 'spec.minAvailable'), 'N/A') },
    { name: 'Max Unavailable', type: 'string', cell: (o) => str(get(o, 'spec.maxUnavailable'), 'N/A') },
    { name: 'Allowed Disruptions', type: 'integer', cell: (o) => num(get(o, 'status.disruptionsAllowed')) },
    age,
  ],
  leases: [name, { name: 'Holder', type: 'string', cell: (o) => str(get(o, 'spec.holderIdentity'), '') }, age],
  nodeclaims: [
    name,
    { name: 'Type', type: 'string', cell: (o) => str(get(o, 'status.instanceType'), '') },
    { name: 'Capacity', type: 'string', cell: (o) => str(get(o, 'status.capacityType'), '') },
    { name: 'Zone', type: 'string', cell: (o) => str(get(o, 'status.zone'), '') },
    { name: 'Node', type: 'string', cell: (o) => str(get(o, 'status.nodeName'), '') },
    { name: 'NodePool', type: 'string', cell: (o) => str(get(o, 'spec.nodePool'), '') },
    age,
  ],
  namespaces: [name, { name: 'Status', type: 'string', cell: (o) => str(get(o, 'status.phase'), 'Active') }, age],
  priorityclasses: [name, { name: 'Value', type: 'integer', cell: (o) => num(get(o, 'value')) }, { name: 'Global-Default', type: 'string', cell: (o) => String(get(o, 'globalDefault') === true) }, age],
};

export interface Table {
  kind: 'Table';
  apiVersion: 'meta.k8s.io/v1';
  metadata: { resourceVersion?: string };
  columnDefinitions: { name: string; type: string; format: string; description: string; priority: number }[];
  rows: { cells: (string | number)[]; object: { kind: 'PartialObjectMetadata'; apiVersion: 'meta.k8s.io/v1'; metadata: KubeObject['metadata'] } }[];
}

export function toTable(resource: string, objects: readonly KubeObject[], resourceVersion: string | undefined, nowUnix: number): Table {
  const columns = COLUMNS[resource] ?? [name, age];
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: resourceVersion === undefined ? {} : { resourceVersion },
    columnDefinitions: columns.map((c) => ({
      name: c.name,
      type: c.type,
      format: c === name ? 'name' : '',
      description: c.name,
      priority: c.priority ?? 0,
    })),
    rows: objects.map((o) => ({
      cells: columns.map((c) => c.cell(o as Json, { nowUnix })),
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: o.metadata },
    })),
  };
}
