import { beforeAll, describe, expect, it } from 'vitest';
import { billedUsd, CAMPAIGN_POLICIES, costBounds, instancesAliveAt, notRunningAt, runCampaign, type CampaignRun } from './campaign.js';

const OUTAGE_FROM = 3600;
const OUTAGE_TO = 7200;

/**
 * A zone going away (zone-outage.yaml, cloud.faults.zoneOutages): at 1h us-east-1a loses every running
 * instance and has no capacity until 2h. 30 pods of 1 CPU spread over three zones (ScheduleAnyway).
 */
describe.each(CAMPAIGN_POLICIES)('fault campaign: a zone outage (%s)', (policy) => {
  let run: CampaignRun;
  beforeAll(() => {
    run = runCampaign('zone-outage', policy);
  });

  it("every instance of the zone is lost at the outage's start, and nothing launches there until it ends", () => {
    const before = instancesAliveAt(run.data, OUTAGE_FROM - 1, (i) => i.zone === 'us-east-1a');
    expect(before.length).toBeGreaterThan(0);
    for (const i of before) expect([i.terminatedAt, i.terminationReason]).toEqual([OUTAGE_FROM, 'zone-outage']);
    const during = run.data.instances.filter((i) => i.zone === 'us-east-1a' && i.launchedAt >= OUTAGE_FROM && i.launchedAt < OUTAGE_TO);
    expect(during.map((i) => i.instanceId)).toEqual([]);
  });

  it('the lost pods run again in the other zones within 5 minutes; nothing pending at the end', () => {
    expect(notRunningAt(run.data, OUTAGE_FROM + 300).map((p) => p.uid)).toEqual([]);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });

  it('no launch loop: at most the 10 nodes needed, twice', () => {
    // 30 pods of 1 CPU, 3 a node → 10 nodes; the outage takes a third of them.
    expect(run.data.instances.length).toBeLessThanOrEqual(20);
  });

  it('cost stays between the catalog-computed floor and 2.5 × the on-demand price of the requests', () => {
    const { lowerUsd, upperUsd } = costBounds(run, 2.5);
    expect(billedUsd(run.data)).toBeGreaterThan(lowerUsd);
    expect(billedUsd(run.data)).toBeLessThan(upperUsd);
  });
});
