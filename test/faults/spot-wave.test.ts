import { beforeAll, describe, expect, it } from 'vitest';
import { billedUsd, CAMPAIGN_POLICIES, costBounds, instancesAliveAt, notRunningAt, percentile, pendingSeconds, runCampaign, type CampaignRun } from './campaign.js';

/**
 * Correlated spot reclaim waves (spot-wave.yaml): one m5.xlarge spot pool, waves reclaiming 90 % of it at
 * once and crunching it for 10 minutes, on-demand as the fallback. 30 pods of 1 CPU: 10 nodes of 3.
 */
describe.each(CAMPAIGN_POLICIES)('fault campaign: a spot reclaim wave takes most of the pool (%s)', (policy) => {
  let run: CampaignRun;
  let data: CampaignRun['data'];
  // The run checks every invariant as it goes and throws on a violation: every test below fails then.
  beforeAll(() => {
    run = runCampaign('spot-wave', policy);
    data = run.data;
  });

  it('the wave hit at least 80 % of a pool of at least 5 instances at once (the fault really happened)', () => {
    const byAt = new Map<number, number>();
    for (const e of data.events) if (e.kind === 'spot-interruption') byAt.set(e.at, (byAt.get(e.at) ?? 0) + 1);
    const [waveAt, warned] = [...byAt].sort((a, b) => b[1] - a[1])[0]!;
    const pool = instancesAliveAt(data, waveAt, (i) => i.capacityType === 'spot').length;
    expect(pool).toBeGreaterThanOrEqual(5);
    expect(warned).toBeGreaterThanOrEqual(0.8 * pool);
  });

  it('every pod runs again within 5 minutes of the reclaim — sooner than the 10-minute crunch, so the policy fell back to on-demand', () => {
    const waves = [...new Set(data.events.filter((e) => e.kind === 'spot-interruption').map((e) => e.at))];
    expect(waves.length).toBeGreaterThan(0);
    for (const warningAt of waves) {
      const reclaimAt = warningAt + 120;
      expect(notRunningAt(data, reclaimAt + 300).map((p) => p.uid), `pods not running 5 min after the reclaim at ${reclaimAt}`).toEqual([]);
    }
    expect(data.instances.some((i) => i.capacityType === 'on-demand' && i.launchedAt > waves[0]!)).toBe(true);
  });

  it('no launch loop: at most 3 × 10 nodes per wave + the first 10; pending p95 under 5 minutes; nothing pending at the end', () => {
    const waves = new Set(data.events.filter((e) => e.kind === 'spot-interruption').map((e) => e.at)).size;
    expect(data.instances.length).toBeLessThanOrEqual(10 + 3 * 10 * waves);
    expect(percentile(pendingSeconds(data), 0.95)).toBeLessThan(300);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });

  it('cost stays between the catalog-computed floor and 2.5 × the on-demand price of the requests', () => {
    const { lowerUsd, upperUsd } = costBounds(run, 2.5);
    expect(billedUsd(data)).toBeGreaterThan(lowerUsd);
    expect(billedUsd(data)).toBeLessThan(upperUsd);
  });
});
