import type {
  DaemonSet,
  Labels,
  Node,
  NodeClaim,
  NodeClaimStatus,
  Pod,
  PodDisruptionBudget,
  PodSpec,
  PriorityClass,
  Taint,
} from '../../model/index.js';
import { LabelKeys, TaintKeys } from '../../model/index.js';
import { TopologyIndex } from '../../scheduling/index.js';
import { Priority, type Clock } from '../../sim/clock.js';
import type { RandomSource } from '../../sim/random.js';
import type { Cluster, ClusterListener, ClusterWorkloads, EvictionResult } from '../cluster.js';
import { ClusterStore } from './cluster-store.js';
import { DaemonSetController } from './daemonset-controller.js';
import { DisruptionBudgets } from './disruption-budgets.js';
import { JobController, type JobStatus } from './job-controller.js';
import { KubeScheduler } from './kube-scheduler.js';
import { Kubelet, type RegisterNodeSpec } from './kubelet.js';
import { resolveSimClusterOptions, type SimClusterOptions } from './options.js';
import { PodFactory } from './pod-factory.js';
import { ReplicaSetController } from './replicaset-controller.js';
import { TaintManager } from './taint-manager.js';

/**
 * The simulated Kubernetes cluster: an in-memory API (pods, nodes, NodeClaims, PDBs, DaemonSets,
 * PriorityClasses) with synchronous change notifications, a kube-scheduler model, a kubelet model, the
 * ReplicaSet, Job, DaemonSet and taint-eviction controllers, and the Eviction API with PDB checks.
 * Everything runs on the given Clock; randomness comes from the streams 'cluster/scheduler' (tie breaks)
 * and 'cluster/kubelet' (pod start delays), so a run is deterministic for a seed.
 *
 * Objects handed out (pods, nodes, NodeClaims) are the live ones: their status changes in place, and
 * every change is announced through `watch` right after it was made. Callers must not mutate them.
 */
export class SimCluster implements Cluster, ClusterWorkloads {
  readonly options: SimClusterOptions;
  private readonly store: ClusterStore;
  private readonly scheduler: KubeScheduler;
  private readonly kubelet: Kubelet;
  private readonly budgets: DisruptionBudgets;
  private readonly replicaSets: ReplicaSetController;
  private readonly jobs: JobController;
  private readonly daemons: DaemonSetController;
  private readonly factory: PodFactory;
  private readonly classes: PriorityClass[] = [];
  /** `nodes()` as an array, dropped when a node is added or removed. */
  private nodeList: readonly Node[] | undefined;

  constructor(
    private readonly clock: Clock,
    random: RandomSource,
    options: Partial<SimClusterOptions> = {},
  ) {
    this.options = resolveSimClusterOptions(options);
    this.store = new ClusterStore(clock, new TopologyIndex(), this.options.retainFinishedPods);
    this.factory = new PodFactory((uid) => this.store.pods.has(uid), () => this.classes);
    this.budgets = new DisruptionBudgets((key) => this.replicaSets.desiredReplicas(key));
    this.store.watchInternal((e) => {
      if (e.kind === 'node-added' || e.kind === 'node-deleted') this.nodeList = undefined;
      else if (e.kind === 'pod-added') this.budgets.podAdded(e.pod);
      else if (e.kind === 'pod-updated') this.budgets.podUpdated(e.pod);
      else if (e.kind === 'pod-deleted') this.budgets.podDeleted(e.pod);
    });
    this.scheduler = new KubeScheduler(this.store, clock, random.stream('cluster/scheduler'), this.options);
    this.kubelet = new Kubelet(this.store, clock, random.stream('cluster/kubelet'), this.options);
    new TaintManager(this.store, clock, this.options.notReadyTolerationSeconds, (pod) => this.kubelet.terminate(pod));
    const terminate = (pod: Pod): void => this.kubelet.terminate(pod);
    this.replicaSets = new ReplicaSetController(this.store, clock, (spec) => this.createPod(spec), terminate);
    this.jobs = new JobController(this.store, clock, (spec) => this.createPod(spec));
    this.daemons = new DaemonSetController(
      this.store,
      clock,
      (name) => this.kubelet.pendingStartupTaints(name),
      (spec, nodeName) => this.createBoundPod(spec, nodeName),
    );
  }

  // ---- reads ----

  pods(): Iterable<Pod> {
    return this.store.pods.values();
  }
  pod(uid: string): Pod | undefined {
    return this.store.pods.get(uid);
  }
  podsOnNode(nodeName: string): Iterable<Pod> {
    return this.store.nodes.get(nodeName)?.pods.values() ?? [];
  }
  pendingPods(): Iterable<Pod> {
    return this.store.pending.values();
  }
  nodes(): Iterable<Node> {
    // The Node objects in the store's order, kept between node additions and removals (read-only for callers).
    if (this.nodeList === undefined) this.nodeList = Object.freeze([...this.store.nodes.values()].map((s) => s.node));
    return this.nodeList;
  }
  node(name: string): Node | undefined {
    return this.store.nodes.get(name)?.node;
  }
  nodeClaims(): Iterable<NodeClaim> {
    return this.store.nodeClaims.values();
  }
  nodeClaim(name: string): NodeClaim | undefined {
    return this.store.nodeClaims.get(name);
  }
  pdbs(): readonly PodDisruptionBudget[] {
    return this.budgets.list();
  }
  daemonSets(): readonly DaemonSet[] {
    return this.daemons.list();
  }
  priorityClasses(): readonly PriorityClass[] {
    return this.classes;
  }
  watch(listener: ClusterListener): () => void {
    return this.store.watch(listener);
  }

  /** Counts for reports and benchmarks. */
  stats(): { pods: number; pending: number; nodes: number; bound: number; schedulingAttempts: number; unschedulableQueued: number } {
    return {
      schedulingAttempts: this.scheduler.attempts,
      pods: this.store.pods.size,
      pending: this.store.pending.size,
      nodes: this.store.nodes.size,
      bound: this.scheduler.bound,
      unschedulableQueued: this.scheduler.queue.unschedulableCount,
    };
  }

  // ---- eviction and deletion ----

  evictionBlockedBy(podUid: string): string | undefined {
    const pod = this.store.pods.get(podUid);
    return pod ? this.budgets.blockedBy(pod) : undefined;
  }

  /** Status.disruptionsAllowed of a PDB, or undefined when there is no such PDB. */
  disruptionsAllowed(namespace: string, name: string): number | undefined {
    return this.budgets.disruptionsAllowed(namespace, name);
  }

  evictPod(podUid: string): EvictionResult {
    const pod = this.store.pods.get(podUid);
    if (!pod) return { ok: false, reason: 'not-found' };
    if (pod.status.deletionAt !== undefined) return { ok: true };
    const pdb = this.budgets.blockedBy(pod);
    if (pdb !== undefined) return { ok: false, reason: 'pdb', pdb };
    this.kubelet.terminate(pod);
    return { ok: true };
  }

  deletePod(podUid: string): void {
    const pod = this.store.pods.get(podUid);
    if (!pod) return;
    if (pod.status.deletionAt === undefined) pod.status.deletionAt = this.clock.now();
    this.store.removePod(pod);
  }

  // ---- NodeClaims ----

  createNodeClaim(claim: NodeClaim): void {
    this.store.addNodeClaim({ ...claim, status: { ...claim.status } });
  }

  updateNodeClaimStatus(name: string, patch: Partial<NodeClaimStatus>): void {
    const claim = this.store.nodeClaims.get(name);
    if (!claim) throw new Error(`NodeClaim ${name} does not exist`);
    Object.assign(claim.status, patch);
    this.store.nodeClaimUpdated(claim);
  }

  deleteNodeClaim(name: string): void {
    this.store.removeNodeClaim(name);
  }

  // ---- nodes ----

  /** A kubelet registers a node: NotReady at first, Ready after `readyAfterSeconds`. */
  registerNode(spec: RegisterNodeSpec): Node {
    return this.kubelet.registerNode(spec);
  }

  /** The node turns Ready now (registered with `readyAfterSeconds: Infinity`: the mock EC2 decides when). */
  markNodeReady(nodeName: string): void {
    this.kubelet.markNodeReady(nodeName);
  }

  /** The node's kubelet fails: NotReady; its pods are evicted after their not-ready toleration (300 s by default). */
  markNodeNotReady(nodeName: string): void {
    this.kubelet.markNodeNotReady(nodeName);
  }

  nominatePod(podUid: string, nodeName: string | undefined): void {
    const pod = this.store.pods.get(podUid);
    if (!pod || pod.status.nodeName !== undefined || pod.status.nominatedNodeName === nodeName) return;
    if (nodeName === undefined) delete pod.status.nominatedNodeName;
    else pod.status.nominatedNodeName = nodeName;
    this.store.podUpdated(pod);
  }

  /** Merge these labels into the node's labels (a patch: other labels stay). */
  setNodeLabels(nodeName: string, labels: Labels): void {
    const node = this.mustNode(nodeName);
    node.labels = { ...node.labels, ...labels, [LabelKeys.hostname]: node.labels[LabelKeys.hostname] ?? nodeName };
    this.store.nodeUpdated(node);
  }

  /** Add a taint, replacing one with the same key and effect. */
  addNodeTaint(nodeName: string, taint: Taint): void {
    const node = this.mustNode(nodeName);
    node.taints = [...node.taints.filter((t) => !(t.key === taint.key && t.effect === taint.effect)), { ...taint }];
    this.store.nodeUpdated(node);
  }

  /** Remove every taint with this key. */
  removeNodeTaint(nodeName: string, key: string): void {
    const node = this.mustNode(nodeName);
    if (!node.taints.some((t) => t.key === key)) return;
    node.taints = node.taints.filter((t) => t.key !== key);
    this.store.nodeUpdated(node);
  }

  /** Cordon (spec.unschedulable; the node also gets the node.kubernetes.io/unschedulable taint) or uncordon. */
  cordonNode(nodeName: string, cordoned: boolean): void {
    const node = this.mustNode(nodeName);
    if (node.unschedulable === cordoned) return;
    node.unschedulable = cordoned;
    const rest = node.taints.filter((t) => t.key !== TaintKeys.unschedulable);
    node.taints = cordoned ? [...rest, { key: TaintKeys.unschedulable, effect: 'NoSchedule' }] : rest;
    this.store.nodeUpdated(node);
  }

  deleteNode(nodeName: string): void {
    const state = this.store.nodes.get(nodeName);
    if (!state) return;
    const now = this.clock.now();
    for (const pod of [...state.pods.values()]) {
      if (pod.status.deletionAt === undefined) pod.status.deletionAt = now;
      this.store.removePod(pod);
    }
    this.store.removeNode(nodeName);
  }

  private mustNode(name: string): Node {
    const node = this.store.nodes.get(name)?.node;
    if (!node) throw new Error(`node ${name} does not exist`);
    return node;
  }

  // ---- workloads ----

  createPod(spec: PodSpec, name?: string): Pod {
    const pod = this.factory.create(spec, this.clock.now(), name);
    this.store.addPod(pod);
    return pod;
  }

  /**
   * A pod already bound to `nodeName` and Running (an existing cluster's pods at time 0), named `name`
   * (which must be free). Owned pods count toward their controller like any other; one with
   * `durationSeconds` succeeds that long from now, as if the kubelet had just started it.
   */
  createRunningPod(spec: PodSpec, name: string, nodeName: string): Pod {
    if (!this.store.nodes.has(nodeName)) throw new Error(`cannot create pod ${spec.namespace}/${name}: node ${nodeName} does not exist`);
    const now = this.clock.now();
    const pod = this.factory.create(spec, now, name);
    pod.status.phase = 'Running';
    pod.status.nodeName = nodeName;
    pod.status.boundAt = now;
    pod.status.startedAt = now;
    this.store.addPod(pod);
    if (pod.durationSeconds !== undefined) {
      this.clock.schedule(
        Math.max(0, pod.durationSeconds),
        () => {
          if (this.store.pods.get(pod.uid) !== pod || pod.status.phase !== 'Running' || this.kubelet.isDead(nodeName)) return;
          this.store.finishPod(pod, 'Succeeded');
        },
        Priority.cluster,
      );
    }
    return pod;
  }

  private createBoundPod(spec: PodSpec, nodeName: string): Pod {
    const pod = this.factory.create(spec, this.clock.now());
    pod.status.nodeName = nodeName;
    pod.status.boundAt = this.clock.now();
    this.store.addPod(pod);
    return pod;
  }

  scaleDeployment(namespace: string, name: string, replicas: number, template: PodSpec): void {
    this.replicaSets.scale(namespace, name, replicas, template);
    this.budgets.scaleChanged();
  }

  createJob(namespace: string, name: string, template: PodSpec, completions: number, parallelism: number): void {
    this.jobs.create(namespace, name, template, completions, parallelism);
  }

  jobStatus(namespace: string, name: string): JobStatus | undefined {
    return this.jobs.status(namespace, name);
  }

  addPdb(pdb: PodDisruptionBudget): void {
    this.budgets.add(pdb, this.store.pods.values());
  }

  addDaemonSet(ds: DaemonSet): void {
    this.daemons.add(ds);
  }

  addPriorityClass(pc: PriorityClass): void {
    if (this.classes.some((c) => c.name === pc.name)) throw new Error(`PriorityClass ${pc.name} already exists`);
    this.classes.push(pc);
  }
}
