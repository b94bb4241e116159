import { LabelKeys, TaintKeys, type Labels, type Node, type Pod, type Resources, type Taint } from '../../model/index.js';
import { Priority, type Clock, type TimerHandle } from '../../sim/clock.js';
import type { RandomStream } from '../../sim/random.js';
import type { ClusterEvent } from '../cluster.js';
import type { ClusterStore } from './cluster-store.js';
import type { SimClusterOptions } from './options.js';

/** A node joining the cluster (what a booted instance's kubelet registers). */
export interface RegisterNodeSpec {
  readonly name: string;
  readonly labels: Labels;
  /** Taints the node keeps (NodePool/node-group taints). */
  readonly taints?: readonly Taint[];
  /** Taints an agent removes once the node is up (Karpenter startupTaints); removed `startupTaintsRemovedAfterSeconds` after Ready. */
  readonly startupTaints?: readonly Taint[];
  readonly capacity: Resources;
  readonly allocatable: Resources;
  readonly providerID: string;
  readonly annotations?: Readonly<Record<string, string>>;
  /** Registration → Ready; the cluster's `nodeReadyAfterSeconds` option when absent; `Infinity`: only `markNodeReady` makes it Ready. */
  readonly readyAfterSeconds?: number;
  /** Ready → startup taints removed. Default 0 (removed together with the not-ready taint). */
  readonly startupTaintsRemovedAfterSeconds?: number;
}

export const NOT_READY_NO_SCHEDULE: Taint = Object.freeze({ key: TaintKeys.notReady, effect: 'NoSchedule' });
export const NOT_READY_NO_EXECUTE: Taint = Object.freeze({ key: TaintKeys.notReady, effect: 'NoExecute' });

function sameTaint(a: Taint, b: Taint): boolean {
  return a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');
}

/**
 * The kubelet model: nodes register NotReady (tainted `node.kubernetes.io/not-ready:NoSchedule` plus
 * their startup taints) and become Ready after a delay; bound pods start after a sampled delay (stream
 * 'cluster/kubelet'); pods with `durationSeconds` succeed that long after starting; gracefully deleted
 * pods exit after min(terminationGracePeriodSeconds, podShutdownSeconds). A node marked NotReady has a
 * dead kubelet: its pods neither start nor finish terminating until the node is deleted.
 */
export class Kubelet {
  private readonly startTimers = new Map<string, TimerHandle>();
  private readonly finishTimers = new Map<string, TimerHandle>();
  private readonly terminateTimers = new Map<string, TimerHandle>();
  private readonly readyTimers = new Map<string, TimerHandle>();
  private readonly startupDelays = new Map<string, number>();
  private readonly startupTaints = new Map<string, readonly Taint[]>();
  private readonly dead = new Set<string>();

  constructor(
    private readonly store: ClusterStore,
    private readonly clock: Clock,
    private readonly random: RandomStream,
    private readonly options: SimClusterOptions,
  ) {
    store.watchInternal((e) => this.onEvent(e));
  }

  /** Startup taints a node was registered with and still carries (the DaemonSet controller ignores them). */
  pendingStartupTaints(nodeName: string): readonly Taint[] {
    return this.startupTaints.get(nodeName) ?? [];
  }

  isDead(nodeName: string): boolean {
    return this.dead.has(nodeName);
  }

  registerNode(spec: RegisterNodeSpec): Node {
    const startup = spec.startupTaints ?? [];
    const node: Node = {
      name: spec.name,
      labels: { [LabelKeys.hostname]: spec.name, ...spec.labels },
      taints: [...(spec.taints ?? []), ...startup, NOT_READY_NO_SCHEDULE],
      annotations: { ...(spec.annotations ?? {}) },
      capacity: spec.capacity,
      allocatable: spec.allocatable,
      providerID: spec.providerID,
      ready: false,
      unschedulable: false,
      createdAt: this.clock.now(),
    };
    if (startup.length > 0) this.startupTaints.set(node.name, startup);
    this.store.addNode(node);
    const readyAfter = spec.readyAfterSeconds ?? this.options.nodeReadyAfterSeconds;
    const startupAfter = spec.startupTaintsRemovedAfterSeconds ?? 0;
    this.startupDelays.set(node.name, startupAfter);
    if (Number.isFinite(readyAfter)) {
      this.readyTimers.set(
        node.name,
        this.clock.schedule(readyAfter, () => this.becomeReady(node, startupAfter), Priority.cluster),
      );
    }
    return node;
  }

  /** The node turns Ready now (for a node registered with `readyAfterSeconds: Infinity`, whose readiness someone else decides). */
  markNodeReady(name: string): void {
    const state = this.store.nodes.get(name);
    if (!state) throw new Error(`markNodeReady: node ${name} does not exist`);
    if (state.node.ready || this.dead.has(name)) return;
    const timer = this.readyTimers.get(name);
    if (timer) this.clock.cancel(timer);
    this.becomeReady(state.node, this.startupDelays.get(name) ?? 0);
  }

  private becomeReady(node: Node, startupAfter: number): void {
    this.readyTimers.delete(node.name);
    this.startupDelays.delete(node.name);
    if (this.store.nodes.get(node.name)?.node !== node || this.dead.has(node.name)) return;
    node.ready = true;
    node.readyAt = this.clock.now();
    node.taints = node.taints.filter((t) => t.key !== TaintKeys.notReady);
    if (startupAfter <= 0) this.removeStartupTaints(node, false);
    else this.clock.schedule(startupAfter, () => this.removeStartupTaints(node, true), Priority.cluster);
    this.store.nodeUpdated(node);
  }

  private removeStartupTaints(node: Node, notify: boolean): void {
    const startup = this.startupTaints.get(node.name);
    if (!startup) return;
    this.startupTaints.delete(node.name);
    if (this.store.nodes.get(node.name)?.node !== node) return;
    node.taints = node.taints.filter((t) => !startup.some((s) => sameTaint(s, t)));
    if (notify) this.store.nodeUpdated(node);
  }

  /** The node's kubelet stops responding: NotReady, tainted not-ready NoSchedule and NoExecute. */
  markNodeNotReady(name: string): void {
    const state = this.store.nodes.get(name);
    if (!state) throw new Error(`markNodeNotReady: node ${name} does not exist`);
    const node = state.node;
    this.dead.add(name);
    const timer = this.readyTimers.get(name);
    if (timer) this.clock.cancel(timer);
    this.readyTimers.delete(name);
    node.ready = false;
    const taints = node.taints.filter((t) => t.key !== TaintKeys.notReady);
    node.taints = [...taints, NOT_READY_NO_SCHEDULE, NOT_READY_NO_EXECUTE];
    this.store.nodeUpdated(node);
  }

  /**
   * Graceful deletion: the pod is marked terminating at once and removed after
   * min(terminationGracePeriodSeconds, podShutdownSeconds); an unbound pod is removed at once.
   */
  terminate(pod: Pod): void {
    if (this.store.pods.get(pod.uid) !== pod) return;
    if (pod.status.nodeName === undefined) {
      if (pod.status.deletionAt === undefined) pod.status.deletionAt = this.clock.now();
      this.store.removePod(pod);
      return;
    }
    if (pod.status.deletionAt !== undefined) return;
    pod.status.deletionAt = this.clock.now();
    this.cancel(this.startTimers, pod.uid);
    this.store.podUpdated(pod);
    const delay = Math.min(pod.terminationGracePeriodSeconds, this.options.podShutdownSeconds);
    this.terminateTimers.set(
      pod.uid,
      this.clock.schedule(Math.max(0, delay), () => this.terminated(pod), Priority.cluster),
    );
  }

  private terminated(pod: Pod): void {
    this.terminateTimers.delete(pod.uid);
    const nodeName = pod.status.nodeName;
    if (nodeName !== undefined && this.dead.has(nodeName)) return; // nobody confirms the exit
    this.store.removePod(pod);
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'pod-added':
      case 'pod-updated': {
        const pod = e.pod;
        if (pod.status.nodeName !== undefined && pod.status.phase === 'Pending' && pod.status.deletionAt === undefined) {
          if (!this.startTimers.has(pod.uid)) this.planStart(pod);
        }
        return;
      }
      case 'pod-deleted':
        this.cancel(this.startTimers, e.pod.uid);
        this.cancel(this.finishTimers, e.pod.uid);
        this.cancel(this.terminateTimers, e.pod.uid);
        return;
      case 'node-deleted':
        this.dead.delete(e.node.name);
        this.startupTaints.delete(e.node.name);
        this.cancel(this.readyTimers, e.node.name);
        return;
      default:
        return;
    }
  }

  private planStart(pod: Pod): void {
    const { median, p95 } = this.options.podStartSeconds;
    const delay = p95 > median ? this.random.lognormal(median, p95) : median;
    this.startTimers.set(
      pod.uid,
      this.clock.schedule(delay, () => this.start(pod), Priority.cluster),
    );
  }

  private start(pod: Pod): void {
    this.startTimers.delete(pod.uid);
    if (this.store.pods.get(pod.uid) !== pod || pod.status.phase !== 'Pending' || pod.status.deletionAt !== undefined) return;
    const nodeName = pod.status.nodeName;
    if (nodeName === undefined || this.dead.has(nodeName)) return;
    pod.status.phase = 'Running';
    pod.status.startedAt = this.clock.now();
    this.store.podUpdated(pod);
    if (pod.durationSeconds !== undefined) {
      this.finishTimers.set(
        pod.uid,
        this.clock.schedule(Math.max(0, pod.durationSeconds), () => this.finish(pod), Priority.cluster),
      );
    }
  }

  private finish(pod: Pod): void {
    this.finishTimers.delete(pod.uid);
    const nodeName = pod.status.nodeName;
    if (nodeName !== undefined && this.dead.has(nodeName)) return;
    this.store.finishPod(pod, 'Succeeded');
  }

  private cancel(timers: Map<string, TimerHandle>, key: string): void {
    const t = timers.get(key);
    if (t) {
      this.clock.cancel(t);
      timers.delete(key);
    }
  }
}
