import { buildContext, buildInstanceType, catalogSpecs } from '../catalog/index.js';
import type { InstanceType } from '../model/index.js';
import { InputError } from '../scenario/errors.js';
import type { V1PodSpec } from '@kubernetes/client-node';
import { Classified, type Kind, POD_SPEC_PATHS, shapeProblems } from './classify.js';
import { importDaemonSets, importPdbs, importPriorityClasses } from './cluster-objects.js';
import { importClusterAutoscaler } from './cluster-autoscaler.js';
import { ImportContext } from './context.js';
import { importControllers } from './controllers.js';
import { ExportFiles, isObj } from './export-source.js';
import { fitToCatalog } from './fit.js';
import { importKarpenter } from './karpenter.js';
import { importNodes, regionOf } from './nodes.js';
import { importPods } from './pods.js';
import { ImportReport } from './report.js';
import { podRequests } from './requests.js';
import { importCronJobs, importHpas } from './workload.js';

export interface ImportOptions {
  /** A kubectl export file, or a directory of them. */
  readonly from: string;
  /** Scenario name (default "imported-cluster"). */
  readonly name?: string;
  /** Horizon as a duration text (default "24h"). */
  readonly horizon?: string;
}

export interface ImportResult {
  /** The scenario document (YAML-ready plain values). */
  readonly scenario: Record<string, unknown>;
  readonly report: ImportReport;
  readonly counts: { readonly nodes: number; readonly podsBound: number; readonly podsPending: number; readonly controllers: number; readonly templates: number };
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The latest timestamp in the export (node heartbeats, conditions, managedFields, creation): when it was taken, roughly. */
export function exportTime(files: ExportFiles): number | undefined {
  let latest: number | undefined;
  const visit = (v: unknown, depth: number): void => {
    if (depth > 6) return;
    if (Array.isArray(v)) for (const x of v) visit(x, depth + 1);
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && /(Time|Timestamp|^time)$/.test(k) && /^\d{4}-\d\d-\d\dT/.test(x)) {
          const t = Date.parse(x);
          if (!Number.isNaN(t) && (latest === undefined || t > latest)) latest = t;
        } else if (typeof x === 'object') visit(x, depth + 1);
      }
    }
  };
  for (const o of files.objects) visit({ metadata: o.obj.metadata, status: o.obj.status }, 0);
  return latest === undefined ? undefined : Math.floor(latest / 1000);
}

/**
 * A scenario whose initial state is the exported cluster: nodes with their types, zones and capacity
 * types, running pods where they are, controllers kept steady, DaemonSets, PDBs and priority classes;
 * its policies are the exported Karpenter NodePools and the Cluster Autoscaler's flags and node groups.
 * Throws an InputError (every problem with file, line, JSON pointer) on malformed or partial exports.
 */
export function importCluster(opts: ImportOptions): ImportResult {
  const files = ExportFiles.read(opts.from);
  const report = new ImportReport();
  const c = new Classified(files, report);
  const problems = [...files.problems, ...shapeProblems(c)];
  if (problems.length > 0) {
    // Report the quantities of the well-formed objects too, so that one run shows every problem.
    for (const [kind, path] of Object.entries(POD_SPEC_PATHS) as [Kind, readonly string[]][]) {
      for (const o of c.of(kind)) {
        const spec = path.reduce<unknown>((x, k) => (isObj(x) ? x[k] : undefined), o.obj) as V1PodSpec;
        podRequests(spec, path, undefined, (sub, message) => problems.push(files.objectProblem(o, sub, message)));
      }
    }
    throw new InputError(problems);
  }
  const partial = [];
  if (!c.has('Node')) partial.push({ file: opts.from, message: 'no Node objects in the export; include nodes: kubectl get nodes,pods,deployments,... -A -o json' });
  if (!c.has('Pod')) partial.push({ file: opts.from, message: 'no Pod objects in the export; include pods: kubectl get nodes,pods,deployments,... -A -o json' });
  for (const [kind, owner] of [['Pod', 'ReplicaSet'], ['ReplicaSet', 'Deployment'], ['Pod', 'StatefulSet'], ['Pod', 'Job'], ['Pod', 'DaemonSet']] as const) {
    if (c.has(owner)) continue;
    const owned = c.of(kind).find((o) => ((isObj(o.obj.metadata) ? o.obj.metadata.ownerReferences : undefined) as { kind?: string }[] | undefined)?.some((r) => r.kind === owner));
    if (owned) partial.push(files.objectProblem(owned, ['metadata', 'ownerReferences'], `owned by a ${owner}, but the export has no ${owner} objects; include ${owner.toLowerCase()}s in kubectl get`));
  }
  if (partial.length > 0) throw new InputError(partial);

  const ctx = new ImportContext(c, report);
  const specs = catalogSpecs();
  const known = new Set(specs.map((s) => s.name));
  const { nodes, leftOut } = importNodes(c, known, report);
  const region = regionOf(nodes, report);
  const zones = [...new Set(nodes.map((n) => n.zone))].sort();
  if (zones.length === 0) throw new InputError([{ file: opts.from, message: 'no exported node can be simulated (see the reasons above); nothing to start from' }]);
  const bctx = buildContext({ region, zones });
  const types = new Map<string, InstanceType>(specs.filter((s) => nodes.some((n) => n.instanceType === s.name)).map((s) => [s.name, buildInstanceType(s, bctx)]));

  const karpenter = importKarpenter(ctx, nodes);
  const ca = importClusterAutoscaler(ctx, nodes, zones);
  const controllers = importControllers(ctx);
  const { pods, daemonSetPods } = importPods(ctx, controllers, new Set(nodes.map((n) => n.name)), leftOut);
  const daemonSets = importDaemonSets(ctx);
  const pdbs = importPdbs(ctx);
  const priorityClasses = importPriorityClasses(ctx);
  const epoch = exportTime(files);
  const workload = [...importHpas(ctx, controllers), ...importCronJobs(ctx, epoch)];
  if (ctx.problems.length > 0) throw new InputError(ctx.problems);
  const movedToPending = fitToCatalog(ctx, nodes, pods, daemonSets, types);

  if (ctx.withoutRequests.length > 0) {
    for (const s of ctx.withoutRequests) report.warn('containers without cpu or memory requests and no LimitRange default in the namespace: they request nothing of that resource (as in Kubernetes)', s);
  }
  if (ctx.limitRangeDefaulted.length > 0) for (const s of ctx.limitRangeDefaulted) report.warn('containers without requests got their namespace\'s LimitRange defaults', s);

  const initialNodes = nodes.map((n) => {
    const nodeGroup = !n.nodePool && n.nodeGroupLabel ? ca.nodeGroups.nameByLabel.get(n.nodeGroupLabel) : undefined;
    const nodePool = n.nodePool && karpenter.nodePools.has(n.nodePool) ? n.nodePool : undefined;
    return {
      name: n.name,
      instanceType: n.instanceType,
      zone: n.zone,
      capacityType: n.capacityType,
      ...(Object.keys(n.labels).length > 0 ? { labels: n.labels } : {}),
      ...(n.taints.length > 0 ? { taints: n.taints } : {}),
      ...(nodePool ? { nodePool } : {}),
      ...(nodeGroup ? { nodeGroup } : {}),
    };
  });
  const ownerTemplate = new Map([...controllers.controllers.values()].map((e) => [`${e.kind}/${e.namespace}/${e.name}`, e.template]));
  const initialPods = pods.map((p) => ({
    name: p.name,
    namespace: p.namespace,
    ...(p.node ? { node: p.node } : {}),
    ...(p.owner && ownerTemplate.get(`${p.owner.kind}/${p.namespace}/${p.owner.name}`) === p.template ? {} : { template: p.template }),
    ...(p.owner ? { owner: p.owner } : {}),
  }));

  const counts = {
    nodes: initialNodes.length,
    podsBound: initialPods.filter((p) => p.node).length,
    podsPending: initialPods.filter((p) => !p.node).length,
    controllers: controllers.controllers.size,
    templates: Object.keys(ctx.templates).length,
  };
  const byPool = initialNodes.filter((n) => n.nodePool).length;
  const byGroup = initialNodes.filter((n) => n.nodeGroup).length;
  report.summary.unshift(
    `${counts.nodes} nodes (${byPool} Karpenter, ${byGroup} in Cluster Autoscaler node groups, ${counts.nodes - byPool - byGroup} unmanaged) in ${zones.join(', ')} (${region})`,
    `${initialPods.length} pods (${counts.podsBound} bound where they run, ${counts.podsPending} Pending at time 0${movedToPending ? `, ${movedToPending} of them moved off full nodes` : ''}); ${daemonSetPods} DaemonSet pods come from ${daemonSets.length} DaemonSets`,
    `${counts.controllers} controllers kept at their replica counts, ${counts.templates} pod templates, ${pdbs.length} PDBs, ${priorityClasses.length} priority classes`,
    `policies: ${karpenter.defaulted ? 'a default Karpenter NodePool' : plural(karpenter.nodePools.size, 'Karpenter NodePool')}; Cluster Autoscaler ${String(ca.section.version)} with ${ca.nodeGroups.groups.length > 0 ? plural(ca.nodeGroups.groups.length, 'node group') : 'node groups derived from the NodePools'}`,
    `workload: ${workload.length === 0 ? 'none beyond the initial state (replica counts stay steady)' : `${plural(workload.length, 'generator')} (HPA models and CronJobs)`}`,
  );

  const cluster: Record<string, unknown> = {};
  if (priorityClasses.length > 0) cluster.priorityClasses = priorityClasses;
  if (daemonSets.length > 0) cluster.daemonSets = daemonSets;
  if (pdbs.length > 0) cluster.pdbs = pdbs;
  cluster.podTemplates = ctx.templates;
  const scenario: Record<string, unknown> = {
    name: opts.name ?? 'imported-cluster',
    description: `Imported by fleetsim import from ${opts.from}: the cluster as exported, under its Karpenter NodePools and its Cluster Autoscaler.`,
    horizon: opts.horizon ?? '24h',
    seed: 1,
    region,
    zones,
    policy: 'karpenter',
    compare: ['karpenter', 'cluster-autoscaler'],
    karpenter: { manifests: karpenter.manifests },
    clusterAutoscaler: ca.section,
    cluster,
    initialState: { nodes: initialNodes, controllers: [...controllers.controllers.values()], pods: initialPods },
    ...(workload.length > 0 ? { workload } : {}),
  };
  return { scenario, report, counts };
}
