import { describe, expect, it } from 'vitest';
import { notTriggerScaleUpMessage } from '../../src/baselines/cluster-autoscaler/scale-up/no-scale-up-log.js';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import type { Decision } from '../../src/model/index.js';
import { caWorld } from './ca-world.js';

/**
 * The `no-scale-up` records (CA's NotTriggerScaleUp events). Loops run every 10 s (scan interval, no
 * frequent loops, no decision time): at 10, 20, 30, ... An unchanged outcome for the same pods is logged
 * again only once 600 s have passed since its last record (client-go's 10-minute aggregation window), so
 * with a loop every 10 s the records come at 10, 610, 1210, ..., each folding the 59 loops in between.
 */
const brief = (d: Decision) => ({ at: d.at, pods: d.pods, podCount: d.podCount, repeats: d.repeats, since: d.since });

describe('Cluster Autoscaler no-scale-up records', () => {
  // m5.xlarge template: capacity as allocatable, 4000m − 100m kube-proxy = 3900m < 6000m → Insufficient cpu.
  // m5.2xlarge template: 7900m would fit, but its taint dedicated=batch:NoSchedule is not tolerated.
  const groups = [
    nodeGroup('general', 'm5.xlarge'),
    nodeGroup('tainted', 'm5.2xlarge', { taints: [{ key: 'dedicated', value: 'batch', effect: 'NoSchedule' }] }),
  ];
  const reason = "pod didn't trigger scale-up: 1 Insufficient cpu, 1 node(s) had untolerated taint {dedicated: batch}";

  it('one unfittable pod for 2 h: 12 records (at 10 + 600k s), naming the pod with each node group reason', () => {
    const w = caWorld({ groups });
    w.cluster.createPod(podSpec(6000, 1024, { app: 'giant' }));
    w.ca.start();
    w.clock.run(7200);
    const d = w.find('no-scale-up');
    // Loops at 10..7200 (720 of them); records at 10, 610, ..., 6610 (7210 is past the horizon).
    expect(d.map((x) => x.at)).toEqual([10, 610, 1210, 1810, 2410, 3010, 3610, 4210, 4810, 5410, 6010, 6610]);
    expect(d.map((x) => x.repeats)).toEqual([0, ...Array<number>(11).fill(59)]);
    for (const x of d) {
      expect(x).toMatchObject({ actor: 'cluster-autoscaler/scale-up', reason, pods: ['default/giant-1'], podCount: 1, since: 10, pendingPods: 1 });
      expect(x.skipped).toEqual({ general: 'Insufficient cpu', tainted: 'node(s) had untolerated taint {dedicated: batch}' });
    }
    expect(w.find('scale-up')).toEqual([]);
  });

  it('a second pending pod appearing gets its own record at once; a new replica of the first changes its record', () => {
    const w = caWorld({ groups });
    w.cluster.createPod(podSpec(6000, 1024, { app: 'giant' }));
    w.ca.start();
    w.clock.run(1000);
    w.cluster.createPod(podSpec(6000, 1024, { app: 'other' })); // another controller: another equivalence group
    w.clock.run(2000);
    w.cluster.createPod(podSpec(6000, 1024, { app: 'giant' })); // same controller and spec: the group grows
    w.clock.run(2700);
    expect(w.find('no-scale-up').map(brief)).toEqual([
      { at: 10, pods: ['default/giant-1'], podCount: 1, repeats: 0, since: 10 },
      { at: 610, pods: ['default/giant-1'], podCount: 1, repeats: 59, since: 10 },
      { at: 1010, pods: ['default/other-1'], podCount: 1, repeats: 0, since: 1010 },
      { at: 1210, pods: ['default/giant-1'], podCount: 1, repeats: 59, since: 10 },
      { at: 1610, pods: ['default/other-1'], podCount: 1, repeats: 59, since: 1010 },
      { at: 1810, pods: ['default/giant-1'], podCount: 1, repeats: 59, since: 10 },
      // The giant group now holds two pods: a changed outcome, logged at the next loop (19 loops since 1810 folded away).
      { at: 2010, pods: ['default/giant-1', 'default/giant-2'], podCount: 2, repeats: 0, since: 2010 },
      { at: 2210, pods: ['default/other-1'], podCount: 1, repeats: 59, since: 1010 },
      { at: 2610, pods: ['default/giant-1', 'default/giant-2'], podCount: 2, repeats: 59, since: 2010 },
    ]);
    expect(w.find('no-scale-up').at(-1)!.pendingPods).toBe(3);
  });

  it('a pod that becomes schedulable is not reported again', () => {
    // One m5.xlarge node (allocatable 4000m − 80m = 3920m), its group at max size 1, holding a 3000m pod.
    const w = caWorld({ groups: [nodeGroup('full', 'm5.xlarge', { minSize: 1, maxSize: 1, desiredCapacity: 1 })] });
    w.cluster.createPod(podSpec(3000, 1024, { app: 'filler' }));
    w.ca.start();
    w.clock.run(100);
    expect([...w.cluster.pendingPods()]).toHaveLength(0);
    w.cluster.createPod(podSpec(2000, 1024, { app: 'waiting' })); // 3000m + 2000m > 3920m: Unschedulable
    w.clock.run(1000);
    w.cluster.deletePod('default/filler-1'); // room now: kube-scheduler binds the waiting pod
    w.clock.run(3000);
    expect([...w.cluster.pendingPods()]).toHaveLength(0);
    const d = w.find('no-scale-up');
    // Loops at 110 (pod 10 s old) and 710 (600 s later); none after the pod is bound at 1000.
    expect(d.map(brief)).toEqual([
      { at: 110, pods: ['default/waiting-1'], podCount: 1, repeats: 0, since: 110 },
      { at: 710, pods: ['default/waiting-1'], podCount: 1, repeats: 59, since: 110 },
    ]);
    expect(d[0]!.reason).toBe("pod didn't trigger scale-up: 1 max node group size reached");
    expect(d[0]!.skipped).toEqual({ full: 'max node group size reached' });
  });

  it('a node group in backoff is named with the error that started it', () => {
    // As in ca-fallback: the spot launch fails at once, the Failed activity is seen at the ASG refresh at 70,
    // backoff 300 s until 370. Loop at 80: the only group is backed off. Next scale-up attempt at 380.
    const w = caWorld({ groups: [nodeGroup('spot-m5', 'm5.xlarge', { capacityType: 'spot' })] });
    w.asg.failLaunches('spot-m5', 'InsufficientInstanceCapacity');
    for (let i = 0; i < 6; i++) w.cluster.createPod(podSpec(1000, 1024));
    w.ca.start();
    w.clock.run(370);
    const d = w.find('no-scale-up');
    expect(d).toHaveLength(1);
    expect(d[0]).toMatchObject({
      at: 80,
      reason: "pod didn't trigger scale-up: 1 in backoff after failed scale-up",
      pods: ['default/app-1', 'default/app-2', 'default/app-3', 'default/app-4', 'default/app-5', 'default/app-6'],
      podCount: 6,
      skipped: { 'spot-m5': 'in backoff after failed scale-up' },
      backoffErrorCodes: { 'spot-m5': 'InsufficientInstanceCapacity' },
      repeats: 0,
    });
  });

  it('a loop that scales up for other pods still reports the pods no group can help (GetRemainingPods)', () => {
    const w = caWorld({ groups });
    w.cluster.createPod(podSpec(6000, 1024, { app: 'giant' }));
    for (let i = 0; i < 3; i++) w.cluster.createPod(podSpec(1000, 1024, { app: 'web' })); // 3 × 1000m: one m5.xlarge
    w.ca.start();
    w.clock.run(100);
    expect(w.find('scale-up').map((d) => [d.at, d.chosenGroup, d.nodeCount])).toEqual([[10, 'general', 1]]);
    // At 10 beside the scale-up (4 pods needed help); from 20 the web pods fit the upcoming node and the
    // giant's outcome is unchanged: folded.
    expect(w.find('no-scale-up').map((d) => [d.at, d.pods, d.pendingPods])).toEqual([[10, ['default/giant-1'], 4]]);
  });

  it('names at most 20 pods and counts the rest', () => {
    const w = caWorld({ groups });
    for (let i = 0; i < 25; i++) w.cluster.createPod(podSpec(6000, 1024, { app: 'giant' }));
    w.ca.start();
    w.clock.run(10);
    const [d] = w.find('no-scale-up');
    expect(d!.podCount).toBe(25);
    expect(d!.pods).toEqual(Array.from({ length: 20 }, (_, i) => `default/giant-${i + 1}`));
  });

  it('words the message like CA: each reason with its number of node groups, sorted', () => {
    expect(notTriggerScaleUpMessage({ a: 'max node group size reached', b: 'Insufficient cpu', c: 'max node group size reached' })).toBe(
      "pod didn't trigger scale-up: 1 Insufficient cpu, 2 max node group size reached",
    );
  });
});
