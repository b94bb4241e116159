import type { DaemonSet, Labels, Node, NodeClaim, NodeClaimStatus, Pod, PodDisruptionBudget, PodSpec, PriorityClass, Taint } from '../model/index.js';

/**
 * The Cluster port: what the engine and the baselines see of Kubernetes. Reads come from informer-like
 * caches (cheap, synchronous); writes are requests that the cluster applies (at once in simulation,
 * through the API server live) and then reports through `watch`.
 */
export type ClusterEvent =
  | { readonly kind: 'pod-added' | 'pod-updated' | 'pod-deleted'; readonly pod: Pod }
  | { readonly kind: 'node-added' | 'node-updated' | 'node-deleted'; readonly node: Node }
  | { readonly kind: 'nodeclaim-added' | 'nodeclaim-updated' | 'nodeclaim-deleted'; readonly nodeClaim: NodeClaim };

export type ClusterListener = (event: ClusterEvent) => void;

export type EvictionResult =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'pdb'; readonly pdb: string }
  | { readonly ok: false; readonly reason: 'not-found' };

export interface Cluster {
  pods(): Iterable<Pod>;
  pod(uid: string): Pod | undefined;
  podsOnNode(nodeName: string): Iterable<Pod>;
  /** Pods in phase Pending with no node (whatever their Unschedulable condition). */
  pendingPods(): Iterable<Pod>;
  nodes(): Iterable<Node>;
  node(name: string): Node | undefined;
  nodeClaims(): Iterable<NodeClaim>;
  nodeClaim(name: string): NodeClaim | undefined;
  pdbs(): readonly PodDisruptionBudget[];
  daemonSets(): readonly DaemonSet[];
  priorityClasses(): readonly PriorityClass[];
  watch(listener: ClusterListener): () => void;

  /** The PDB that would refuse evicting this pod now, if any. */
  evictionBlockedBy(podUid: string): string | undefined;
  /** Eviction API: refused while it would violate a PDB; otherwise the pod terminates gracefully. */
  evictPod(podUid: string): EvictionResult;
  /** Delete a pod now, without PDB checks (force delete at a node's termination deadline). */
  deletePod(podUid: string): void;

  createNodeClaim(claim: NodeClaim): void;
  updateNodeClaimStatus(name: string, patch: Partial<NodeClaimStatus>): void;
  /** Remove the NodeClaim object (after its termination finished). */
  deleteNodeClaim(name: string): void;

  /** Record (or clear) the node an in-flight pod is expected to land on. */
  nominatePod(podUid: string, nodeName: string | undefined): void;
  setNodeLabels(nodeName: string, labels: Labels): void;
  addNodeTaint(nodeName: string, taint: Taint): void;
  removeNodeTaint(nodeName: string, key: string): void;
  cordonNode(nodeName: string, cordoned: boolean): void;
  /** Delete the Node object; pods still bound to it are deleted with it. */
  deleteNode(nodeName: string): void;
}

/** Creating workload objects: used by the workload driver (simulation, `serve`) and by tests. */
export interface ClusterWorkloads {
  /** Create a bare pod (or one owned by `spec.owner`); returns the created pod. */
  createPod(spec: PodSpec, name?: string): Pod;
  /** Create or scale a Deployment; its ReplicaSet replaces pods that were evicted or lost. */
  scaleDeployment(namespace: string, name: string, replicas: number, template: PodSpec): void;
  /** A Job runs `completions` pods to completion with at most `parallelism` at once. */
  createJob(namespace: string, name: string, template: PodSpec, completions: number, parallelism: number): void;
  addPdb(pdb: PodDisruptionBudget): void;
  addDaemonSet(ds: DaemonSet): void;
}
