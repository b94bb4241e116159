import { LabelKeys, type DaemonSet, type InstanceType, type NodePool, type Offering, type Pod, type PodSpec, type Taint } from '../../../model/index.js';
import type { StateNode } from '../../state/state-node.js';
import { compareStateNodes } from '../../state/state-node.js';
import { daemonSetPod, type DaemonSetPod } from './daemonset-overhead.js';
import { addNodeDomains, domainProviders, nodeDomainIndex, templateDomains, topologyDomains, type DomainProviders } from './domains.js';
import { existingNodeBase, ExistingNodeSim } from './existing-node.js';
import { ExistingNodeRoom, type ExistingNodes } from './existing-nodes.js';
import { instanceTypeInfo, type InstanceTypeInfo } from './instance-type-info.js';
import { RemainingLimits } from './limits.js';
import { memoAntiAffinityKeys, memoExistingSim } from './node-memo.js';
import { OFFERING_POOLS } from './offering-pools.js';
import { Scheduler } from './scheduler.js';
import type { SimulationCache } from './simulation-cache.js';
import { DenseSignatures, TopologySignatures } from './pod-signature.js';
import { podBase, podShape, type PodShape } from './scheduling-pod.js';
import { NodeClaimTemplate } from './template.js';
import { Topology, type SeedBase } from './topology/topology.js';
import type { InstanceTypesByPool, SchedulingResult, SimulationOptions } from './types.js';

const DEFAULT_MAX_INSTANCE_TYPES = 600;

const defaultAvailable = (_: InstanceType, o: Offering): boolean => o.available;

/** The NodeClaim templates of the NodePools in Karpenter's order (pools without instance types left out). */
function buildTemplates(
  nodePools: readonly NodePool[],
  instanceTypes: InstanceTypesByPool,
  daemonSetList: readonly DaemonSet[],
  available: (it: InstanceType, o: Offering) => boolean,
  cache: SimulationCache | undefined,
): NodeClaimTemplate[] {
  const pools = OFFERING_POOLS;
  const infos = new Map<InstanceType, InstanceTypeInfo>();
  const infoOf = (it: InstanceType): InstanceTypeInfo => {
    if (cache) return cache.instanceTypeInfo(it, () => instanceTypeInfo(it, pools, available));
    let info = infos.get(it);
    if (!info) infos.set(it, (info = instanceTypeInfo(it, pools, available)));
    return info;
  };
  const list: NodeClaimTemplate[] = [];
  for (const np of orderNodePools(nodePools)) {
    const types = Array.isArray(instanceTypes) ? (instanceTypes as readonly InstanceType[]) : ((instanceTypes as ReadonlyMap<string, readonly InstanceType[]>).get(np.name) ?? []);
    if (types.length === 0) continue;
    list.push(NodeClaimTemplate.of(np, types, daemonSetList, infoOf, pools));
  }
  return list;
}

/** A node's ExistingNodeSim, kept per StateNode (and DaemonSet list). */
function simOf(n: StateNode, daemonSetList: readonly DaemonSet[], daemonSets: readonly DaemonSetPod[]): ExistingNodeSim {
  return memoExistingSim(n, daemonSetList, () => new ExistingNodeSim(n, existingNodeBase(n, daemonSets)));
}

/** Karpenter's NodePool order: weight descending, then name descending. */
export function orderNodePools(nodePools: readonly NodePool[]): NodePool[] {
  return [...nodePools].sort((a, b) => b.weight - a.weight || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** Topology keys of the node's pods' required anti-affinity (in order of appearance). */
function requiredAntiAffinityKeys(n: StateNode): string[] {
  const keys: string[] = [];
  for (const p of n.pods) for (const t of p.affinity?.podAntiAffinity?.required ?? []) keys.push(t.topologyKey);
  return keys;
}

function topologyKeys(pods: readonly PodSpec[], stateNodes: () => readonly StateNode[], cache: SimulationCache | undefined, base: SeedBase | undefined): Set<string> {
  const keys = new Set<string>();
  for (const p of pods) {
    for (const t of p.affinity?.podAntiAffinity?.required ?? []) keys.add(t.topologyKey);
    for (const t of p.topologySpreadConstraints) keys.add(t.topologyKey);
    for (const t of p.affinity?.podAffinity?.required ?? []) keys.add(t.topologyKey);
    for (const t of p.affinity?.podAffinity?.preferred ?? []) keys.add(t.term.topologyKey);
    for (const t of p.affinity?.podAntiAffinity?.preferred ?? []) keys.add(t.term.topologyKey);
  }
  if (cache && base) {
    // Only the nodes with such pods, from a per-snapshot list (excluded nodes skipped).
    const list = cache.antiAffinityKeyList(base.nodes, () =>
      base.nodes.flatMap((n) => {
        const k = memoAntiAffinityKeys(n, () => requiredAntiAffinityKeys(n));
        return k.length > 0 ? [{ nodeName: n.name, keys: k }] : [];
      }),
    );
    for (const { nodeName, keys: k } of list) if (!base.excluded?.has(nodeName)) for (const key of k) keys.add(key);
    return keys;
  }
  for (const n of stateNodes()) for (const k of requiredAntiAffinityKeys(n)) keys.add(k);
  return keys;
}

/**
 * Karpenter's scheduler simulation, usable by provisioning and consolidation: place `pods` on the
 * existing nodes (registered nodes and in-flight NodeClaims), on NodeClaims planned in this batch (fewest
 * pods first), or on new NodeClaims from the NodePools in weight order; pods that fit nowhere come back
 * with the reason. Pure apart from reading offering availability.
 */
export function simulateScheduling(
  pods: readonly Pod[],
  stateNodes: readonly StateNode[],
  nodePools: readonly NodePool[],
  instanceTypes: InstanceTypesByPool,
  opts: SimulationOptions = {},
): SchedulingResult {
  const available = opts.isOfferingAvailable ?? defaultAvailable;
  const pools = OFFERING_POOLS;
  const cache = opts.cache;
  const daemonSetList = opts.daemonSets ?? [];
  const daemonSets = daemonSetList.map(daemonSetPod);
  // No named closures here: this runs once per simulation, hundreds of times per disruption pass.
  const templates = cache
    ? cache.templates(nodePools, instanceTypes, daemonSetList, () => buildTemplates(nodePools, instanceTypes, daemonSetList, available, cache))
    : buildTemplates(nodePools, instanceTypes, daemonSetList, available, undefined);
  const excluded = opts.excludedNodes;
  let base: SeedBase | undefined;
  let existing: ExistingNodes;
  // The same StateNodes come back snapshot after snapshot: their sims are kept (and reset on first use).
  const all = cache
    ? cache.liveNodes(stateNodes, () => {
        const inOrder = stateNodes.filter((n) => !n.markedForDeletion);
        return { inOrder, sorted: [...inOrder].sort(compareStateNodes) };
      })
    : undefined;
  let kept: readonly StateNode[] | undefined;
  if (cache && all) {
    // One snapshot, many simulations: live nodes in both orders, their ExistingNodeSims and start room are
    // made once; each simulation leaves out its excluded nodes (resetting a node's sim when it first uses it).
    base = { nodes: all.inOrder, excluded };
    existing = cache.existingRoom(all.sorted, daemonSetList, () => all.sorted.map((n) => simOf(n, daemonSetList, daemonSets))).without(excluded);
  } else {
    kept = stateNodes.filter((n) => !n.markedForDeletion && !excluded?.has(n.name));
    existing = new ExistingNodeRoom([...kept].sort(compareStateNodes).map((n) => simOf(n, daemonSetList, daemonSets))).without(undefined);
  }
  const live =
    all !== undefined
      ? () => (kept ??= excluded && excluded.size > 0 ? all.inOrder.filter((n) => !excluded.has(n.name)) : all.inOrder)
      : () => kept as readonly StateNode[];
  const fromTemplates = cache ? (key: string) => cache.templateDomains(key, () => templateDomains(key, templates, pools)) : undefined;
  const keys = topologyKeys(pods, live, cache, base);
  const seedBase = base;
  const fromNodes =
    cache && seedBase
      ? (key: string, set: Set<string>) =>
          addNodeDomains(set, cache.nodeDomainIndex(key, seedBase.nodes, () => nodeDomainIndex(key, seedBase.nodes)), seedBase.nodes, seedBase.excluded)
      : undefined;
  const domains = topologyDomains(keys, templates, pools, live, fromTemplates, fromNodes);
  // Providers are worked out only for the keys a spread with nodeTaintsPolicy Honor asks about.
  const providerMaps = new Map<string, ReadonlyMap<string, readonly (readonly Taint[])[]>>();
  const providers: DomainProviders = {
    get(key) {
      if (key === LabelKeys.hostname || !keys.has(key)) return undefined;
      let m = providerMaps.get(key);
      if (!m) providerMaps.set(key, (m = domainProviders(key, templates, pools, live(), fromTemplates)));
      return m;
    },
  };
  if (!domains.has(LabelKeys.hostname)) domains.set(LabelKeys.hostname, new Set());
  const topology = new Topology(domains, live, providers, cache, base);
  // Replicas share their terms: one termsOf per signature (this creates every group), then one shape.
  const numbering = cache ? new DenseSignatures(cache.signatures) : new TopologySignatures();
  const signatures = new Int32Array(pods.length);
  // Signatures are numbered densely from 0 in order of first appearance.
  const termsBySignature: ReturnType<Topology['termsOf']>[] = [];
  for (let i = 0; i < pods.length; i++) {
    const sig = (signatures[i] = numbering.of(pods[i]));
    if (sig === termsBySignature.length) termsBySignature.push(topology.termsOf(pods[i]));
  }
  const shapes: (PodShape | undefined)[] = new Array<PodShape | undefined>(termsBySignature.length);
  const bases = pods.map((p, i) => {
    const sig = signatures[i];
    let shape = shapes[sig];
    if (!shape) {
      const terms = { ...termsBySignature[sig], inverse: topology.inverseSelecting(p), selecting: topology.selectingGroups(p) };
      shapes[sig] = shape = podShape(p, terms);
    }
    return podBase(p, shape);
  });
  const scheduler = new Scheduler({
    pools,
    templates,
    existing,
    topology,
    limits: cache
      ? cache.remainingLimits(nodePools, opts.limitUsage ?? stateNodes, () => new RemainingLimits(nodePools, opts.limitUsage ?? stateNodes))
      : new RemainingLimits(nodePools, opts.limitUsage ?? stateNodes),
    maxInstanceTypes: opts.maxInstanceTypes ?? DEFAULT_MAX_INSTANCE_TYPES,
    ignorePreferences: opts.preferencePolicy === 'Ignore',
    hostnamePrefix: opts.hostnamePrefix ?? 'hostname-placeholder-',
    bestEffortMinValues: opts.minValuesPolicy === 'BestEffort',
    maxWork: opts.maxSchedulingWork !== undefined && opts.maxSchedulingWork > 0 ? opts.maxSchedulingWork : Infinity,
    ...(opts.stopAfterNewClaimsHolding ? { stopAfterNewClaimsHolding: opts.stopAfterNewClaimsHolding } : {}),
  });
  return scheduler.solve(bases);
}
