import { loadCatalog } from '../../src/catalog/index.js';
import { SimCluster } from '../../src/cluster/sim/index.js';
import { createKarpenterEngine, type KarpenterEngine, type KarpenterEngineOptions } from '../../src/engine/index.js';
import { FakeCloudProvider } from '../../src/engine/testing/fake-cloud-provider.js';
import { nodePool, podSpec, type PodOptions } from '../../src/engine/testing/fixtures.js';
import { LabelKeys, type Decision, type InstanceType, type NodeClass, type NodePool, type Pod } from '../../src/model/index.js';
import { RandomSource } from '../../src/sim/random.js';
import { SimClock } from '../../src/sim/sim-clock.js';

export const DEFAULT_NODE_CLASS: NodeClass = { name: 'default', amiFamily: 'AL2023', amiId: 'ami-1', kubelet: {}, tags: { team: 'sim' }, recorded: {} };

export interface WorldOptions {
  readonly instanceTypes?: readonly InstanceType[];
  readonly nodePools?: readonly NodePool[];
  readonly options?: Partial<KarpenterEngineOptions>;
  /** Cloud API latency. Default 1 s. */
  readonly cloudLatencySeconds?: number;
  /** Launch → Node registered (NotReady). Default 30 s; Infinity: nodes never register. */
  readonly registerAfterSeconds?: number;
  /** Registered → Ready. Default 10 s. */
  readonly readyAfterSeconds?: number;
  /** Run without disruption, expiration and interruption (provisioning, lifecycle and termination only). */
  readonly controllersOff?: boolean;
}

/**
 * A small simulated world for engine tests: SimClock, the real SimCluster (kube-scheduler, kubelet),
 * the fake cloud with clock-delayed answers, the engine, and a stand-in for the runtime's node
 * bootstrap (a launched instance registers a Node with its NodeClaim's labels and taints).
 */
export class World {
  readonly clock = new SimClock();
  readonly cluster: SimCluster;
  readonly cloud: FakeCloudProvider;
  readonly engine: KarpenterEngine;
  readonly decisions: Decision[] = [];

  constructor(o: WorldOptions = {}) {
    const types = o.instanceTypes ?? loadCatalog({ families: ['c5', 'm5', 'r5'] });
    this.cluster = new SimCluster(this.clock, new RandomSource(7), { tieBreak: 'name' });
    this.cloud = new FakeCloudProvider({ instanceTypes: types, clock: this.clock, latencySeconds: o.cloudLatencySeconds ?? 1 });
    const registerAfter = o.registerAfterSeconds ?? 30;
    const readyAfter = o.readyAfterSeconds ?? 10;
    const launch = this.cloud.launch.bind(this.cloud);
    this.cloud.launch = (request, done) =>
      launch(request, (result) => {
        done(result);
        if (!result.ok || !Number.isFinite(registerAfter)) return;
        const inst = result.instance;
        this.clock.schedule(registerAfter, () => {
          const boot = this.engine.bootTemplateFor(inst);
          if (!boot || this.cloud.instance(inst.id)?.state === 'terminated') return;
          const it = types.find((t) => t.name === inst.instanceType)!;
          this.cluster.registerNode({
            name: `ip-${inst.id.slice(2)}`,
            labels: { ...it.labels, ...boot.labels, [LabelKeys.zone]: inst.zone, [LabelKeys.capacityType]: inst.capacityType },
            taints: boot.taints,
            startupTaints: boot.startupTaints,
            capacity: it.capacity,
            allocatable: it.allocatable,
            providerID: inst.providerID,
            readyAfterSeconds: readyAfter,
          });
        });
      });
    this.engine = createKarpenterEngine({
      clock: this.clock,
      cluster: this.cluster,
      cloud: this.cloud,
      nodePools: o.nodePools ?? [nodePool({ requirements: [{ key: LabelKeys.capacityType, operator: 'In', values: ['on-demand'] }] })],
      nodeClasses: [DEFAULT_NODE_CLASS],
      decisions: { record: (d) => this.decisions.push(d) },
      ...(o.options ? { options: o.options } : {}),
      ...(o.controllersOff ? { controllers: { disruption: false, expiration: false, interruption: false } } : {}),
    });
    this.engine.start();
  }

  createPods(count: number, o: PodOptions = {}): Pod[] {
    return Array.from({ length: count }, () => this.cluster.createPod(podSpec(o)));
  }

  runUntil(t: number): void {
    this.clock.run(t);
  }

  /** Instance types launched, in launch order. */
  launchedTypes(): string[] {
    return this.decisions.filter((d) => d.kind === 'launch').map((d) => String(d.instanceType));
  }

  decisionsOf(kind: string): Decision[] {
    return this.decisions.filter((d) => d.kind === kind);
  }

  provisionerBatches(): number {
    return this.engine.provisioner.batches;
  }

  boundPods(): Pod[] {
    return [...this.cluster.pods()].filter((p) => p.status.nodeName !== undefined);
  }
}
