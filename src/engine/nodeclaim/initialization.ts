import { LabelKeys, type Node, type NodeClaim } from '../../model/index.js';
import { ACTORS } from '../options.js';
import { isKnownEphemeralTaint } from '../state/state-node-builders.js';
import type { LifecycleContext, LifecycleStep } from './step.js';

/** Why a registered node is not initialized yet, or undefined when it is. */
export function notInitializedBecause(claim: NodeClaim, node: Node): string | undefined {
  if (!node.ready) return 'node not Ready';
  const startup = new Set(claim.startupTaints.map((t) => t.key));
  const blocking = node.taints.find((t) => startup.has(t.key) || isKnownEphemeralTaint(t));
  if (blocking) return `taint ${blocking.key} still present`;
  if (claim.requests.gpus > 0 && node.allocatable.gpus <= 0) return 'nvidia.com/gpu not yet allocatable';
  for (const [k, v] of Object.entries(claim.requests.extended ?? {})) {
    if (v > 0 && (node.allocatable.extended?.[k] ?? 0) <= 0) return `${k} not yet allocatable`;
  }
  return undefined;
}

/**
 * Initialization: the node is Ready, its startup and boot-time taints are gone and the extended resources
 * its pods asked for are allocatable. Marks the claim and the node `karpenter.sh/initialized`.
 */
export class InitializationStep implements LifecycleStep {
  readonly name = 'initialization';

  constructor(private readonly ctx: LifecycleContext) {}

  reconcile(claim: NodeClaim): number | undefined {
    const s = claim.status;
    if (s.registeredAt === undefined || s.initializedAt !== undefined || s.deletionAt !== undefined) return undefined;
    const node = this.ctx.state.nodeOf(claim);
    if (!node || notInitializedBecause(claim, node) !== undefined) return undefined;
    const { cluster, clock } = this.ctx;
    cluster.updateNodeClaimStatus(claim.name, { initializedAt: clock.now() });
    cluster.setNodeLabels(node.name, { [LabelKeys.initialized]: 'true' });
    this.ctx.decisions.record({
      at: clock.now(),
      actor: ACTORS.lifecycle,
      kind: 'nodeclaim-initialized',
      nodeClaim: claim.name,
      node: node.name,
      secondsSinceCreation: clock.now() - claim.createdAt,
    });
    return undefined;
  }
}
