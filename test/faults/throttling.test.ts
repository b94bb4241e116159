import { beforeAll, describe, expect, it } from 'vitest';
import { billedUsd, CAMPAIGN_POLICIES, costBounds, notRunningAt, runCampaign, type CampaignRun } from './campaign.js';

const BURST_AT = 600;

/**
 * EC2 API throttling (throttling.yaml): CreateFleet, RunInstances and TerminateInstances allow 2 requests
 * then one per 20 s; 60 pods of 1.5 CPU at 10m (2 a node on m5.xlarge → 30 nodes), gone after 1h.
 */
describe.each(CAMPAIGN_POLICIES)('fault campaign: EC2 API throttling (%s)', (policy) => {
  let run: CampaignRun;
  beforeAll(() => {
    run = runCampaign('throttling', policy);
  });

  it('every pod runs within 30 × 20 s (the bucket lets 30 launches through in 10 minutes) + 5 minutes', () => {
    expect(notRunningAt(run.data, BURST_AT + 30 * 20 + 300).map((p) => p.uid)).toEqual([]);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });

  it('no launch loop and no leak: at most 1.5 × 30 instances, and all of them gone 30 minutes after the burst ended', () => {
    expect(run.data.instances.length).toBeLessThanOrEqual(45);
    const end = BURST_AT + 3600;
    const late = run.data.instances.filter((i) => i.terminatedAt === undefined || i.terminatedAt > end + 1800);
    expect(late.map((i) => i.instanceId)).toEqual([]);
  });

  it('cost stays between the catalog-computed floor and 2.5 × the on-demand price of the requests', () => {
    const { lowerUsd, upperUsd } = costBounds(run, 2.5);
    expect(billedUsd(run.data)).toBeGreaterThan(lowerUsd);
    expect(billedUsd(run.data)).toBeLessThan(upperUsd);
  });
});
