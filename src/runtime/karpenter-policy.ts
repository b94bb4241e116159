import type { Instance } from '../cloud/cloud-provider.js';
import { createKarpenterEngine, DEFAULT_ENGINE_OPTIONS, launchedNodeClaimStatus, Tags, templateHash } from '../engine/index.js';
import { LabelKeys, TaintKeys, ZERO, type InstanceType, type NodeClaim, type NodeClass, type NodePool } from '../model/index.js';
import { InputError } from '../scenario/errors.js';
import { Priority } from '../sim/clock.js';
import { instanceLabels, type NodeDecoration } from './node-bootstrap.js';
import type { InitialNode } from './initial-state.js';
import type { InitialNodeAdoption, Policy, PolicyContext } from './policy.js';

export const NODECLAIM_TAG = 'karpenter.sh/nodeclaim';

/**
 * The `karpenter` policy: the Karpenter-style engine provisions for the simulated cluster through the
 * mock EC2. A node of one of its instances carries the NodePool's template labels and taints, its startup
 * taints, and Karpenter's `unregistered` taint until the engine registers it (as on AWS, where the
 * kubelet starts with that taint); its allocatable follows the EC2NodeClass's kubelet settings.
 */
export function karpenterPolicy(ctx: PolicyContext): Policy {
  const setup = ctx.scenario.karpenter;
  if (!setup) throw new InputError([{ file: ctx.scenario.file, path: 'karpenter', message: 'the karpenter policy needs a "karpenter.manifests" section' }]);
  const pools = new Map<string, NodePool>(setup.nodePools.map((p) => [p.name, p]));
  const classes = new Map<string, NodeClass>(setup.nodeClasses.map((c) => [c.name, c]));
  const typesByClass = new Map<string, Map<string, InstanceType>>();
  const typesOf = (className: string): Map<string, InstanceType> => {
    let m = typesByClass.get(className);
    if (!m) {
      const nodeClass = classes.get(className);
      m = new Map(ctx.cloud.instanceTypes(nodeClass).map((it) => [it.name, it] as const));
      typesByClass.set(className, m);
    }
    return m;
  };
  const engine = createKarpenterEngine({
    clock: ctx.clock,
    cluster: ctx.cluster,
    cloud: ctx.cloud,
    nodePools: setup.nodePools,
    nodeClasses: setup.nodeClasses,
    decisions: ctx.decisions,
    options: {
      ...(setup.batchIdleSeconds !== undefined ? { batchIdleSeconds: setup.batchIdleSeconds } : {}),
      ...(setup.batchMaxSeconds !== undefined ? { batchMaxSeconds: setup.batchMaxSeconds } : {}),
      ...(setup.minValuesPolicy !== undefined ? { minValuesPolicy: setup.minValuesPolicy } : {}),
    },
    disruptionOptions: { ...(setup.spotToSpotConsolidation !== undefined ? { spotToSpotConsolidation: setup.spotToSpotConsolidation } : {}) },
    // `consolidation: false` turns the disruption controller off (emptiness, drift, consolidation);
    // expiration and interruption handling stay on.
    controllers: { disruption: setup.consolidation !== false },
  });
  // Scripted configuration changes (e.g. an AMI rollout): the engine sees the new objects at their time.
  for (const change of setup.changes) {
    ctx.clock.scheduleAt(change.atSeconds, () => {
      for (const p of change.nodePools) pools.set(p.name, p);
      for (const c of change.nodeClasses) {
        classes.set(c.name, c);
        typesByClass.delete(c.name);
      }
      engine.updateConfig({ nodePools: change.nodePools, nodeClasses: change.nodeClasses });
    }, Priority.world);
  }
  const decorate = (instance: Instance): NodeDecoration | undefined => {
    const claimName = instance.tags[NODECLAIM_TAG];
    const claim = claimName === undefined ? undefined : ctx.cluster.nodeClaim(claimName);
    const pool = pools.get(claim?.nodePoolName ?? instance.tags[LabelKeys.nodePool] ?? '');
    if (!pool) return undefined;
    const it = typesOf(claim?.nodeClassName ?? pool.nodeClassName).get(instance.instanceType);
    if (!it) return undefined;
    return {
      labels: { ...instanceLabels(instance, it, ctx.scenario.region), ...pool.labels, [LabelKeys.nodePool]: pool.name },
      taints: [...pool.taints, { key: TaintKeys.unregistered, effect: 'NoExecute' }],
      startupTaints: pool.startupTaints,
      capacity: it.capacity,
      allocatable: it.allocatable,
    };
  };
  const adoptInitialNode = (node: InitialNode): InitialNodeAdoption | undefined => {
    const pool = node.nodePool === undefined ? undefined : pools.get(node.nodePool);
    if (!pool) return undefined;
    const claimName = `${pool.name}-initial-${adoptedCount++}`;
    return {
      by: { nodePool: pool.name },
      tags: {
        ...(classes.get(pool.nodeClassName)?.tags ?? {}),
        [Tags.nodePool]: pool.name,
        [Tags.nodeClaim]: claimName,
        [Tags.nodeClass]: pool.nodeClassName,
        [Tags.cluster]: DEFAULT_ENGINE_OPTIONS.clusterName,
      },
      labels: { [LabelKeys.registered]: 'true', [LabelKeys.initialized]: 'true' },
      adopted: (instance, nodeName) => {
        const it = typesOf(pool.nodeClassName).get(instance.instanceType) ?? ctx.catalog.find((t) => t.name === instance.instanceType);
        ctx.cluster.createNodeClaim(adoptedNodeClaim(claimName, pool, classes.get(pool.nodeClassName), instance, nodeName, it, ctx.clock.now()));
      },
    };
  };
  let adoptedCount = 0;
  return { decorateNode: decorate, adoptInitialNode, start: () => engine.start(), stop: () => engine.stop() };
}

const OFFERING_KEYS: ReadonlySet<string> = new Set([LabelKeys.instanceType, LabelKeys.zone, LabelKeys.capacityType, LabelKeys.nodePool]);

/**
 * The NodeClaim of an initial node a NodePool manages: launched, registered and initialized now, for its
 * instance (type, zone, capacity type, price, allocatable under the NodeClass), with the NodePool's
 * current template hash (so only a later change drifts it).
 */
function adoptedNodeClaim(name: string, pool: NodePool, nodeClass: NodeClass | undefined, instance: Instance, nodeName: string, it: InstanceType | undefined, now: number): NodeClaim {
  return {
    name,
    nodePoolName: pool.name,
    nodeClassName: pool.nodeClassName,
    createdAt: now,
    requirements: [
      ...pool.requirements.filter((r) => !OFFERING_KEYS.has(r.key)),
      { key: LabelKeys.nodePool, operator: 'In', values: [pool.name] },
      { key: LabelKeys.instanceType, operator: 'In', values: [instance.instanceType] },
      { key: LabelKeys.zone, operator: 'In', values: [instance.zone] },
      { key: LabelKeys.capacityType, operator: 'In', values: [instance.capacityType] },
    ],
    instanceTypeOptions: [instance.instanceType],
    requests: ZERO,
    taints: pool.taints,
    startupTaints: pool.startupTaints,
    templateHash: templateHash(pool, nodeClass),
    status: {
      ...launchedNodeClaimStatus(instance, it, now),
      nodeName,
      registeredAt: now,
      initializedAt: now,
    },
  };
}
