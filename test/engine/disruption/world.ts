/**
 * A small simulated world for disruption tests: SimCluster + MockEc2 (restricted catalog), nodes created
 * directly as initialized NodeClaims with registered Nodes (prewarmed instances), pods pinned to nodes,
 * and the DisruptionDeps the disruption code needs, with a launcher and a terminator that only record.
 */
import { CommandQueue } from '../../../src/engine/disruption/command-queue.js';
import { DisruptionController } from '../../../src/engine/disruption/controller.js';
import { defaultMethods } from '../../../src/engine/disruption/index.js';
import type { Command } from '../../../src/engine/disruption/types.js';
import { loadCatalog } from '../../../src/catalog/index.js';
import { MockEc2 } from '../../../src/cloud/mock-ec2/index.js';
import { SimCluster } from '../../../src/cluster/sim/index.js';
import { DisruptionDecisions } from '../../../src/engine/disruption/decisions.js';
import { resolveDisruptionOptions, type DisruptionOptions } from '../../../src/engine/disruption/options.js';
import { DisruptionPass } from '../../../src/engine/disruption/pass.js';
import { PodEvents } from '../../../src/engine/disruption/pod-events.js';
import type { DisruptionDeps, EngineConfigView } from '../../../src/engine/disruption/ports.js';
import type { PlannedNodeClaim } from '../../../src/engine/provisioning/simulation/index.js';
import { ClusterState } from '../../../src/engine/state/cluster-state.js';
import {
  LabelKeys,
  resources,
  type CapacityType,
  type Decision,
  type InstanceType,
  type NodeClass,
  type NodePool,
  type Pod,
  type PodSpec,
} from '../../../src/model/index.js';
import { RandomSource } from '../../../src/sim/random.js';
import { SimClock } from '../../../src/sim/sim-clock.js';

export const ZONE = 'us-east-1a';

export function nodeClass(o: Partial<NodeClass> = {}): NodeClass {
  return { name: 'default', amiFamily: 'AL2023', amiId: 'ami-1', kubelet: {}, tags: {}, recorded: {}, ...o };
}

export interface PoolOptions {
  readonly name?: string;
  readonly requirements?: NodePool['requirements'];
  readonly budgets?: NodePool['disruption']['budgets'];
  readonly consolidationPolicy?: NodePool['disruption']['consolidationPolicy'];
  /** undefined = Never; default 0. */
  readonly consolidateAfterSeconds?: number | 'Never';
  readonly expireAfterSeconds?: number;
  readonly terminationGracePeriodSeconds?: number;
}

export function pool(o: PoolOptions = {}): NodePool {
  const after = o.consolidateAfterSeconds ?? 0;
  return {
    name: o.name ?? 'default',
    weight: 0,
    labels: {},
    taints: [],
    startupTaints: [],
    requirements: o.requirements ?? [],
    nodeClassName: 'default',
    ...(o.expireAfterSeconds !== undefined ? { expireAfterSeconds: o.expireAfterSeconds } : {}),
    ...(o.terminationGracePeriodSeconds !== undefined ? { terminationGracePeriodSeconds: o.terminationGracePeriodSeconds } : {}),
    disruption: {
      consolidationPolicy: o.consolidationPolicy ?? 'WhenEmptyOrUnderutilized',
      ...(after === 'Never' ? {} : { consolidateAfterSeconds: after }),
      budgets: o.budgets ?? [{ nodes: '10%' }],
    },
    limits: {},
  };
}

/** A configuration the test can change (what `applyConfig` does in the engine). */
export class TestConfig implements EngineConfigView {
  revision = 0;
  constructor(
    public pools: NodePool[],
    public classes: NodeClass[],
  ) {}
  nodePools(): readonly NodePool[] {
    return this.pools;
  }
  nodePool(name: string): NodePool | undefined {
    return this.pools.find((p) => p.name === name);
  }
  nodeClass(name: string): NodeClass | undefined {
    return this.classes.find((c) => c.name === name);
  }
  set(pools: NodePool[], classes: NodeClass[] = this.classes): void {
    this.pools = pools;
    this.classes = classes;
    this.revision++;
  }
}

export interface PodOptions {
  readonly cpuMillis?: number;
  readonly memoryMiB?: number;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
  readonly priority?: number;
}

export function podSpec(o: PodOptions & { nodeSelector?: Record<string, string> } = {}): PodSpec {
  return {
    namespace: 'default',
    labels: o.labels ?? {},
    annotations: o.annotations ?? {},
    requests: resources({ cpuMillis: o.cpuMillis ?? 0, memoryMiB: o.memoryMiB ?? 0 }),
    nodeSelector: o.nodeSelector ?? {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: o.priority ?? 0,
    terminationGracePeriodSeconds: 30,
  };
}

export interface WorldOptions {
  readonly families?: readonly string[];
  readonly pools?: NodePool[];
  readonly classes?: NodeClass[];
  readonly disruption?: Partial<DisruptionOptions>;
  readonly seed?: number;
}

export class DisruptionWorld {
  readonly clock = new SimClock();
  readonly random: RandomSource;
  readonly cluster: SimCluster;
  readonly ec2: MockEc2;
  readonly state: ClusterState;
  readonly config: TestConfig;
  readonly decisions: Decision[] = [];
  readonly launched: PlannedNodeClaim[] = [];
  readonly deleted: string[] = [];
  readonly deps: DisruptionDeps;
  readonly podEvents: PodEvents;
  readonly disruptionDecisions: DisruptionDecisions;
  private seq = 0;

  constructor(o: WorldOptions = {}) {
    this.random = new RandomSource(o.seed ?? 1);
    this.cluster = new SimCluster(this.clock, this.random, { tieBreak: 'name' });
    const catalog = loadCatalog({ families: o.families ?? ['m5', 'c5', 'r5'] });
    this.ec2 = new MockEc2(this.clock, this.random, catalog, { spot: { interruptions: false } });
    this.state = new ClusterState(this.cluster, this.clock);
    this.config = new TestConfig(o.pools ?? [pool()], o.classes ?? [nodeClass()]);
    const types = (): readonly InstanceType[] => this.ec2.instanceTypes(this.config.classes[0]);
    const index = new WeakMap<readonly InstanceType[], Map<string, InstanceType>>();
    const lookup = (name: string): InstanceType | undefined => {
      const list = types();
      let m = index.get(list);
      if (!m) index.set(list, (m = new Map(list.map((t) => [t.name, t]))));
      return m.get(name);
    };
    this.deps = {
      clock: this.clock,
      cluster: this.cluster,
      state: this.state,
      config: this.config,
      instanceTypes: { forPool: () => types(), lookup },
      isOfferingAvailable: (_it, off) => off.available,
      launcher: {
        launch: (planned) => {
          this.launched.push(planned);
          return { ok: true, nodeClaimName: `replacement-${this.launched.length}` };
        },
      },
      terminator: {
        delete: (name) => {
          this.deleted.push(name);
          if (this.cluster.nodeClaim(name)?.status.deletionAt === undefined) this.cluster.updateNodeClaimStatus(name, { deletionAt: this.clock.now() });
        },
      },
      decisions: { record: (d) => this.decisions.push(d) },
      options: resolveDisruptionOptions(o.disruption),
      simulation: { maxInstanceTypes: 600, preferencePolicy: 'Respect' },
    };
    this.podEvents = new PodEvents(this.cluster, this.clock, this.deps.options.podEventDedupeSeconds);
    this.disruptionDecisions = new DisruptionDecisions(this.deps.decisions, () => this.clock.now());
  }

  instanceType(name: string): InstanceType {
    const it = this.deps.instanceTypes.lookup(name, 'default');
    if (!it) throw new Error(`no instance type ${name}`);
    return it;
  }

  price(name: string, zone = ZONE, ct: CapacityType = 'on-demand'): number {
    const o = this.instanceType(name).offerings.find((x) => x.zone === zone && x.capacityType === ct);
    if (!o) throw new Error(`no offering ${name}/${zone}/${ct}`);
    return o.pricePerHour;
  }

  /** An initialized, Karpenter-managed node of this type (a prewarmed instance with its NodeClaim). Returns the node name. */
  addNode(type: string, o: { zone?: string; capacityType?: CapacityType; pool?: string; name?: string } = {}): string {
    const zone = o.zone ?? ZONE;
    const ct = o.capacityType ?? 'on-demand';
    const poolName = o.pool ?? this.config.pools[0].name;
    const n = this.seq++;
    const claimName = `claim-${n}`;
    const nodeName = o.name ?? `node-${n}`;
    const launched = this.ec2.launchNow(
      { nodeClaimName: claimName, nodePoolName: poolName, nodeClassName: 'default', capacityType: ct, overrides: [{ instanceType: type, zone, capacityType: ct }], tags: { 'karpenter.sh/nodeclaim': claimName } },
      { prewarmed: true },
    );
    if (!launched.ok) throw launched.error;
    const inst = launched.instance;
    const it = this.instanceType(type);
    const now = this.clock.now();
    this.cluster.createNodeClaim({
      name: claimName,
      nodePoolName: poolName,
      nodeClassName: 'default',
      createdAt: now,
      requirements: [],
      instanceTypeOptions: [type],
      requests: resources(),
      taints: [],
      startupTaints: [],
      templateHash: '',
      status: {
        providerID: inst.providerID,
        instanceId: inst.id,
        instanceType: type,
        zone,
        capacityType: ct,
        pricePerHour: inst.pricePerHour,
        nodeName,
        launchRequestedAt: now,
        launchedAt: now,
        registeredAt: now,
        initializedAt: now,
      },
    });
    this.cluster.registerNode({
      name: nodeName,
      labels: { ...it.labels, [LabelKeys.hostname]: nodeName, [LabelKeys.zone]: zone, [LabelKeys.capacityType]: ct, [LabelKeys.nodePool]: poolName },
      capacity: it.capacity,
      allocatable: it.allocatable,
      providerID: inst.providerID,
      readyAfterSeconds: 0,
    });
    return nodeName;
  }

  /**
   * Bare pods placed on a node by kube-scheduler (every other node cordoned meanwhile), with no constraint
   * keeping them there: they may be rescheduled anywhere later. They start once the clock runs.
   */
  addPods(nodeName: string, count: number, o: PodOptions = {}): Pod[] {
    const others = [...this.cluster.nodes()].filter((n) => n.name !== nodeName && !n.unschedulable).map((n) => n.name);
    for (const n of others) this.cluster.cordonNode(n, true);
    const out: Pod[] = [];
    for (let i = 0; i < count; i++) out.push(this.cluster.createPod(podSpec(o)));
    this.run(0.1);
    for (const n of others) this.cluster.cordonNode(n, false);
    for (const p of out) if (p.status.nodeName !== nodeName) throw new Error(`pod ${p.name} did not bind to ${nodeName}`);
    return out;
  }

  run(seconds: number): void {
    this.clock.run(this.clock.now() + seconds);
  }

  pass(inFlight: ReadonlySet<string> = new Set()): DisruptionPass {
    return new DisruptionPass(this.deps, this.podEvents, this.disruptionDecisions, inFlight);
  }

  decisionsOf(kind: string): Decision[] {
    return this.decisions.filter((d) => d.kind === kind);
  }
}


/** The disruption controller over a world (no loops: tests call reconcile themselves). */
export function controllerOf(world: DisruptionWorld): { controller: DisruptionController; queue: CommandQueue; firstCommand(): Command | undefined } {
  const queue = new CommandQueue(world.deps, world.disruptionDecisions);
  const controller = new DisruptionController(world.deps, defaultMethods(), queue, world.podEvents, world.disruptionDecisions);
  return {
    controller,
    queue,
    firstCommand() {
      controller.reconcile();
      return controller.waiting;
    },
  };
}
