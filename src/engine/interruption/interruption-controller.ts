import type { CloudEvent, CloudProvider } from '../../cloud/cloud-provider.js';
import type { Cluster } from '../../cluster/cluster.js';
import { instanceIdFromProviderID, type CapacityType, type NodeClaim } from '../../model/index.js';
import { DISRUPTION_ACTORS, type DisruptionDecisions } from '../disruption/decisions.js';
import type { NodeClaimTerminator } from '../disruption/ports.js';
import type { ClusterState } from '../state/cluster-state.js';

export interface InterruptionDeps {
  readonly cluster: Cluster;
  readonly cloud: CloudProvider;
  readonly state: ClusterState;
  readonly terminator: NodeClaimTerminator;
  readonly decisions: DisruptionDecisions;
  /** The engine's unavailable-offerings (ICE) cache. */
  readonly markUnavailable: (instanceType: string, zone: string, capacityType: CapacityType) => void;
}

/** What Karpenter does with each interruption message (AWS `actionForMessage`). */
export function actionFor(event: CloudEvent): 'delete' | 'log' {
  return event.kind === 'rebalance-recommendation' ? 'log' : 'delete';
}

/**
 * Karpenter AWS's interruption controller, on the CloudProvider's event channel: a spot interruption
 * warning marks the offering unavailable (3 min in the ICE cache) and deletes the NodeClaim at once —
 * termination drains the node while the provisioner, which counts a deleting node's pods as pending,
 * launches their new home in parallel; scheduled changes and instances stopping or terminating delete
 * the NodeClaim too; a rebalance recommendation is only logged.
 */
export class InterruptionController {
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly deps: InterruptionDeps) {}

  start(): void {
    this.unsubscribe = this.deps.cloud.onEvent((e) => this.handle(e));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  handle(event: CloudEvent): void {
    const claim = this.claimOf(event.instanceId);
    if (!claim) return;
    const node = this.deps.state.nodeOf(claim);
    const nodeName = node?.name ?? claim.status.nodeName ?? claim.name;
    if (actionFor(event) === 'log') {
      this.deps.decisions.interruptionEvent(event.kind, [nodeName], event.instanceId);
      return;
    }
    if (claim.status.deletionAt !== undefined) return;
    const { instanceType, zone, capacityType } = claim.status;
    if (event.kind === 'spot-interruption-warning' && instanceType !== undefined && zone !== undefined) {
      this.deps.markUnavailable(instanceType, zone, capacityType ?? 'spot');
    }
    this.deps.terminator.delete(claim.name, 'interruption');
    this.deps.decisions.disruption(DISRUPTION_ACTORS.interruption, {
      reason: 'interruption',
      decision: 'delete',
      nodes: [nodeName],
      nodeClaims: [claim.name],
      nodePools: [claim.nodePoolName],
      instanceTypes: instanceType !== undefined ? [instanceType] : [],
      replacements: [],
      savingsPerHour: 0,
      event: event.kind,
    });
  }

  private claimOf(instanceId: string): NodeClaim | undefined {
    for (const c of this.deps.cluster.nodeClaims()) {
      if (c.status.instanceId === instanceId) return c;
      if (c.status.providerID !== undefined && instanceIdFromProviderID(c.status.providerID) === instanceId) return c;
    }
    return undefined;
  }
}
