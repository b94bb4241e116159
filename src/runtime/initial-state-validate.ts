import { add, LabelKeys, resources, subtract, TaintKeys, ZERO, type DaemonSet, type InstanceType, type PodDisruptionBudget, type Resources } from '../model/index.js';
import { nearest, type InputProblem } from '../scenario/errors.js';
import type { LoadedScenario } from '../scenario/load.js';
import { checkFit, type NodeView } from '../scheduling/index.js';
import { makePodSpec, type PodTemplates } from '../workload/pod-template.js';
import {
  clusterOwner,
  controllerKey,
  type InitialController,
  type InitialNode,
  type InitialPod,
  type InitialState,
} from './initial-state.js';

export interface InitialStateContext {
  /** The scenario's catalog; undefined when it failed to load (instance types are then not checked). */
  readonly catalog?: readonly InstanceType[];
  /** The scenario's pod templates; undefined when they are invalid (reported elsewhere). */
  readonly templates?: PodTemplates;
  readonly daemonSets: readonly DaemonSet[];
  readonly region: string;
  /** NodePools and node groups of the scenario, for warnings about names that adopt nothing. */
  readonly nodePools?: ReadonlySet<string>;
  readonly nodeGroups?: ReadonlySet<string>;
}

export interface ResolvedInitialState {
  /** Undefined when there were problems. */
  readonly state?: InitialState;
  readonly problems: readonly InputProblem[];
  readonly warnings: readonly string[];
}

const ONE_POD = resources({ pods: 1 });
const NO_PORTS: ReadonlySet<number> = new Set();

function describeQuantity(resource: string, value: number): string {
  if (resource === 'cpu') return `${value}m`;
  if (resource === 'memory' || resource === 'ephemeral-storage') return `${value}Mi`;
  return String(value);
}

function amountOf(r: Resources, resource: string): number {
  switch (resource) {
    case 'cpu':
      return r.cpuMillis;
    case 'memory':
      return r.memoryMiB;
    case 'pods':
      return r.pods;
    case 'nvidia.com/gpu':
      return r.gpus;
    case 'ephemeral-storage':
      return r.ephemeralMiB;
    default:
      return r.extended?.[resource] ?? 0;
  }
}

/** The first resource of `need` beyond `free` (a pod slot always counts; others when requested). */
function exceeded(need: Resources, free: Resources): string | undefined {
  if (need.cpuMillis > 0 && need.cpuMillis > free.cpuMillis) return 'cpu';
  if (need.memoryMiB > 0 && need.memoryMiB > free.memoryMiB) return 'memory';
  if (need.pods > free.pods) return 'pods';
  if (need.gpus > 0 && need.gpus > free.gpus) return 'nvidia.com/gpu';
  if (need.ephemeralMiB > 0 && need.ephemeralMiB > free.ephemeralMiB) return 'ephemeral-storage';
  for (const [k, v] of Object.entries(need.extended ?? {})) if (v > 0 && v > (free.extended?.[k] ?? 0)) return k;
  return undefined;
}

function unknownTemplate(name: string, templates: PodTemplates): string {
  const hint = nearest(name, templates.keys());
  if (templates.size === 0) return `unknown pod template "${name}" (the scenario defines no cluster.podTemplates)`;
  return `unknown pod template "${name}"${hint ? ` (did you mean "${hint}"?)` : ` (known: ${[...templates.keys()].join(', ')})`}`;
}

/**
 * Validate `initialState` against the catalog, zones, templates and itself, and build the resolved state.
 * Problems name the file, line, column and field; a pod that does not fit its node names the resource,
 * what it requests and what is free (allocatable less the DaemonSet pods that land there and the pods
 * listed before it).
 */
export function resolveInitialState(s: LoadedScenario, ctx: InitialStateContext): ResolvedInitialState {
  const doc = s.document;
  const section = doc.initialState ?? {};
  const problems: InputProblem[] = [];
  const warnings: string[] = [];
  const at = (path: (string | number)[], message: string): void => {
    problems.push(s.source.problem(['initialState', ...path], message));
  };
  const types = new Map((ctx.catalog ?? []).map((it) => [it.name, it] as const));

  // ---- nodes ----
  const nodes: InitialNode[] = [];
  const nodeIndex = new Map<string, number>();
  const typeOfNode = new Map<string, InstanceType>();
  for (const [i, n] of (section.nodes ?? []).entries()) {
    const first = nodeIndex.get(n.name);
    if (first !== undefined) at(['nodes', i, 'name'], `duplicate node name "${n.name}" (also initialState.nodes[${first}])`);
    else nodeIndex.set(n.name, i);
    const it = types.get(n.instanceType);
    if (ctx.catalog && !it) {
      const hint = nearest(n.instanceType, types.keys());
      at(['nodes', i, 'instanceType'], `unknown instance type "${n.instanceType}"${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    const zoneKnown = doc.zones.includes(n.zone);
    if (!zoneKnown) at(['nodes', i, 'zone'], `zone "${n.zone}" is not one of the scenario's zones (${doc.zones.join(', ')})`);
    if (it && zoneKnown && !it.offerings.some((o) => o.zone === n.zone && o.capacityType === n.capacityType)) {
      at(['nodes', i, 'capacityType'], `${n.instanceType} is not offered as ${n.capacityType} in ${n.zone}`);
    }
    if (n.nodePool !== undefined && n.nodeGroup !== undefined) {
      at(['nodes', i, 'nodeGroup'], `give at most one of nodePool and nodeGroup, found both (nodePool "${n.nodePool}", nodeGroup "${n.nodeGroup}")`);
    }
    if (n.nodePool !== undefined && ctx.nodePools && !ctx.nodePools.has(n.nodePool)) {
      warnings.push(`${s.file}: initialState.nodes[${i}] (${n.name}): nodePool "${n.nodePool}" is not a NodePool of the scenario; the karpenter policy leaves the node unmanaged`);
    }
    if (n.nodeGroup !== undefined && ctx.nodeGroups && !ctx.nodeGroups.has(n.nodeGroup)) {
      warnings.push(`${s.file}: initialState.nodes[${i}] (${n.name}): nodeGroup "${n.nodeGroup}" is not a node group of the scenario`);
    }
    if (it && first === undefined) typeOfNode.set(n.name, it);
    nodes.push({
      name: n.name,
      instanceType: n.instanceType,
      zone: n.zone,
      capacityType: n.capacityType,
      labels: n.labels ?? {},
      taints: n.taints ?? [],
      ...(n.nodePool !== undefined ? { nodePool: n.nodePool } : {}),
      ...(n.nodeGroup !== undefined ? { nodeGroup: n.nodeGroup } : {}),
    });
  }

  // ---- controllers ----
  const templates = ctx.templates;
  const pdbs = new Map<string, PodDisruptionBudget>();
  const useTemplate = (name: string, path: (string | number)[]): ReturnType<PodTemplates['get']> => {
    if (!templates) return undefined;
    const t = templates.get(name);
    if (!t) at(path, unknownTemplate(name, templates));
    else if (t.pdb) pdbs.set(`${t.pdb.namespace}/${t.pdb.name}`, t.pdb);
    return t;
  };
  const controllers: InitialController[] = [];
  const controllerIndex = new Map<string, number>();
  const rawControllers = section.controllers ?? [];
  for (const [i, c] of rawControllers.entries()) {
    const key = controllerKey(c.namespace, c.kind, c.name);
    const first = controllerIndex.get(key);
    if (first !== undefined) {
      at(['controllers', i, 'name'], `duplicate controller "${c.namespace}/${c.name}" (also initialState.controllers[${first}], ${rawControllers[first]!.kind})`);
    } else controllerIndex.set(key, i);
    if (c.kind === 'Job' && c.replicas !== undefined) at(['controllers', i, 'replicas'], 'replicas applies to Deployment, StatefulSet and ReplicaSet; a Job has completions and parallelism');
    if (c.kind !== 'Job') {
      for (const f of ['completions', 'parallelism'] as const) {
        if (c[f] !== undefined) at(['controllers', i, f], `${f} applies to a Job; a ${c.kind} has replicas`);
      }
    }
    const t = useTemplate(c.template, ['controllers', i, 'template']);
    controllers.push({
      kind: c.kind,
      name: c.name,
      namespace: c.namespace,
      replicas: c.replicas ?? -1, // filled in below: the number of listed pods it owns
      completions: c.completions ?? 1,
      parallelism: c.parallelism ?? 1,
      template: makePodSpec(t, { namespace: c.namespace }),
    });
  }

  // ---- pods ----
  const pods: InitialPod[] = [];
  const podIndex = new Map<string, number>();
  const ownedCount = new Map<string, number>();
  const free = new Map<string, Resources>();
  const nodeNames = [...nodeIndex.keys()];
  for (const [i, p] of (section.pods ?? []).entries()) {
    const uid = `${p.namespace}/${p.name}`;
    const first = podIndex.get(uid);
    if (first !== undefined) at(['pods', i, 'name'], `duplicate pod "${uid}" (also initialState.pods[${first}])`);
    else podIndex.set(uid, i);
    if (p.node !== undefined && !nodeIndex.has(p.node)) {
      const hint = nearest(p.node, nodeNames);
      at(['pods', i, 'node'], `unknown node "${p.node}" (not in initialState.nodes${hint ? `; did you mean "${hint}"?` : ''})`);
    }
    let owner: InitialController | undefined;
    if (p.owner) {
      const key = controllerKey(p.namespace, p.owner.kind, p.owner.name);
      const ci = controllerIndex.get(key);
      owner = ci === undefined ? undefined : controllers[ci];
      if (!owner || owner.kind !== p.owner.kind) {
        const sameNamespace = controllers.filter((c) => c.namespace === p.namespace && c.kind === p.owner!.kind).map((c) => c.name);
        const hint = owner ? undefined : nearest(p.owner.name, sameNamespace);
        at(
          ['pods', i, 'owner'],
          `unknown owner ${p.owner.kind} "${p.owner.name}" in namespace "${p.namespace}" (not in initialState.controllers${hint ? `; did you mean "${hint}"?` : ''})`,
        );
        owner = undefined;
      } else {
        ownedCount.set(key, (ownedCount.get(key) ?? 0) + 1);
      }
    }
    let base;
    if (p.template !== undefined) base = useTemplate(p.template, ['pods', i, 'template']);
    else if (!p.owner) at(['pods', i], 'needs a template (a name in cluster.podTemplates) or an owner whose template it uses');
    const ownerRef = owner ? clusterOwner(owner.kind, owner.name) : undefined;
    const spec =
      p.template === undefined && owner
        ? { ...owner.template, ...(ownerRef ? { owner: ownerRef } : {}) }
        : makePodSpec(base, { namespace: p.namespace, ...(ownerRef ? { owner: ownerRef } : {}) });
    pods.push({ name: p.name, namespace: p.namespace, ...(p.node !== undefined ? { node: p.node } : {}), spec });

    // fit on its node: allocatable less DaemonSet pods and the pods listed before
    const it = p.node !== undefined ? typeOfNode.get(p.node) : undefined;
    if (!it || !p.node || (p.template !== undefined && !base && templates)) continue;
    let room = free.get(p.node);
    if (!room) {
      const n = nodes[nodeIndex.get(p.node)!]!;
      room = subtract(it.allocatable, daemonSetOverhead(n, it, ctx));
    }
    const need = add(spec.requests, ONE_POD);
    const r = exceeded(need, room);
    if (r !== undefined) {
      at(
        ['pods', i, 'node'],
        `pod "${uid}" does not fit node "${p.node}" (${it.name}): ${r} requested ${describeQuantity(r, amountOf(need, r))}, free ${describeQuantity(r, Math.max(0, amountOf(room, r)))} ` +
          `(allocatable ${describeQuantity(r, amountOf(it.allocatable, r))}, less DaemonSet pods and the pods listed before it)`,
      );
    }
    free.set(p.node, subtract(room, need));
  }

  // replicas default to the pods listed; more listed than replicas are scaled down at time 0
  const resolvedControllers = controllers.map((c, i) => {
    const owned = ownedCount.get(controllerKey(c.namespace, c.kind, c.name)) ?? 0;
    if (c.kind !== 'Job' && c.replicas >= 0 && owned > c.replicas) {
      warnings.push(`${s.file}: initialState.controllers[${i}] (${c.kind} ${c.namespace}/${c.name}): ${owned} pods listed for ${c.replicas} replicas; the extra ones are deleted at time 0`);
    }
    return c.replicas >= 0 ? c : { ...c, replicas: owned };
  });

  if (problems.length > 0) return { problems, warnings };
  return { state: { nodes, controllers: resolvedControllers, pods, pdbs: [...pdbs.values()] }, problems, warnings };
}

/** Requests (one pod slot each) of the DaemonSet pods the DaemonSet controller would put on this node. */
function daemonSetOverhead(n: InitialNode, it: InstanceType, ctx: InitialStateContext): Resources {
  const view: NodeView = {
    name: n.name,
    labels: {
      ...it.labels,
      [LabelKeys.instanceType]: it.name,
      [LabelKeys.zone]: n.zone,
      [LabelKeys.region]: ctx.region,
      [LabelKeys.capacityType]: n.capacityType,
      [LabelKeys.hostname]: n.name,
      ...n.labels,
    },
    taints: n.taints.filter((t) => t.key !== TaintKeys.notReady),
    allocatable: it.allocatable,
    requested: ZERO,
    hostPortsInUse: NO_PORTS,
    unschedulable: false,
  };
  let sum = ZERO;
  for (const ds of ctx.daemonSets) {
    if (checkFit({ ...ds.template, namespace: ds.namespace }, view) === undefined) sum = add(sum, add(ds.template.requests, ONE_POD));
  }
  return sum;
}
