import { describe, expect, it } from 'vitest';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { caWorld } from './ca-world.js';

const setCalls = (w: ReturnType<typeof caWorld>) => w.asg.calls.filter((c) => c.op === 'setDesiredCapacity').map((c) => [c.at, c.group, c.value]);

describe('Cluster Autoscaler loop', () => {
  it('with frequent loops, a fresh Unschedulable pod wakes the loop (then the 2 s buffer holds it once)', () => {
    const w = caWorld({ groups: [nodeGroup('g', 'm5.xlarge')], options: { frequentLoopsEnabled: true } });
    w.ca.start(); // loop at 0; next at 10
    w.clock.run(3);
    w.cluster.createPod(podSpec(1000, 1024)); // marked Unschedulable at once → the loop runs at 3 (pod too new)
    w.clock.run(100);
    // The woken loop sees a pod 0 s old: no scale-up; the next loop is a scan interval later, at 13.
    expect(setCalls(w)).toEqual([[13, 'g', 1]]);
  });

  it('without frequent loops, the loop runs every scan interval regardless of pod events', () => {
    const w = caWorld({ groups: [nodeGroup('g', 'm5.xlarge')] });
    w.ca.start();
    w.clock.run(3);
    w.cluster.createPod(podSpec(1000, 1024));
    w.clock.run(100);
    expect(setCalls(w)).toEqual([[10, 'g', 1]]);
  });

  it('waits 30 s for the oldest pending GPU pod', () => {
    const w = caWorld({ groups: [nodeGroup('gpu', 'g4dn.xlarge')] });
    w.cluster.createPod(podSpec(1000, 4096, { requests: { cpuMillis: 1000, memoryMiB: 4096, gpus: 1, pods: 0, ephemeralMiB: 0 } }));
    w.ca.start();
    w.clock.run(100);
    expect(setCalls(w)).toEqual([[30, 'gpu', 1]]);
  });

  it('ignores expendable pods (priority below -10)', () => {
    const w = caWorld({ groups: [nodeGroup('g', 'm5.xlarge')] });
    w.cluster.createPod(podSpec(1000, 1024, { priority: -11 }));
    w.ca.start();
    w.clock.run(100);
    expect(setCalls(w)).toEqual([]);
  });
});

describe('Cluster Autoscaler cluster state', () => {
  it('a scale-up whose instance never registers times out after 15 min: backoff, the instance is removed, another group takes over', () => {
    const w = caWorld({
      groups: [nodeGroup('stuck', 'm5.xlarge'), nodeGroup('other', 'c5.xlarge')],
      options: { expanders: ['priority'], priorities: { 10: ['^stuck$'], 1: ['^other$'] } },
      asg: { bootSeconds: 100_000 },
    });
    w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(1500); // (instances of "other" never register either; its own timeout would come at 1840)
    // Loop at 10: stuck → 1 (request expires at 910); the instance is first seen unregistered at 20.
    // Loops 20..: the upcoming node absorbs the pod. Loop at 920: the request is past its deadline →
    // timed out, backoff 300 s; before 1.36 the upcoming node still counts (target − registered), so the
    // pod waits. Loop at 930: the instance is unregistered for more than 900 s (since 20) → removed, no
    // upcoming node left → "other" scales up.
    expect(w.find('scale-up-timed-out')).toMatchObject([{ at: 920, group: 'stuck', backoffUntil: 1220 }]);
    expect(w.find('unregistered-node-removed')).toMatchObject([{ at: 930, group: 'stuck' }]);
    expect(setCalls(w)).toEqual([
      [10, 'stuck', 1],
      [930, 'other', 1],
    ]);
    expect(w.asg.group('stuck')!.desiredCapacity).toBe(0);
  });

  it('from 1.36 a backed-off group stops absorbing pods at once', () => {
    const w = caWorld({
      groups: [nodeGroup('stuck', 'm5.xlarge'), nodeGroup('other', 'c5.xlarge')],
      options: { version: '1.36', decreaseTargetOnTimeout: true, expanders: ['priority'], priorities: { 10: ['^stuck$'], 1: ['^other$'] } },
      asg: { bootSeconds: 100_000 },
    });
    w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(1500);
    // Loop at 920: timed out → backoff, and (1.36) no request left means no upcoming nodes: "other"
    // scales up in the same loop. The target is not lowered: the stuck instance exists (AWS only drops
    // capacity without an instance); it goes at 930 as long-unregistered.
    expect(w.find('scale-up-timed-out')).toMatchObject([{ at: 920, group: 'stuck' }]);
    expect(setCalls(w)).toEqual([
      [10, 'stuck', 1],
      [920, 'other', 1],
    ]);
    expect(w.asg.calls.filter((c) => c.op === 'terminateInstanceInGroup').map((c) => [c.at, c.group])).toEqual([[930, 'stuck']]);
  });
});
