import { beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_POLICIES, podRows, runCampaign, type CampaignRun } from './campaign.js';

const GIANT_AT = 5 * 60;

/** A pod that can never fit (unfittable.yaml): 95.9 CPU when the largest m5 has 96 vCPU minus its overhead. */
describe.each(CAMPAIGN_POLICIES)('fault campaign: a pod that can never fit (%s)', (policy) => {
  let run: CampaignRun;
  beforeAll(() => {
    run = runCampaign('unfittable', policy);
  });

  it('stays pending to the end, counted in the summary', () => {
    const giant = podRows(run.data).filter((p) => p.owner === 'ReplicaSet/giant');
    expect(giant).toHaveLength(1);
    expect(Number.isNaN(giant[0]!.bound)).toBe(true);
    expect(run.summary.pods.pendingAtEnd).toBe(1);
    expect(run.summary.pods.neverScheduled).toBe(1);
  });

  it('is reported with its reason in decisions.jsonl', () => {
    if (policy === 'karpenter') {
      const giant = podRows(run.data).find((p) => p.owner === 'ReplicaSet/giant')!;
      const name = giant.uid.split('/').pop();
      const d = run.data.decisions.filter((x) => x.kind === 'pod-unschedulable' && x.pod === name);
      expect(d).toHaveLength(1); // once per distinct reason, not once per batch
      expect(String(d[0]!.reason)).toMatch(/no instance type has room/);
    } else {
      // The Cluster Autoscaler's NotTriggerScaleUp: every node group skipped with its reason.
      const d = run.data.decisions.filter((x) => x.kind === 'no-scale-up' && x.at > GIANT_AT);
      expect(d.length).toBeGreaterThan(0);
      const skipped = d[0]!.skipped as Record<string, string>;
      expect(Object.keys(skipped).sort()).toEqual(['big-ondemand', 'general-ondemand']);
    }
  });

  it('no launch loop: nothing is launched for it (no launch after the web pods are placed, no 24xlarge)', () => {
    expect(run.data.instances.filter((i) => i.launchedAt > GIANT_AT).map((i) => i.instanceId)).toEqual([]);
    expect(run.data.instances.filter((i) => i.instanceType === 'm5.24xlarge')).toEqual([]);
    if (policy === 'karpenter') {
      const giant = podRows(run.data).find((p) => p.owner === 'ReplicaSet/giant')!.uid.split('/').pop();
      const forGiant = run.data.decisions.filter((d) => d.kind === 'nodeclaim-created' && Array.isArray(d.pods) && d.pods.includes(giant));
      expect(forGiant).toEqual([]);
    } else {
      expect(run.data.decisions.filter((d) => d.kind === 'scale-up' && d.at > GIANT_AT)).toEqual([]);
    }
  });
});
