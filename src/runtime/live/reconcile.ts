import type { CloudProvider, Instance } from '../../cloud/cloud-provider.js';
import type { Cluster } from '../../cluster/cluster.js';
import type { DecisionSink, InstanceType } from '../../model/index.js';
import { launchedNodeClaimStatus } from '../../engine/index.js';

export const CLUSTER_TAG = 'fleetsim.io/cluster';
export const NODECLAIM_TAG = 'karpenter.sh/nodeclaim';
export const RECONCILE_ACTOR = 'fleetsim/reconcile';

export interface ReconcileDeps {
  /** The cloud the engine uses (the dry-run wrapper in dry run: its terminate only reports). */
  readonly cloud: CloudProvider;
  readonly cluster: Cluster;
  /** Value of the ownership tag `fleetsim.io/cluster`: only instances carrying it are ever touched. */
  readonly clusterName: string;
  /** An instance whose NodeClaim is gone (or belongs to another instance) is a leak once older than this. */
  readonly leakAfterSeconds: number;
  readonly now: () => number;
  readonly decisions: DecisionSink;
  /** The instance type as the claim's NodeClass sees it (allocatable of adopted claims). */
  readonly instanceType?: (name: string, nodeClassName: string) => InstanceType | undefined;
}

export interface ReconcileResult {
  /** Claims that had no instance recorded and were given theirs (a launch interrupted by a crash). */
  readonly adopted: readonly string[];
  /** Leaked instances sent to terminate (reported only, in dry run). */
  readonly terminated: readonly string[];
  /** Instances without a claim, too young to call leaked (a launch may be finishing). */
  readonly young: readonly string[];
  /** Listed instances not carrying this cluster's ownership tag (never touched). */
  readonly foreign: readonly string[];
}

const GONE = new Set(['shutting-down', 'terminated']);

function listAsync(cloud: CloudProvider, tags: Readonly<Record<string, string>>): Promise<readonly Instance[]> {
  return new Promise((ok) => cloud.list(tags, ok));
}

/**
 * Crash safety, run at start and periodically (Karpenter's NodeClaim garbage collection): list the
 * instances carrying this cluster's ownership tag and match each to its NodeClaim by the
 * `karpenter.sh/nodeclaim` tag.
 * - claim exists, has no instance yet, is not being deleted → adopt: the claim's status gets this
 *   instance (so the engine does not launch it a second time);
 * - claim exists and names this instance, or is being deleted → nothing (the lifecycle owns it);
 * - claim gone, or bound to a different instance, and the instance is older than `leakAfterSeconds` →
 *   terminate (recorded as `instance-leaked`);
 * - younger → left alone this time.
 * An instance without the ownership tag is never terminated, whatever the listing returned.
 */
export async function reconcileInstances(d: ReconcileDeps): Promise<ReconcileResult> {
  const instances = await listAsync(d.cloud, { [CLUSTER_TAG]: d.clusterName });
  const adopted: string[] = [];
  const terminated: string[] = [];
  const young: string[] = [];
  const foreign: string[] = [];
  const now = d.now();
  const adoptedBy = new Map<string, string>();
  for (const inst of [...instances].sort((a, b) => a.launchedAt - b.launchedAt || a.id.localeCompare(b.id))) {
    if (inst.tags[CLUSTER_TAG] !== d.clusterName) {
      foreign.push(inst.id);
      continue;
    }
    if (GONE.has(inst.state)) continue;
    const claimName = inst.tags[NODECLAIM_TAG];
    const claim = claimName === undefined ? undefined : d.cluster.nodeClaim(claimName);
    if (claim && claim.status.deletionAt !== undefined) continue;
    if (claim && claim.status.instanceId === inst.id) continue;
    if (claim && claim.status.instanceId === undefined && !adoptedBy.has(claim.name)) {
      const it = d.instanceType?.(inst.instanceType, claim.nodeClassName);
      d.cluster.updateNodeClaimStatus(claim.name, launchedNodeClaimStatus(inst, it, inst.launchedAt));
      adoptedBy.set(claim.name, inst.id);
      adopted.push(claim.name);
      d.decisions.record({ at: now, actor: RECONCILE_ACTOR, kind: 'nodeclaim-adopted', reason: 'instance launched before a restart', nodeClaim: claim.name, instanceId: inst.id, instanceType: inst.instanceType });
      continue;
    }
    const age = now - inst.launchedAt;
    if (age < d.leakAfterSeconds) {
      young.push(inst.id);
      continue;
    }
    const why = claim ? `NodeClaim ${claim.name} is bound to ${claim.status.instanceId ?? adoptedBy.get(claim.name) ?? 'another instance'}` : `NodeClaim ${claimName ?? '(untagged)'} does not exist`;
    d.decisions.record({ at: now, actor: RECONCILE_ACTOR, kind: 'instance-leaked', reason: why, instanceId: inst.id, instanceType: inst.instanceType, nodeClaim: claimName, ageSeconds: Math.round(age) });
    terminated.push(inst.id);
    await new Promise<void>((ok) =>
      d.cloud.terminate(inst.id, (r) => {
        if (!r.ok) d.decisions.record({ at: d.now(), actor: RECONCILE_ACTOR, kind: 'terminate-failed', reason: `${r.error.code}: ${r.error.message}`, instanceId: inst.id });
        ok();
      }),
    );
  }
  return { adopted, terminated, young, foreign };
}
