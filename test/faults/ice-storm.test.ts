import { beforeAll, describe, expect, it } from 'vitest';
import { billedUsd, CAMPAIGN_POLICIES, costBounds, notRunningAt, percentile, pendingSeconds, runCampaign, type CampaignRun } from './campaign.js';

const CRUNCH_FROM = 30 * 60;
const CRUNCH_TO = 2 * 3600;

/**
 * An ICE storm on the cheapest offerings (ice-storm.yaml): every spot pool crunched from 30m to 2h and
 * half of all other attempts failing with InsufficientInstanceCapacity; 24 pods, then 24 more at 1h.
 */
describe.each(CAMPAIGN_POLICIES)('fault campaign: ICE storm on the cheapest offerings (%s)', (policy) => {
  let run: CampaignRun;
  beforeAll(() => {
    run = runCampaign('ice-storm', policy);
  });

  it('nothing is launched into a crunched pool: no spot instance starts between 30m and 2h', () => {
    const intoCrunch = run.data.instances.filter((i) => i.capacityType === 'spot' && i.launchedAt >= CRUNCH_FROM && i.launchedAt < CRUNCH_TO);
    expect(intoCrunch.map((i) => i.instanceId)).toEqual([]);
  });

  it('the burst during the storm runs within 5 minutes on on-demand capacity; pending p95 under 4 minutes', () => {
    expect(notRunningAt(run.data, 3600 + 300).map((p) => p.uid)).toEqual([]);
    expect(run.data.instances.some((i) => i.capacityType === 'on-demand' && i.launchedAt >= 3600 && i.launchedAt < CRUNCH_TO)).toBe(true);
    expect(percentile(pendingSeconds(run.data), 0.95)).toBeLessThan(240);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });

  it('no launch loop: at most 3 × the 16 xlarge nodes the 48 pods need', () => {
    // 48 pods of 1 CPU, 3 a node on m5/c5.xlarge (3.92 CPU allocatable − 0.1 kube-proxy) → 16 nodes.
    expect(run.data.instances.length).toBeLessThanOrEqual(48);
  });

  it('cost stays between the catalog-computed floor and 2.5 × the on-demand price of the requests', () => {
    const { lowerUsd, upperUsd } = costBounds(run, 2.5);
    expect(billedUsd(run.data)).toBeGreaterThan(lowerUsd);
    expect(billedUsd(run.data)).toBeLessThan(upperUsd);
  });
});
