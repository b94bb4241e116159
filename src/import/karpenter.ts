import { InputError } from '../scenario/errors.js';
import { parseKarpenterObjects } from '../scenario/karpenter/index.js';
import type { ImportContext } from './context.js';
import { type ExportObject, idOf, isObj } from './export-source.js';
import type { ImportedNode } from './nodes.js';

const KINDS = ['NodePool', 'Provisioner', 'EC2NodeClass', 'AWSNodeTemplate'] as const;

export interface KarpenterImport {
  readonly manifests: Record<string, unknown>[];
  readonly nodePools: ReadonlySet<string>;
  readonly defaulted: boolean;
}

/** A Karpenter object without status and metadata noise: apiVersion, kind, metadata.name (and labels), spec. */
function clean(o: ExportObject): Record<string, unknown> {
  const meta = isObj(o.obj.metadata) ? o.obj.metadata : {};
  const labels = isObj(meta.labels) ? meta.labels : undefined;
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    metadata: { name: o.name, ...(labels && Object.keys(labels).length > 0 ? { labels } : {}) },
    ...(o.obj.spec !== undefined ? { spec: o.obj.spec } : {}),
  };
}

/** Karpenter's getting-started NodePool for a cluster that exports none: c/m/r of generation > 2 on the nodes' architectures and capacity types. */
export function defaultKarpenterManifests(nodes: readonly ImportedNode[]): Record<string, unknown>[] {
  const arches = [...new Set(nodes.map((n) => n.arch).filter((a): a is string => a === 'amd64' || a === 'arm64'))].sort();
  const capacity = nodes.some((n) => n.capacityType === 'spot') ? ['on-demand', 'spot'] : ['on-demand'];
  return [
    {
      apiVersion: 'karpenter.sh/v1',
      kind: 'NodePool',
      metadata: { name: 'default' },
      spec: {
        template: {
          spec: {
            nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
            requirements: [
              { key: 'kubernetes.io/arch', operator: 'In', values: arches.length > 0 ? arches : ['amd64'] },
              { key: 'karpenter.sh/capacity-type', operator: 'In', values: capacity },
              { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm', 'r'] },
              { key: 'karpenter.k8s.aws/instance-generation', operator: 'Gt', values: ['2'] },
            ],
            expireAfter: '720h',
          },
        },
        limits: { cpu: '1000' },
        disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfter: '1m' },
      },
    },
    {
      apiVersion: 'karpenter.k8s.aws/v1',
      kind: 'EC2NodeClass',
      metadata: { name: 'default' },
      spec: {
        amiSelectorTerms: [{ alias: 'al2023@latest' }],
        role: 'KarpenterNodeRole-my-cluster',
        subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'my-cluster' } }],
        securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'my-cluster' } }],
      },
    },
  ];
}

/**
 * The exported NodePools and EC2NodeClasses (v1; v1beta1 and v1alpha5 are converted by the scenario
 * parser with warnings), checked by that parser so the scenario loads; none exported → the default.
 */
export function importKarpenter(ctx: ImportContext, nodes: readonly ImportedNode[]): KarpenterImport {
  const objects = KINDS.flatMap((k) => [...ctx.c.of(k)]);
  if (!objects.some((o) => o.kind === 'NodePool' || o.kind === 'Provisioner')) {
    ctx.report.guess('no Karpenter NodePool in the export: a default NodePool "default" (c/m/r, generation > 2, the nodes\' architectures and capacity types, consolidation WhenEmptyOrUnderutilized after 1m) and EC2NodeClass "default" are written');
    const karpenterNodes = nodes.filter((n) => n.nodePool);
    for (const n of karpenterNodes) ctx.report.unmapped(`node of NodePool "${n.nodePool}", which is not in the export: unmanaged under every policy`, `Node ${n.name}`);
    return { manifests: defaultKarpenterManifests(nodes), nodePools: new Set(['default']), defaulted: true };
  }
  const manifests = objects.map(clean);
  try {
    const config = parseKarpenterObjects(manifests, objects[0]!.file, () => ({}), { pathPrefix: ['karpenter', 'manifests'] });
    for (const w of config.warnings) ctx.report.warn(w.replace(/^[^:]*: /, ''));
    const pools = new Set(config.nodePools.map((p) => p.name));
    for (const n of nodes) if (n.nodePool && !pools.has(n.nodePool)) ctx.report.unmapped(`node of NodePool "${n.nodePool}", which is not in the export: unmanaged under every policy`, `Node ${n.name}`);
    return { manifests, nodePools: pools, defaulted: false };
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    // Point each problem at the exported object it came from.
    for (const p of e.problems) {
      const m = /^karpenter\.manifests\[(\d+)\]\.?(.*)$/.exec(p.path ?? '');
      const o = m ? objects[Number(m[1])] : undefined;
      if (o) ctx.problems.push(ctx.c.files.objectProblem(o, pathSegments(m![2]!), p.message));
      else ctx.problems.push({ ...p, file: objects[0]!.file, message: `${p.path ? '' : `${objects.map(idOf).join(', ')}: `}${p.message}` });
    }
    return { manifests, nodePools: new Set(), defaulted: false };
  }
}

/** "spec.requirements[2].key" → ["spec", "requirements", 2, "key"]. */
function pathSegments(text: string): (string | number)[] {
  return text
    .split(/\.|\[|\]/)
    .filter((s) => s !== '')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
