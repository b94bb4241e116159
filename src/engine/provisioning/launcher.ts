import type { Cluster } from '../../cluster/cluster.js';
import type { DecisionSink, NodeClaim, NodeClass, NodePool } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import type { EngineConfig } from '../config.js';
import { ACTORS, Annotations } from '../options.js';
import type { ClusterState } from '../state/cluster-state.js';
import type { PlannedNodeClaim } from './simulation/index.js';
import { templateHash } from './template-hash.js';

/** How many instance types a decision lists before "... and N more". */
const LISTED_TYPES = 5;

/**
 * Turns planned NodeClaims into NodeClaim objects (intent, launched later by the lifecycle controller)
 * and nominates their pods onto them, so that the next batch counts the claim's room instead of
 * launching again.
 */
export class Launcher {
  private seq = 0;

  constructor(
    private readonly clock: Clock,
    private readonly cluster: Cluster,
    private readonly state: ClusterState,
    private readonly config: EngineConfig,
    private readonly decisions: DecisionSink,
    /** The drift hash stamped on new NodeClaims (must be the one drift detection compares with). */
    private readonly hashOf: (pool: NodePool, nodeClass: NodeClass | undefined) => string = templateHash,
  ) {}

  /** Create one NodeClaim per planned claim (the provisioner's path). */
  create(planned: readonly PlannedNodeClaim[]): NodeClaim[] {
    return planned.map((p) => this.createOne(p, 'pending pods fit no existing node'));
  }

  /** Create a replacement NodeClaim (disruption's path: the ReplacementLauncher port). */
  launch(planned: PlannedNodeClaim, reason: string): { readonly ok: true; readonly nodeClaimName: string } | { readonly ok: false; readonly message: string } {
    if (!this.config.nodeClass(planned.nodePool.nodeClassName)) return { ok: false, message: `NodeClass ${planned.nodePool.nodeClassName} not found` };
    return { ok: true, nodeClaimName: this.createOne(planned, reason).name };
  }

  private createOne(p: PlannedNodeClaim, reason: string): NodeClaim {
    const pool = p.nodePool;
    // Karpenter marks every NodeClaim of a pool with minValues as relaxed or not.
    const hasMinValues = pool.requirements.some((r) => r.minValues !== undefined);
    const claim: NodeClaim = {
      name: this.nextName(pool.name),
      nodePoolName: pool.name,
      nodeClassName: pool.nodeClassName,
      createdAt: this.clock.now(),
      requirements: p.requirements,
      instanceTypeOptions: p.instanceTypes.map((t) => t.name),
      requests: p.requests,
      taints: pool.taints,
      startupTaints: pool.startupTaints,
      templateHash: this.hashOf(pool, this.config.nodeClass(pool.nodeClassName)),
      ...(hasMinValues || p.minValuesRelaxed ? { annotations: { [Annotations.minValuesRelaxed]: p.minValuesRelaxed ? 'true' : 'false' } } : {}),
      status: {},
    };
    this.cluster.createNodeClaim(claim);
    for (const pod of p.pods) this.cluster.nominatePod(pod.uid, claim.name);
    this.state.nominate(claim.name, p.pods.map((x) => x.uid));
    this.decisions.record({
      at: this.clock.now(),
      actor: ACTORS.provisioner,
      kind: 'nodeclaim-created',
      reason,
      nodeClaim: claim.name,
      nodePool: pool.name,
      pods: p.pods.map((x) => x.name),
      requests: p.requests,
      instanceTypes: claim.instanceTypeOptions.slice(0, LISTED_TYPES),
      instanceTypeCount: claim.instanceTypeOptions.length,
      cheapestPricePerHour: p.cheapestPricePerHour,
      ...(p.minValuesRelaxed ? { minValuesRelaxed: p.minValuesRelaxed } : {}),
    });
    return claim;
  }

  private nextName(pool: string): string {
    for (;;) {
      const name = `${pool}-${(this.seq++).toString(36).padStart(5, '0')}`;
      if (!this.cluster.nodeClaim(name)) return name;
    }
  }
}
