import { beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_POLICIES, notRunningAt, podRows, runCampaign, type CampaignRun } from './campaign.js';

const FILLERS_GONE = 40 * 60;
const AMI_CHANGE = 80 * 60;
/** The NodePool's terminationGracePeriod; Karpenter deletes a blocked pod its own grace period (30 s) before the deadline. */
const TGP = 15 * 60;
const POD_GRACE = 30;

/**
 * PDB-heavy workload (pdb-block.yaml): six web pods under minAvailable 100 %, on nodes under half used once
 * the fillers leave at 40m; an AMI rollout at 1h20m (Karpenter) drifts every node under a 15m
 * terminationGracePeriod.
 */
describe.each(CAMPAIGN_POLICIES)('fault campaign: PodDisruptionBudgets block every drain (%s)', (policy) => {
  let run: CampaignRun;
  const webPods = () => podRows(run.data).filter((p) => p.owner === 'ReplicaSet/web');
  beforeAll(() => {
    run = runCampaign('pdb-block', policy);
  });

  it('the policy wanted to drain the underused nodes and the PDB stopped it (decisions.jsonl says so)', () => {
    const blocked = run.data.decisions.filter((d) =>
      policy === 'karpenter'
        ? d.kind === 'disruption-rejected' && d.rejection === 'pdb' && d.reason === 'underutilized'
        : d.kind === 'node-unremovable' && typeof d.reason === 'string' && d.reason.includes('NotEnoughPdb'),
    );
    expect(blocked.some((d) => d.at > FILLERS_GONE)).toBe(true);
  });

  it('no PDB-covered pod leaves by consolidation or scale-down: only drift forces them out, at the terminationGracePeriod deadline', () => {
    const p = run.data.pods;
    const evicted = webPods().filter((w) => p.evictions[p.uid.indexOf(w.uid)]! > 0);
    if (policy === 'cluster-autoscaler') expect(evicted.map((w) => w.uid)).toEqual([]);
    else {
      expect(evicted.length).toBeGreaterThan(0);
      for (const w of evicted) expect(w.finished, w.uid).toBeGreaterThanOrEqual(AMI_CHANGE + TGP - POD_GRACE - 1);
    }
  });

  it('the run ends cleanly: the six web pods run, nothing pending; Karpenter replaced every drifted node', () => {
    const end = run.data.meta.endAt;
    expect(notRunningAt(run.data, end)).toEqual([]);
    expect(webPods().filter((w) => Number.isNaN(w.finished)).length).toBe(6);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
    if (policy === 'karpenter') expect(run.data.instances.filter((i) => i.launchedAt < AMI_CHANGE && i.terminatedAt === undefined)).toEqual([]);
  });
});
