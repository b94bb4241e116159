import type { Labels, NodeClaim, Requirement } from '../../model/index.js';
import { requirementMatches } from '../../scheduling/index.js';
import type { Controller } from '../../sim/controller-loop.js';
import type { DisruptionDeps } from './ports.js';

export type DriftReason = 'AMIDrift' | 'NodePoolDrifted' | 'RequirementsDrifted';

/**
 * Karpenter's NodeClaim Drifted condition: set on a launched NodeClaim when
 * - its NodeClass now selects another AMI than the one it launched with (AWS `IsDrifted`: AMI);
 * - the hash of its NodePool template + NodeClass differs from the hash it was created with (static fields);
 * - its node's labels no longer satisfy the NodePool's requirements.
 * Cleared when none holds any more. Runs every `driftRecheckSeconds` and at once after a configuration
 * change (`check()`).
 */
export class DriftDetector implements Controller {
  readonly name = 'nodeclaim-drift';
  /** AMI each NodeClaim's NodeClass selected when the NodeClaim first appeared (what its instance runs). */
  private readonly amiAtLaunch = new Map<string, string>();
  private readonly unwatch: () => void;

  constructor(private readonly deps: DisruptionDeps) {
    for (const c of deps.cluster.nodeClaims()) this.remember(c);
    this.unwatch = deps.cluster.watch((e) => {
      if (e.kind === 'nodeclaim-added') this.remember(e.nodeClaim);
      else if (e.kind === 'nodeclaim-deleted') this.amiAtLaunch.delete(e.nodeClaim.name);
    });
  }

  stop(): void {
    this.unwatch();
  }

  reconcile(): number | undefined {
    this.check();
    return this.deps.options.driftRecheckSeconds;
  }

  /** Re-evaluate every launched NodeClaim now. */
  check(): void {
    const { cluster, clock } = this.deps;
    const now = clock.now();
    for (const claim of [...cluster.nodeClaims()]) {
      if (claim.status.providerID === undefined || claim.status.deletionAt !== undefined) continue;
      const reason = this.driftReason(claim);
      if (reason !== undefined && claim.status.drifted !== true) cluster.updateNodeClaimStatus(claim.name, { drifted: true, driftedAt: now });
      else if (reason === undefined && claim.status.drifted === true) cluster.updateNodeClaimStatus(claim.name, { drifted: false, driftedAt: undefined });
    }
  }

  driftReason(claim: NodeClaim): DriftReason | undefined {
    const { config, hashOf, state } = this.deps;
    const pool = config.nodePool(claim.nodePoolName);
    const cls = config.nodeClass(claim.nodeClassName);
    if (!pool) return undefined;
    const ami = this.amiAtLaunch.get(claim.name);
    if (cls && ami !== undefined && ami !== cls.amiId) return 'AMIDrift';
    if (cls && hashOf && claim.templateHash !== '' && claim.templateHash !== hashOf(pool, cls)) return 'NodePoolDrifted';
    const node = state.nodeOf(claim);
    if (node && !labelsSatisfy(node.labels, pool.requirements)) return 'RequirementsDrifted';
    return undefined;
  }

  private remember(claim: NodeClaim): void {
    if (this.amiAtLaunch.has(claim.name)) return;
    const cls = this.deps.config.nodeClass(claim.nodeClassName);
    if (cls) this.amiAtLaunch.set(claim.name, cls.amiId);
  }
}

/** Requirements on labels the node carries must hold; keys it does not carry are not judged. */
function labelsSatisfy(labels: Labels, requirements: readonly Requirement[]): boolean {
  for (const r of requirements) {
    if (!Object.prototype.hasOwnProperty.call(labels, r.key)) continue;
    if (!requirementMatches(r, labels)) return false;
  }
  return true;
}
