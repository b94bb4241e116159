import { describe, expect, it } from 'vitest';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { caWorld } from './ca-world.js';

describe('Cluster Autoscaler fallback through backoff', () => {
  function world(version: string, decreaseTargetOnTimeout = false) {
    const w = caWorld({
      groups: [
        nodeGroup('spot-m5', 'm5.xlarge', { capacityType: 'spot', maxSize: 10 }),
        nodeGroup('od-m5', 'm5.xlarge', { maxSize: 10 }),
      ],
      options: { version, expanders: ['priority'], priorities: { 100: ['^spot-'], 10: ['^od-'] }, decreaseTargetOnTimeout },
    });
    w.asg.failLaunches('spot-m5', 'InsufficientInstanceCapacity');
    for (let i = 0; i < 6; i++) w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    return w;
  }

  it('a spot group failing with capacity errors is backed off and the on-demand group takes over', () => {
    const w = world('1.33');
    w.clock.run(1000);
    // Loop at 10: priority picks spot-m5, 6 pods / 3 per node = 2 nodes. The launch fails at once.
    // Loops 20..60: the 2 upcoming nodes (target − registered) absorb the pods: no new scale-up.
    // ASG cache refresh at 70 (60 s after the one at 10): the Failed activity → backoff 5 min, the
    // placeholders are deleted (target back to 0) and the loop stops there. Loop at 80: spot-m5 is
    // backed off, the priority expander falls to od-m5.
    const sets = w.asg.calls.filter((c) => c.op === 'setDesiredCapacity').map((c) => [c.at, c.group, c.value]);
    expect(sets).toEqual([
      [10, 'spot-m5', 2],
      [70, 'spot-m5', 0],
      [80, 'od-m5', 2],
    ]);
    const [failed] = w.find('placeholders-failed');
    expect(failed).toMatchObject({ at: 70, group: 'spot-m5', placeholders: 2, errorCode: 'InsufficientInstanceCapacity', backoffUntil: 370 });
    const skipped = w.find('scale-up')[1]!.skipped as Record<string, string>;
    expect(skipped['spot-m5']).toContain('backoff');
    expect([...w.cluster.pendingPods()]).toHaveLength(0);
  });

  it('after the backoff expires the preferred group is tried again', () => {
    const w = world('1.33');
    w.clock.run(370);
    for (let i = 0; i < 3; i++) w.cluster.createPod(podSpec(1000, 1024, { app: 'later' }));
    w.clock.run(400);
    expect(w.asg.calls.filter((c) => c.op === 'setDesiredCapacity' && c.at > 370).map((c) => [c.at, c.group, c.value])).toEqual([[380, 'spot-m5', 1]]);
  });
});
