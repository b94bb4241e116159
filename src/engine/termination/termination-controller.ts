import type { CloudProvider } from '../../cloud/cloud-provider.js';
import { isNotFoundError } from '../../cloud/errors.js';
import type { Cluster, ClusterEvent } from '../../cluster/cluster.js';
import { TaintKeys, type DecisionSink, type Node, type NodeClaim, type NodePool } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import { ControllerLoop, type Controller } from '../../sim/controller-loop.js';
import { ACTORS, type KarpenterEngineOptions } from '../options.js';
import type { ClusterState } from '../state/cluster-state.js';
import { DISRUPTED_TAINT, drainable, drainTiers } from './drain.js';
import { evictionBackoff, isDoNotDisrupt, podDeleteBy, terminationDeadline } from './grace.js';

export interface TerminationDeps {
  readonly clock: Clock;
  readonly cluster: Cluster;
  readonly cloud: CloudProvider;
  readonly state: ClusterState;
  readonly decisions: DecisionSink;
  readonly options: KarpenterEngineOptions;
  /** The NodePools in force, for their terminationGracePeriod (none without it). */
  readonly config?: { nodePool(name: string): NodePool | undefined };
}

/**
 * Termination of deleted NodeClaims: taint the node `karpenter.sh/disrupted:NoSchedule` and cordon it,
 * evict its pods tier by tier through the Eviction API (PDB refusals retried with exponential backoff;
 * do-not-disrupt pods are not evicted), terminate the instance (until the cloud says it is gone), then
 * remove the Node and the NodeClaim. With a NodePool terminationGracePeriod, each pod is deleted at the
 * latest at deadline − its own grace period, and at the deadline the drain is over whatever is left.
 */
export class TerminationController implements Controller {
  readonly name = ACTORS.termination;
  private readonly loop: ControllerLoop;
  private readonly deleting = new Set<string>();
  private readonly terminating = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  /** Consecutive eviction rounds a PDB refused, and when evictions may be tried again, per NodeClaim. */
  private readonly refusals = new Map<string, number>();
  private readonly evictAt = new Map<string, number>();
  private unwatch: (() => void) | undefined;

  constructor(private readonly deps: TerminationDeps) {
    this.loop = new ControllerLoop(deps.clock, this);
  }

  start(): void {
    this.unwatch = this.deps.cluster.watch((e) => this.onEvent(e));
    for (const c of this.deps.cluster.nodeClaims()) if (c.status.deletionAt !== undefined) this.deleting.add(c.name);
    if (this.deleting.size > 0) this.loop.trigger();
  }

  stop(): void {
    this.unwatch?.();
    this.unwatch = undefined;
    this.loop.stop();
  }

  private onEvent(e: ClusterEvent): void {
    if ((e.kind === 'nodeclaim-added' || e.kind === 'nodeclaim-updated') && e.nodeClaim.status.deletionAt !== undefined) {
      if (!this.deleting.has(e.nodeClaim.name)) {
        this.deleting.add(e.nodeClaim.name);
        this.loop.trigger();
      }
    } else if (e.kind === 'nodeclaim-deleted') {
      this.deleting.delete(e.nodeClaim.name);
    } else if (e.kind === 'pod-deleted' && this.deleting.size > 0 && e.pod.status.nodeName !== undefined) {
      const node = this.deps.cluster.node(e.pod.status.nodeName);
      const claim = node ? this.deps.state.claimOf(node) : undefined;
      if (claim && this.deleting.has(claim.name)) this.loop.trigger();
    }
  }

  reconcile(): number | undefined {
    let next: number | undefined;
    for (const name of [...this.deleting]) {
      const claim = this.deps.cluster.nodeClaim(name);
      if (!claim) {
        this.deleting.delete(name);
        continue;
      }
      const after = this.terminate(claim);
      if (after !== undefined) next = next === undefined ? after : Math.min(next, after);
    }
    return next;
  }

  /** One step of one claim's termination; seconds until it wants another look. */
  private terminate(claim: NodeClaim): number | undefined {
    const { cluster, state, options, clock } = this.deps;
    const node = state.nodeOf(claim);
    if (node) {
      const waiting = this.drain(node, claim);
      if (waiting !== undefined) return waiting;
    }
    if (this.terminating.has(claim.name)) return undefined;
    const due = this.retryAt.get(claim.name);
    if (due !== undefined && clock.now() < due) return due - clock.now();
    if (claim.status.instanceId === undefined) {
      this.finish(claim, node);
      return undefined;
    }
    this.terminating.add(claim.name);
    this.deps.cloud.terminate(claim.status.instanceId, (result) => {
      this.terminating.delete(claim.name);
      const current = cluster.nodeClaim(claim.name);
      if (!current) return;
      if (result.ok || isNotFoundError(result.error)) {
        this.finish(current, state.nodeOf(current));
      } else {
        this.retryAt.set(claim.name, clock.now() + options.terminateRetrySeconds);
        this.loop.wakeAfter(options.terminateRetrySeconds);
      }
    });
    return undefined;
  }

  /** Taint, cordon, force out pods past their deadline, evict the current tier; undefined once nothing is left to wait for. */
  private drain(node: Node, claim: NodeClaim): number | undefined {
    const { cluster, options, clock } = this.deps;
    const now = clock.now();
    if (!node.taints.some((t) => t.key === TaintKeys.disrupted)) cluster.addNodeTaint(node.name, DISRUPTED_TAINT);
    if (!node.unschedulable) cluster.cordonNode(node.name, true);
    const deadline = terminationDeadline(claim, this.deps.config?.nodePool(claim.nodePoolName));
    let next = now + options.drainRecheckSeconds;
    if (deadline !== undefined) {
      for (const pod of [...cluster.podsOnNode(node.name)]) {
        if (!drainable(pod) || (pod.status.deletionAt !== undefined && now < deadline)) continue;
        const by = now >= deadline ? now : podDeleteBy(pod, deadline);
        if (now >= by) cluster.deletePod(pod.uid);
        else next = Math.min(next, by);
      }
      if (now >= deadline) return this.drained(claim);
      next = Math.min(next, deadline);
    }
    const pods = [...cluster.podsOnNode(node.name)].filter(drainable);
    if (pods.length === 0) return this.drained(claim);
    const tiers = drainTiers(pods.filter((p) => !isDoNotDisrupt(p)));
    const allowedAt = this.evictAt.get(claim.name) ?? -Infinity;
    if (tiers.length > 0 && now >= allowedAt) {
      let refused = false;
      for (const pod of tiers[0]) {
        if (pod.status.deletionAt !== undefined) continue;
        const result = cluster.evictPod(pod.uid);
        if (!result.ok && result.reason === 'pdb') refused = true;
      }
      if (refused) {
        const n = (this.refusals.get(claim.name) ?? 0) + 1;
        this.refusals.set(claim.name, n);
        const at = now + evictionBackoff(n, Math.min(options.evictionRetryBaseSeconds, options.evictionRetrySeconds), options.evictionRetrySeconds);
        this.evictAt.set(claim.name, at);
        next = Math.min(next, at);
      } else {
        this.refusals.delete(claim.name);
        this.evictAt.delete(claim.name);
      }
    } else if (tiers.length > 0) next = Math.min(next, allowedAt);
    return Math.max(0, next - now);
  }

  private drained(claim: NodeClaim): undefined {
    this.refusals.delete(claim.name);
    this.evictAt.delete(claim.name);
    return undefined;
  }

  private finish(claim: NodeClaim, node: Node | undefined): void {
    const { cluster, state, clock } = this.deps;
    if (node && cluster.node(node.name)) cluster.deleteNode(node.name);
    for (const uid of state.podsNominatedTo(claim.name)) {
      const pod = cluster.pod(uid);
      if (pod && pod.status.nominatedNodeName === claim.name) cluster.nominatePod(uid, undefined);
    }
    this.retryAt.delete(claim.name);
    this.refusals.delete(claim.name);
    this.evictAt.delete(claim.name);
    this.deleting.delete(claim.name);
    cluster.deleteNodeClaim(claim.name);
    this.deps.decisions.record({
      at: clock.now(),
      actor: ACTORS.termination,
      kind: 'nodeclaim-terminated',
      reason: claim.status.deletionReason ?? 'deleted',
      nodeClaim: claim.name,
      nodePool: claim.nodePoolName,
      ...(node ? { node: node.name } : {}),
      ...(claim.status.instanceId ? { instanceId: claim.status.instanceId } : {}),
      ...(claim.status.deletionAt !== undefined ? { secondsSinceDeletion: clock.now() - claim.status.deletionAt } : {}),
    });
  }
}
