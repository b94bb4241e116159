import { LabelKeys, TaintKeys, type Labels, type NodeClaim, type Taint } from '../../model/index.js';
import { Requirements } from '../../scheduling/index.js';
import { ACTORS } from '../options.js';
import type { LifecycleContext, LifecycleStep } from './step.js';

/** The taint every Karpenter node boots with until its NodeClaim registers it. */
export const UNREGISTERED_TAINT: Taint = Object.freeze({ key: TaintKeys.unregistered, effect: 'NoExecute' });

/** Labels a NodeClaim's node carries: the single-valued requirements (NodePool labels, nodepool, ...). */
export function nodeClaimLabels(claim: NodeClaim): Labels {
  const labels = Requirements.from(claim.requirements).singleValueLabels();
  delete labels[LabelKeys.hostname];
  return labels;
}

/**
 * What a NodeClaim's node should boot with (for whoever registers it): its labels, its taints and
 * startup taints, and the `karpenter.sh/unregistered:NoExecute` taint that registration removes.
 */
export function nodeBootTemplate(claim: NodeClaim): { labels: Labels; taints: readonly Taint[]; startupTaints: readonly Taint[] } {
  return {
    labels: { ...nodeClaimLabels(claim), [LabelKeys.nodePool]: claim.nodePoolName },
    taints: [...claim.taints, UNREGISTERED_TAINT],
    startupTaints: claim.startupTaints,
  };
}

function hasTaint(taints: readonly Taint[], t: Taint): boolean {
  return taints.some((x) => x.key === t.key && x.effect === t.effect && (x.value ?? '') === (t.value ?? ''));
}

/**
 * Registration: a Node with the claim's providerID appeared. Sync the claim's labels and taints onto it,
 * mark it `karpenter.sh/registered`, lift `karpenter.sh/unregistered`, record the node on the claim.
 */
export class RegistrationStep implements LifecycleStep {
  readonly name = 'registration';

  constructor(private readonly ctx: LifecycleContext) {}

  reconcile(claim: NodeClaim): number | undefined {
    const s = claim.status;
    if (s.launchedAt === undefined || s.registeredAt !== undefined || s.deletionAt !== undefined) return undefined;
    const node = this.ctx.state.nodeOf(claim);
    if (!node) return undefined;
    const { cluster, clock } = this.ctx;
    cluster.setNodeLabels(node.name, { ...nodeClaimLabels(claim), [LabelKeys.nodePool]: claim.nodePoolName, [LabelKeys.registered]: 'true' });
    for (const t of claim.taints) if (!hasTaint(node.taints, t)) cluster.addNodeTaint(node.name, t);
    cluster.removeNodeTaint(node.name, TaintKeys.unregistered);
    cluster.updateNodeClaimStatus(claim.name, { registeredAt: clock.now(), nodeName: node.name });
    this.ctx.decisions.record({
      at: clock.now(),
      actor: ACTORS.lifecycle,
      kind: 'nodeclaim-registered',
      nodeClaim: claim.name,
      node: node.name,
      secondsSinceLaunch: clock.now() - s.launchedAt,
    });
    return undefined;
  }
}
