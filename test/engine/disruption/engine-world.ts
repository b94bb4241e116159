/**
 * The whole engine in a simulated world for disruption tests: SimClock, the real SimCluster, the real
 * MockEc2 (restricted catalog; spot reclaims off unless scripted), nodes registered from the mock's
 * boot events the way the runtime does it, and createKarpenterEngine with every controller. The
 * CloudProvider the engine sees is the mock with an event channel the test can also drive.
 */
import { loadCatalog } from '../../../src/catalog/index.js';
import type { CloudEvent, CloudProvider } from '../../../src/cloud/cloud-provider.js';
import { MockEc2, type MockEc2Options } from '../../../src/cloud/mock-ec2/index.js';
import { SimCluster } from '../../../src/cluster/sim/index.js';
import type { DisruptionOptions } from '../../../src/engine/disruption/options.js';
import { createKarpenterEngine, type KarpenterEngine } from '../../../src/engine/index.js';
import type { Decision, InstanceType, Node, NodeClaim, NodeClass, NodePool, Pod, PodSpec } from '../../../src/model/index.js';
import { bootstrapNodes, instanceLabels } from '../../../src/runtime/node-bootstrap.js';
import { RandomSource } from '../../../src/sim/random.js';
import { SimClock } from '../../../src/sim/sim-clock.js';
import { nodeClass, pool, podSpec, type PodOptions } from './world.js';

export interface EngineWorldOptions {
  readonly families?: readonly string[];
  readonly pools?: readonly NodePool[];
  readonly classes?: readonly NodeClass[];
  readonly disruption?: Partial<DisruptionOptions>;
  readonly ec2?: MockEc2Options;
  readonly seed?: number;
  readonly hashOf?: (pool: NodePool, nodeClass: NodeClass) => string;
  /** Which of disruption, expiration and interruption run (all by default). */
  readonly controllers?: { readonly disruption?: boolean; readonly expiration?: boolean; readonly interruption?: boolean };
}

export class EngineWorld {
  readonly clock = new SimClock();
  readonly cluster: SimCluster;
  readonly ec2: MockEc2;
  readonly engine: KarpenterEngine;
  readonly decisions: Decision[] = [];
  private readonly listeners: ((e: CloudEvent) => void)[] = [];
  private readonly types: Map<string, InstanceType>;

  constructor(o: EngineWorldOptions = {}) {
    const random = new RandomSource(o.seed ?? 3);
    const catalog = loadCatalog({ families: o.families ?? ['m5', 'c5', 'r5'] });
    this.types = new Map(catalog.map((t) => [t.name, t]));
    this.cluster = new SimCluster(this.clock, random, { tieBreak: 'name' });
    this.ec2 = new MockEc2(this.clock, random, catalog, { spot: { interruptions: false }, ...o.ec2 });
    this.ec2.onEvent((e) => this.listeners.forEach((l) => l(e)));
    const ec2 = this.ec2;
    const cloud: CloudProvider = {
      name: 'mock-ec2+scripted-events',
      instanceTypes: (c) => ec2.instanceTypes(c),
      launch: (r, done) => ec2.launch(r, done),
      terminate: (id, done) => ec2.terminate(id, done),
      get: (id, done) => ec2.get(id, done),
      list: (tags, done) => ec2.list(tags, done),
      onEvent: (l) => {
        this.listeners.push(l);
        return () => this.listeners.splice(this.listeners.indexOf(l), 1);
      },
    };
    this.engine = createKarpenterEngine({
      clock: this.clock,
      cluster: this.cluster,
      cloud,
      nodePools: o.pools ?? [pool()],
      nodeClasses: o.classes ?? [nodeClass()],
      decisions: { record: (d) => this.decisions.push(d) },
      ...(o.disruption ? { disruptionOptions: o.disruption } : {}),
      ...(o.controllers ? { controllers: o.controllers } : {}),
      ...(o.hashOf ? { hashOf: o.hashOf } : {}),
    });
    bootstrapNodes(this.ec2, this.cluster, (inst) => {
      const boot = this.engine.bootTemplateFor(inst);
      const it = this.types.get(inst.instanceType);
      if (!boot || !it) return undefined;
      return {
        labels: { ...instanceLabels(inst, it, 'us-east-1'), ...boot.labels },
        taints: boot.taints,
        startupTaints: boot.startupTaints,
        capacity: it.capacity,
        allocatable: it.allocatable,
      };
    });
    this.engine.start();
  }

  /** Deliver an interruption message as the cloud's event channel would. */
  emit(e: CloudEvent): void {
    this.listeners.forEach((l) => l(e));
  }

  deployment(name: string, replicas: number, o: PodOptions & Partial<Pick<PodSpec, 'affinity'>> = {}): void {
    const spec = podSpec({ ...o, labels: { app: name, ...o.labels } });
    this.cluster.scaleDeployment('default', name, replicas, { ...spec, ...(o.affinity ? { affinity: o.affinity } : {}) });
  }

  pod(spec: PodSpec): Pod {
    return this.cluster.createPod(spec);
  }

  runUntil(t: number): void {
    this.clock.run(t);
  }

  nodes(): Node[] {
    return [...this.cluster.nodes()];
  }

  claims(): NodeClaim[] {
    return [...this.cluster.nodeClaims()];
  }

  claimOfNode(node: string): NodeClaim | undefined {
    return this.claims().find((c) => c.status.nodeName === node);
  }

  podsOf(app: string): Pod[] {
    return [...this.cluster.pods()].filter((p) => p.labels.app === app);
  }

  decisionsOf(kind: string): Decision[] {
    return this.decisions.filter((d) => d.kind === kind);
  }

  /** Call `check` after every cluster change (for "at no time" assertions). */
  always(check: () => void): void {
    this.cluster.watch(() => check());
  }
}
