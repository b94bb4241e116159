import type { Cluster } from '../../cluster/cluster.js';
import type { DecisionSink, NodeClaim, NodeClass } from '../../model/index.js';
import type { Clock } from '../../sim/clock.js';
import { ACTORS } from '../options.js';
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
    private readonly decisions: DecisionSink,
  ) {}

  create(planned: readonly PlannedNodeClaim[], nodeClasses: ReadonlyMap<string, NodeClass>): NodeClaim[] {
    const out: NodeClaim[] = [];
    for (const p of planned) {
      const pool = p.nodePool;
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
        templateHash: templateHash(pool, nodeClasses.get(pool.nodeClassName)),
        status: {},
      };
      this.cluster.createNodeClaim(claim);
      for (const pod of p.pods) this.cluster.nominatePod(pod.uid, claim.name);
      this.state.nominate(claim.name, p.pods.map((x) => x.uid));
      this.decisions.record({
        at: this.clock.now(),
        actor: ACTORS.provisioner,
        kind: 'nodeclaim-created',
        reason: 'pending pods fit no existing node',
        nodeClaim: claim.name,
        nodePool: pool.name,
        pods: p.pods.map((x) => x.name),
        requests: p.requests,
        instanceTypes: claim.instanceTypeOptions.slice(0, LISTED_TYPES),
        instanceTypeCount: claim.instanceTypeOptions.length,
        cheapestPricePerHour: p.cheapestPricePerHour,
      });
      out.push(claim);
    }
    return out;
  }

  private nextName(pool: string): string {
    for (;;) {
      const name = `${pool}-${(this.seq++).toString(36).padStart(5, '0')}`;
      if (!this.cluster.nodeClaim(name)) return name;
    }
  }
}
