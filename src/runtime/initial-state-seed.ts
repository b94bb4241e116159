import type { Instance } from '../cloud/cloud-provider.js';
import type { MockEc2 } from '../cloud/mock-ec2/index.js';
import type { SimCluster } from '../cluster/sim/index.js';
import { TaintKeys, type Decision, type DecisionSink, type InstanceType, type Taint } from '../model/index.js';
import { InputError } from '../scenario/errors.js';
import type { Clock } from '../sim/clock.js';
import type { InitialState } from './initial-state.js';
import { instanceLabels, NODE_NAME_TAG } from './node-bootstrap.js';
import type { Policy } from './policy.js';

export const INITIAL_STATE_ACTOR = 'fleetsim/initial-state';

/** Tag on every initial-state instance (its value: the node's index in initialState.nodes). */
export const INITIAL_NODE_TAG = 'fleetsim.io/initial-node';

export interface SeedWorld {
  readonly clock: Clock;
  readonly ec2: MockEc2;
  readonly cluster: SimCluster;
  readonly catalog: readonly InstanceType[];
  readonly region: string;
  /** Scenario file, for errors. */
  readonly file: string;
}

/** What the `initial-state` decision says. */
export interface SeedCounts {
  readonly nodes: number;
  readonly adoptedByNodePool: Readonly<Record<string, number>>;
  readonly adoptedByNodeGroup: Readonly<Record<string, number>>;
  readonly unmanaged: number;
  readonly podsBound: number;
  readonly podsPending: number;
  readonly controllers: number;
}

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');
}

function mergeTaints(a: readonly Taint[], b: readonly Taint[]): Taint[] {
  const out = [...a];
  for (const t of b) if (!out.some((x) => sameTaint(x, t))) out.push(t);
  return out;
}

/**
 * Build the scenario's existing cluster at the current time (0), before the policy starts: for each
 * node an instance (running at once, billed from now at its pool's price) whose node is registered and
 * Ready — adopted by the policy when it says so (`adoptInitialNode`), otherwise unmanaged (no policy
 * touches it); then the listed pods, bound and Running or Pending; then the controllers, which count the
 * listed pods they own and top up to their replicas (or Job parallelism). DaemonSet pods follow from the
 * DaemonSet controller. Logs one `initial-state` decision and returns its counts.
 */
export function seedInitialState(w: SeedWorld, state: InitialState, policy: Policy, decisions: DecisionSink): SeedCounts {
  const byType = new Map(w.catalog.map((it) => [it.name, it] as const));
  const adoptedByNodePool: Record<string, number> = {};
  const adoptedByNodeGroup: Record<string, number> = {};
  let unmanaged = 0;
  for (const [i, node] of state.nodes.entries()) {
    const adoption = policy.adoptInitialNode?.(node);
    const launched = w.ec2.launchNow(
      {
        nodeClaimName: adoption?.tags['karpenter.sh/nodeclaim'] ?? node.name,
        nodePoolName: node.nodePool ?? 'initial',
        nodeClassName: 'initial',
        capacityType: node.capacityType,
        overrides: [{ instanceType: node.instanceType, zone: node.zone, capacityType: node.capacityType }],
        tags: { ...(adoption?.tags ?? {}), [NODE_NAME_TAG]: node.name, [INITIAL_NODE_TAG]: String(i) },
      },
      { prewarmed: true },
    );
    if (!launched.ok) {
      throw new InputError([
        { file: w.file, path: `initialState.nodes[${i}]`, message: `node "${node.name}" (${node.instanceType} ${node.capacityType} in ${node.zone}) could not be created: ${launched.error.code}: ${launched.error.message}` },
      ]);
    }
    const instance: Instance = launched.instance;
    const it = byType.get(node.instanceType);
    const d = adoption ? policy.decorateNode(instance) : undefined;
    w.cluster.registerNode({
      name: node.name,
      labels: { ...instanceLabels(instance, it, w.region), ...(d?.labels ?? {}), ...(adoption?.labels ?? {}), ...node.labels },
      // already initialized: no startup taints, no karpenter.sh/unregistered
      taints: mergeTaints((d?.taints ?? []).filter((t) => t.key !== TaintKeys.unregistered), node.taints),
      startupTaints: [],
      capacity: d?.capacity ?? it?.capacity ?? instanceCapacityMissing(node.instanceType),
      allocatable: d?.allocatable ?? it?.allocatable ?? instanceCapacityMissing(node.instanceType),
      providerID: instance.providerID,
      readyAfterSeconds: Infinity,
    });
    w.cluster.markNodeReady(node.name);
    if (adoption) {
      adoption.adopted?.(instance, node.name);
      if ('nodePool' in adoption.by) adoptedByNodePool[adoption.by.nodePool] = (adoptedByNodePool[adoption.by.nodePool] ?? 0) + 1;
      else adoptedByNodeGroup[adoption.by.nodeGroup] = (adoptedByNodeGroup[adoption.by.nodeGroup] ?? 0) + 1;
    } else {
      unmanaged++;
    }
  }
  let podsBound = 0;
  let podsPending = 0;
  for (const p of state.pods) {
    if (p.node !== undefined) {
      w.cluster.createRunningPod(p.spec, p.name, p.node);
      podsBound++;
    } else {
      w.cluster.createPod(p.spec, p.name);
      podsPending++;
    }
  }
  for (const c of state.controllers) {
    if (c.kind === 'Job') w.cluster.createJob(c.namespace, c.name, c.template, c.completions, c.parallelism);
    else w.cluster.scaleDeployment(c.namespace, c.name, c.replicas, c.template);
  }
  const counts: SeedCounts = {
    nodes: state.nodes.length,
    adoptedByNodePool,
    adoptedByNodeGroup,
    unmanaged,
    podsBound,
    podsPending,
    controllers: state.controllers.length,
  };
  const decision: Decision = {
    at: w.clock.now(),
    actor: INITIAL_STATE_ACTOR,
    kind: 'initial-state',
    reason: 'the scenario starts from an existing cluster',
    ...counts,
  };
  decisions.record(decision);
  return counts;
}

function instanceCapacityMissing(type: string): never {
  throw new Error(`initial node: instance type ${type} is not in the catalog`);
}
