import { TaintKeys, ZERO, type DaemonSet, type Pod, type PodSpec, type Taint, type Toleration } from '../../model/index.js';
import { checkFit, type NodeView } from '../../scheduling/index.js';
import type { Clock } from '../../sim/clock.js';
import type { ClusterEvent } from '../cluster.js';
import { ownerKey, podOwnerKey, type ClusterStore } from './cluster-store.js';
import { DirtyQueue } from './dirty-queue.js';
import type { NodeState } from './node-state.js';

/** Tolerations the DaemonSet controller adds to every daemon pod (Kubernetes' AddOrUpdateDaemonPodTolerations). */
export const DAEMON_POD_TOLERATIONS: readonly Toleration[] = Object.freeze([
  { key: TaintKeys.notReady, operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: TaintKeys.unschedulable, operator: 'Exists', effect: 'NoSchedule' },
]);

const NO_PORTS: ReadonlySet<number> = new Set();

/**
 * DaemonSets: one pod per node the pod template may run on — its nodeSelector, required node affinity and
 * tolerations against the node's labels and taints, judged by the scheduling library's `checkFit` on an
 * empty node (resources are not a reason to skip a node: the pod is bound regardless). The not-ready taint
 * and startup taints still pending are ignored (node agents are expected to run before the node is up).
 * Pods are created bound when a node registers or changes, and when a DaemonSet is added; a daemon pod
 * that is gone is recreated while its node still matches. Daemon pods are never removed for label changes.
 */
export class DaemonSetController {
  private readonly daemonSets: { readonly ds: DaemonSet; readonly key: string; readonly spec: PodSpec }[] = [];
  private readonly queue: DirtyQueue;

  constructor(
    private readonly store: ClusterStore,
    clock: Clock,
    private readonly ignoredTaints: (nodeName: string) => readonly Taint[],
    private readonly createBoundPod: (spec: PodSpec, nodeName: string) => Pod,
  ) {
    this.queue = new DirtyQueue(clock, (nodeName) => this.reconcileNode(nodeName));
    store.watchInternal((e) => this.onEvent(e));
  }

  list(): readonly DaemonSet[] {
    return this.daemonSets.map((d) => d.ds);
  }

  add(ds: DaemonSet): void {
    const key = ownerKey(ds.namespace, 'DaemonSet', ds.name);
    if (this.daemonSets.some((d) => d.key === key)) throw new Error(`DaemonSet ${ds.namespace}/${ds.name} already exists`);
    const spec: PodSpec = {
      ...ds.template,
      namespace: ds.namespace,
      owner: { kind: 'DaemonSet', name: ds.name },
      tolerations: [...ds.template.tolerations, ...DAEMON_POD_TOLERATIONS],
    };
    const entry = { ds, key, spec };
    this.daemonSets.push(entry);
    for (const state of [...this.store.nodes.values()]) this.ensure(entry, state);
  }

  /** Would the DaemonSet run a pod on this node? */
  matches(spec: PodSpec, state: NodeState): boolean {
    const ignored = this.ignoredTaints(state.name);
    const taints = state.node.taints.filter(
      (t) => t.key !== TaintKeys.notReady && !ignored.some((i) => i.key === t.key && i.effect === t.effect && i.value === t.value),
    );
    const view: NodeView = {
      name: state.name,
      labels: state.node.labels,
      taints,
      allocatable: state.node.allocatable,
      requested: ZERO,
      hostPortsInUse: NO_PORTS,
      unschedulable: state.node.unschedulable,
    };
    return checkFit(spec, view) === undefined;
  }

  private onEvent(e: ClusterEvent): void {
    switch (e.kind) {
      case 'node-added':
      case 'node-updated':
        if (this.daemonSets.length > 0) this.queue.mark(e.node.name);
        return;
      case 'pod-deleted': {
        const nodeName = e.pod.status.nodeName;
        if (nodeName !== undefined && e.pod.owner?.kind === 'DaemonSet' && this.store.nodes.has(nodeName)) this.queue.mark(nodeName);
        return;
      }
      default:
        return;
    }
  }

  private reconcileNode(nodeName: string): void {
    const state = this.store.nodes.get(nodeName);
    if (!state) return;
    for (const entry of this.daemonSets) this.ensure(entry, state);
  }

  private ensure(entry: { readonly key: string; readonly spec: PodSpec }, state: NodeState): void {
    for (const pod of state.pods.values()) if (podOwnerKey(pod) === entry.key) return;
    if (!this.matches(entry.spec, state)) return;
    this.createBoundPod(entry.spec, state.name);
  }
}
