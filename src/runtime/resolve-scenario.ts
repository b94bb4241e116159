import { resolve as resolvePath } from 'node:path';
import { loadCatalog, type CatalogOptions } from '../catalog/index.js';
import { DEFAULT_SIM_CLUSTER_OPTIONS } from '../cluster/sim/index.js';
import type { DaemonSet, InstanceType, PodDisruptionBudget, Resources } from '../model/index.js';
import { parseCpuMillis, parseMemoryMiB, isQuantityError } from '../model/quantity.js';
import { resources } from '../model/resources.js';
import { deriveNodeGroups, parseClusterAutoscalerOptions, parseNodeGroups } from '../scenario/cluster-autoscaler/index.js';
import { InputError, isInputError, nearest, type InputProblem } from '../scenario/errors.js';
import { loadKarpenterManifestsFromPath, parseKarpenterObjects } from '../scenario/karpenter/index.js';
import { loadScenario, type LoadedScenario } from '../scenario/load.js';
import type { ScenarioDocument } from '../scenario/schema.js';
import { mockEc2Options } from './ec2-options.js';
import { requestBounds, requestsBeyondBounds, type RequestBounds } from './request-bounds.js';
import type { ClusterAutoscalerSetup, KarpenterChange, KarpenterSetup, ResolvedScenario, StaticNodeSpec } from './resolved-scenario.js';
import type { InitialState } from './initial-state.js';
import { resolveWorkload } from './resolve-workload.js';
import { initialPodTemplates } from './initial-state.js';
import { resolveInitialState } from './initial-state-validate.js';
import { totalStats } from '../workload/types.js';
import type { RunWorkload } from './resolved-scenario.js';

/** DaemonSet pods tolerate the node-lifecycle taints (the DaemonSet controller adds these). */
const DAEMONSET_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
] as const;

/** Collects problems of every section so that one run reports them all. */
class Problems {
  readonly list: InputProblem[] = [];
  readonly warnings: string[] = [];
  attempt<T>(f: () => T): T | undefined {
    try {
      return f();
    } catch (e) {
      if (isInputError(e)) {
        this.list.push(...e.problems);
        return undefined;
      }
      throw e;
    }
  }
}

function catalogOptionsOf(s: LoadedScenario): CatalogOptions {
  const d = s.document;
  const c = d.cloud?.catalog;
  const priceOverrides = c?.priceOverrides
    ? Object.fromEntries(
        Object.entries(c.priceOverrides).map(([type, o]) => [
          type,
          { ...(o.onDemand !== undefined ? { onDemandPricePerHour: o.onDemand } : {}) },
        ]),
      )
    : undefined;
  return {
    region: d.region,
    zones: d.zones,
    ...(c?.families ? { families: c.families } : {}),
    ...(c?.sizes ? { sizes: c.sizes } : {}),
    ...(priceOverrides ? { priceOverrides } : {}),
    ...(c?.file ? { file: resolvePath(s.baseDir, c.file) } : {}),
    source: s.file,
    sourcePath: 'cloud.catalog',
  };
}

/** `catalog` is undefined when it failed to load: instance types are then not checked (no knock-on errors). */
function staticNodesOf(s: LoadedScenario, catalog: readonly InstanceType[] | undefined, p: Problems): StaticNodeSpec[] {
  const names = new Set((catalog ?? []).map((it) => it.name));
  const out: StaticNodeSpec[] = [];
  for (const [i, n] of (s.document.static?.nodes ?? []).entries()) {
    if (catalog && !names.has(n.instanceType)) {
      const hint = nearest(n.instanceType, names);
      p.list.push(s.source.problem(['static', 'nodes', i, 'instanceType'], `unknown instance type "${n.instanceType}"${hint ? ` (did you mean "${hint}"?)` : ''}`));
      continue;
    }
    if (n.zone && !s.document.zones.includes(n.zone)) {
      p.list.push(s.source.problem(['static', 'nodes', i, 'zone'], `zone "${n.zone}" is not one of the scenario's zones (${s.document.zones.join(', ')})`));
    }
    out.push(n);
  }
  return out;
}

function karpenterOf(s: LoadedScenario, p: Problems): KarpenterSetup | undefined {
  const k = s.document.karpenter;
  if (!k) return undefined;
  const config = p.attempt(() =>
    typeof k.manifests === 'string'
      ? loadKarpenterManifestsFromPath(resolvePath(s.baseDir, k.manifests))
      : parseKarpenterObjects(k.manifests, s.file, (path) => s.source.locate(['karpenter', 'manifests', ...path]), { pathPrefix: ['karpenter', 'manifests'] }),
  );
  if (!config) return undefined;
  p.warnings.push(...config.warnings);
  if (config.nodePools.length === 0) p.list.push(s.source.problem(['karpenter', 'manifests'], 'no NodePool found (expected at least one karpenter.sh NodePool)'));
  const o = k.options ?? {};
  const changes: KarpenterChange[] = [];
  if (k.changes && typeof k.manifests !== 'string') {
    // Each change replaces objects of the same kind and name in the configuration before it.
    let current = k.manifests.map((value, i) => ({ value, path: ['karpenter', 'manifests', i] as (string | number)[] }));
    const keyOf = (v: Record<string, unknown>): string => `${String(v.kind)}/${String((v.metadata as { name?: unknown } | undefined)?.name)}`;
    for (const [ci, change] of k.changes.entries()) {
      const replaced = new Map(change.manifests.map((value, j) => [keyOf(value), { value, path: ['karpenter', 'changes', ci, 'manifests', j] as (string | number)[] }]));
      current = [...current.filter((e) => !replaced.has(keyOf(e.value))), ...replaced.values()];
      const entries = current;
      const parsed = p.attempt(() =>
        parseKarpenterObjects(
          entries.map((e) => e.value),
          s.file,
          (path) => s.source.locate([...entries[path[0] as number]!.path, ...path.slice(1)]),
          { pathPrefix: ['karpenter', 'changes', ci, '(configuration)'] },
        ),
      );
      if (parsed) changes.push({ atSeconds: change.at, nodePools: parsed.nodePools, nodeClasses: parsed.nodeClasses });
    }
  } else if (k.changes) {
    p.list.push(s.source.problem(['karpenter', 'changes'], 'changes need inline manifests (karpenter.manifests as a list), not a path'));
  }
  return {
    nodePools: config.nodePools,
    nodeClasses: config.nodeClasses,
    changes: changes.sort((a, b) => a.atSeconds - b.atSeconds),
    ...(o.batchIdleDuration !== undefined ? { batchIdleSeconds: o.batchIdleDuration } : {}),
    ...(o.batchMaxDuration !== undefined ? { batchMaxSeconds: o.batchMaxDuration } : {}),
    ...(o.spotToSpotConsolidation !== undefined ? { spotToSpotConsolidation: o.spotToSpotConsolidation } : {}),
    ...(o.minValuesPolicy !== undefined ? { minValuesPolicy: o.minValuesPolicy } : {}),
    ...(o.consolidation !== undefined ? { consolidation: o.consolidation } : {}),
  };
}

function clusterAutoscalerOf(s: LoadedScenario, catalog: readonly InstanceType[] | undefined, karpenter: KarpenterSetup | undefined, p: Problems): ClusterAutoscalerSetup | undefined {
  const ca = s.document.clusterAutoscaler;
  if (!ca) return undefined;
  const src = { file: s.file, locate: (path: readonly (string | number)[]) => s.source.locate(['clusterAutoscaler', ...path]), pathPrefix: ['clusterAutoscaler'] };
  const parsed = p.attempt(() => parseClusterAutoscalerOptions({ version: ca.version, flags: ca.flags, priorities: ca.priorities }, src));
  if (!parsed) return undefined;
  p.warnings.push(...parsed.warnings);
  if (ca.nodeGroups) {
    const groups = p.attempt(() =>
      parseNodeGroups(ca.nodeGroups, { ...src, locate: (path) => s.source.locate(['clusterAutoscaler', 'nodeGroups', ...path]), pathPrefix: ['clusterAutoscaler', 'nodeGroups'] }),
    );
    if (!groups) return undefined;
    p.warnings.push(...groups.warnings);
    if (catalog) checkGroupTypes(s, groups.nodeGroups, catalog, p);
    return { options: parsed.options, nodeGroups: groups.nodeGroups, derived: false };
  }
  if (!karpenter) {
    p.list.push(s.source.problem(['clusterAutoscaler'], 'needs "nodeGroups", or Karpenter NodePools to derive them from'));
    return undefined;
  }
  const derived = deriveNodeGroups(karpenter.nodePools, catalog ?? [], { zones: s.document.zones });
  p.warnings.push(...derived.warnings);
  const options =
    derived.priorities && !ca.priorities && !hasExpanderFlag(ca.flags)
      ? { ...parsed.options, priorities: derived.priorities, expanders: derived.expanders ?? parsed.options.expanders }
      : parsed.options;
  return { options, nodeGroups: derived.nodeGroups, derived: true };
}

function hasExpanderFlag(flags: unknown): boolean {
  if (Array.isArray(flags)) return flags.some((f) => String(f).replace(/^--/, '').startsWith('expander'));
  return flags !== null && typeof flags === 'object' && 'expander' in flags;
}

function checkGroupTypes(s: LoadedScenario, groups: readonly { name: string; instanceTypes: readonly string[] }[], catalog: readonly InstanceType[], p: Problems): void {
  const names = new Set(catalog.map((it) => it.name));
  groups.forEach((g, i) => {
    for (const t of g.instanceTypes) {
      if (!names.has(t)) {
        const hint = nearest(t, names);
        p.list.push(s.source.problem(['clusterAutoscaler', 'nodeGroups', i], `node group "${g.name}": unknown instance type "${t}"${hint ? ` (did you mean "${hint}"?)` : ''}`));
      }
    }
  });
}

function quantityOr(s: LoadedScenario, p: Problems, path: (string | number)[], value: string | number | undefined, parse: (q: string | number) => number): number {
  if (value === undefined) return 0;
  try {
    return parse(value);
  } catch (e) {
    if (!isQuantityError(e)) throw e;
    p.list.push(s.source.problem(path, `${(e as Error).message}`));
    return 0;
  }
}

function daemonSetsOf(s: LoadedScenario, bounds: RequestBounds, p: Problems): DaemonSet[] {
  return (s.document.cluster?.daemonSets ?? []).map((ds, i) => ({
    name: ds.name,
    namespace: ds.namespace,
    template: {
      labels: { app: ds.name },
      annotations: {},
      requests: daemonSetRequests(s, i, bounds, p),
      nodeSelector: ds.nodeSelector ?? {},
      tolerations: [...(ds.tolerations ?? []), ...DAEMONSET_TOLERATIONS],
      topologySpreadConstraints: [],
      hostPorts: [],
      priority: 2_000_001_000,
      priorityClassName: 'system-node-critical',
      terminationGracePeriodSeconds: 30,
    },
  }));
}

function daemonSetRequests(s: LoadedScenario, i: number, bounds: RequestBounds, p: Problems): Resources {
  const path = ['cluster', 'daemonSets', i, 'requests'];
  const given = s.document.cluster!.daemonSets![i]!.requests;
  const requests = resources({
    cpuMillis: quantityOr(s, p, [...path, 'cpu'], given.cpu, parseCpuMillis),
    memoryMiB: quantityOr(s, p, [...path, 'memory'], given.memory, parseMemoryMiB),
  });
  const named = (['cpu', 'memory'] as const).filter((r) => given[r] !== undefined);
  for (const b of requestsBeyondBounds(requests, bounds, named)) p.list.push(s.source.problem([...path, b.resource], b.message));
  return requests;
}

function pdbsOf(d: ScenarioDocument): PodDisruptionBudget[] {
  return (d.cluster?.pdbs ?? []).map((b) => ({
    name: b.name,
    namespace: b.namespace,
    selector: b.selector,
    ...(b.minAvailable !== undefined ? { minAvailable: b.minAvailable } : {}),
    ...(b.maxUnavailable !== undefined ? { maxUnavailable: b.maxUnavailable } : {}),
  }));
}

/** No workload events: the run is the initial state alone. */
const emptyWorkload = (): RunWorkload => ({ source: [], pdbs: [], stats: () => totalStats([]) });

function initialStateOf(
  s: LoadedScenario,
  c: { catalog: readonly InstanceType[] | undefined; daemonSets: readonly DaemonSet[]; karpenter: KarpenterSetup | undefined; clusterAutoscaler: ClusterAutoscalerSetup | undefined; report: boolean },
  p: Problems,
): InitialState | undefined {
  const t = initialPodTemplates(s, c.report);
  p.list.push(...t.problems);
  const r = resolveInitialState(s, {
    ...(c.catalog ? { catalog: c.catalog } : {}),
    ...(t.templates ? { templates: t.templates } : {}),
    daemonSets: c.daemonSets,
    region: s.document.region,
    ...(c.karpenter ? { nodePools: new Set(c.karpenter.nodePools.map((np) => np.name)) } : {}),
    ...(c.clusterAutoscaler ? { nodeGroups: new Set(c.clusterAutoscaler.nodeGroups.map((g) => g.name)) } : {}),
  });
  p.list.push(...r.problems);
  p.warnings.push(...r.warnings);
  return r.state;
}

export interface ResolveOptions {
  /**
   * Also read the traces the workload names, as `run` would (for `validate`; see trace-check.ts). A run
   * reads them anyway while it simulates, so it does not pay for reading them twice.
   */
  readonly readTraces?: boolean;
}

/** Read every file a scenario names and turn each section into model objects; all problems at once. */
export function resolveScenario(s: LoadedScenario, o: ResolveOptions = {}): ResolvedScenario {
  const d = s.document;
  const p = new Problems();
  const catalogOptions = catalogOptionsOf(s);
  const catalog = p.attempt(() => loadCatalog(catalogOptions));
  const staticNodes = staticNodesOf(s, catalog, p);
  const karpenter = karpenterOf(s, p);
  const clusterAutoscaler = clusterAutoscalerOf(s, catalog, karpenter, p);
  const daemonSets = daemonSetsOf(s, requestBounds(catalog ?? []), p);
  // With an initialState the workload may be empty or absent (the cluster that exists is the load).
  const noWorkload = d.workload === undefined || d.workload.length === 0;
  const skipWorkload = d.initialState !== undefined && noWorkload;
  if (d.workload === undefined && d.initialState === undefined) {
    p.list.push(s.source.problem(['workload'], 'required: a list of generators and traces (it may be empty or absent only when the scenario has an initialState)'));
  }
  const buildWorkload =
    skipWorkload ? emptyWorkload : d.workload === undefined ? undefined : p.attempt(() => resolveWorkload(s, p.warnings, { ...(catalog ? { catalog } : {}), ...(o.readTraces ? { readTraces: true } : {}) }));
  const initial = d.initialState !== undefined ? initialStateOf(s, { catalog, daemonSets, karpenter, clusterAutoscaler, report: skipWorkload }, p) : undefined;
  if (p.list.length > 0 || !buildWorkload) throw new InputError(p.list.length > 0 ? p.list : [{ file: s.file, path: 'workload', message: 'invalid workload' }]);
  return {
    file: s.file,
    name: d.name,
    baseDir: s.baseDir,
    horizonSeconds: d.horizon,
    seed: d.seed,
    region: d.region,
    zones: d.zones,
    defaultPolicy: d.policy,
    comparePolicies: d.compare ?? ['karpenter', 'cluster-autoscaler'],
    catalogOptions,
    ec2Options: mockEc2Options(d.cloud),
    staticNodes,
    ...(initial ? { initialState: initial } : {}),
    ...(karpenter ? { karpenter } : {}),
    ...(clusterAutoscaler ? { clusterAutoscaler } : {}),
    scoring: d.cluster?.scheduler?.scoring ?? DEFAULT_SIM_CLUSTER_OPTIONS.scoring,
    daemonSets,
    pdbs: pdbsOf(d),
    priorityClasses: d.cluster?.priorityClasses ?? [],
    reportStepSeconds: d.report?.step ?? 60,
    buildWorkload,
    warnings: p.warnings,
  };
}

/**
 * `fleetsim validate`: load and resolve, and read the traces as `run` would (trace-check.ts: in full up
 * to 64 MiB, else the first 100,000 records; stopping past the horizon); throws InputError with every problem.
 */
export function validateScenarioFile(file: string): { warnings: readonly string[]; summary: string } {
  const r = resolveScenario(loadScenario(file), { readTraces: true });
  const parts = [`horizon ${r.horizonSeconds} s`, `policy ${r.defaultPolicy}`];
  if (r.karpenter) parts.push(`${r.karpenter.nodePools.length} NodePool(s)`);
  if (r.clusterAutoscaler) parts.push(`${r.clusterAutoscaler.nodeGroups.length} node group(s)${r.clusterAutoscaler.derived ? ' derived from the NodePools' : ''}`);
  if (r.staticNodes.length) parts.push(`${r.staticNodes.reduce((n, x) => n + x.count, 0)} static node(s)`);
  if (r.initialState) parts.push(`initial state: ${r.initialState.nodes.length} node(s), ${r.initialState.pods.length} pod(s), ${r.initialState.controllers.length} controller(s)`);
  return { warnings: r.warnings, summary: parts.join(', ') };
}
