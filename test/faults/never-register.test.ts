import { beforeAll, describe, expect, it } from 'vitest';
import { CAMPAIGN_POLICIES, notRunningAt, runCampaign, type CampaignRun } from './campaign.js';

/** Karpenter's registration TTL and the Cluster Autoscaler's max-node-provision-time (both 15 min here). */
const TIMEOUT = 15 * 60;
/** EC2 pending → running at most 17 s; the controller notices within 2 minutes (resyncs, scan interval, API). */
const SLACK = 17 + 120;

/** Instances that never register (never-register.yaml): 30 % of launches run but never become nodes. */
describe.each(CAMPAIGN_POLICIES)('fault campaign: instances that never register (%s)', (policy) => {
  let run: CampaignRun;
  beforeAll(() => {
    run = runCampaign('never-register', policy);
  });

  it('every instance without a node is terminated within the registration timeout (+ slack); none survives it', () => {
    const horizon = run.data.meta.endAt;
    const unregistered = run.data.instances.filter((i) => i.registeredAt === undefined);
    expect(unregistered.length).toBeGreaterThan(0); // the fault fired
    for (const i of unregistered) {
      const end = i.terminatedAt ?? horizon;
      if (i.terminatedAt === undefined) expect(horizon - i.launchedAt, `${i.instanceId} still running without a node`).toBeLessThan(TIMEOUT + SLACK);
      else expect(end - i.launchedAt, `${i.instanceId} lived without a node`).toBeLessThanOrEqual(TIMEOUT + SLACK);
    }
  });

  it('every pod runs once the broken instances are replaced: within twice (timeout + 5 min); no launch loop', () => {
    expect(notRunningAt(run.data, 2 * (TIMEOUT + 300)).map((p) => p.uid)).toEqual([]);
    // 20 pods of 1 CPU, 3 a node → 7 nodes; each broken one is replaced once.
    const broken = run.data.instances.filter((i) => i.registeredAt === undefined).length;
    expect(run.data.instances.length).toBeLessThanOrEqual(7 + 2 * broken);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });
});
