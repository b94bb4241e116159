import { beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_POLICIES, nodesNeeded, notRunningAt, podRows, runCampaign, type CampaignRun } from './campaign.js';

/**
 * A heavy slow-boot tail (slow-boot.yaml): registration median 45 s, p95 8 min. 21 pods at 0 and 21 at
 * 30m, 1 CPU each. Pods must wait for the nodes already launched for them, not trigger more.
 */
describe.each(CAMPAIGN_POLICIES)('fault campaign: slow-boot tail (%s)', (policy) => {
  let run: CampaignRun;
  beforeAll(() => {
    run = runCampaign('slow-boot', policy);
  });

  it('no double launch for pods waiting on a slow node: at most 1.25 × the nodes the pods need', () => {
    const xlarge = run.catalog.find((t) => t.name === 'm5.xlarge')!;
    const need = nodesNeeded(42, 1000, xlarge.allocatable.cpuMillis, 100);
    expect(need).toBe(14);
    expect(run.data.instances.length).toBeLessThanOrEqual(Math.ceil(1.25 * need));
  });

  it('no pod waits much longer than the slowest node took: pending ≤ slowest launch → Ready + 3 minutes', () => {
    const slowest = Math.max(...run.data.instances.map((i) => (i.readyAt ?? run.data.meta.endAt) - (i.launchRequestedAt ?? i.launchedAt)));
    for (const p of podRows(run.data)) expect(p.bound - p.created, p.uid).toBeLessThanOrEqual(slowest + 180);
    expect(notRunningAt(run.data, run.data.meta.endAt).length).toBe(0);
  });
});
