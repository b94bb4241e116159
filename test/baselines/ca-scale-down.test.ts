import { describe, expect, it } from 'vitest';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { caWorld } from './ca-world.js';

const onGroup = (name: string) => ({ nodeSelector: { 'eks.amazonaws.com/nodegroup': name } });

describe('Cluster Autoscaler scale-down', () => {
  it('removes an idle node after 10 min unneeded (loops every 10 s from t=10; start counts as the last scale-up)', () => {
    const w = caWorld({ groups: [nodeGroup('idle', 'm5.xlarge', { desiredCapacity: 1 })] });
    w.ca.start();
    w.clock.run(2000);
    // Unneeded since the first loop at 10 → removable at 610; the start-up cooldown ended at 600.
    expect(w.find('scale-down').map((d) => d.at)).toEqual([610]);
    // Empty node: taint, 5 s delay, terminate with decrement.
    expect(w.asg.calls.map((c) => [c.at, c.op])).toEqual([[615, 'terminateInstanceInGroup']]);
    expect(w.asg.group('idle')!.desiredCapacity).toBe(0);
  });

  it('soft-taints unneeded nodes DeletionCandidateOfClusterAutoscaler:PreferNoSchedule and untaints them when needed again', () => {
    const w = caWorld({ groups: [nodeGroup('idle', 'm5.xlarge', { desiredCapacity: 1 })] });
    w.ca.start();
    w.clock.run(10);
    const node = () => [...w.cluster.nodes()][0]!;
    expect(node().taints.filter((t) => t.key === 'DeletionCandidateOfClusterAutoscaler').map((t) => t.effect)).toEqual(['PreferNoSchedule']);
    w.clock.run(15);
    w.cluster.createPod(podSpec(3000, 1024)); // 3000/3920 > 0.5: needed at the loop of 20
    w.clock.run(20);
    expect(node().taints.some((t) => t.key === 'DeletionCandidateOfClusterAutoscaler')).toBe(false);
  });

  it('waits 10 min after the last scale-up even when the node has been unneeded longer', () => {
    const w = caWorld({ groups: [nodeGroup('idle', 'm5.xlarge', { desiredCapacity: 1 }), nodeGroup('work', 'm5.xlarge')] });
    w.ca.start();
    w.clock.run(300);
    w.cluster.createPod(podSpec(1000, 1024, onGroup('work')));
    w.clock.run(2000);
    expect(w.find('scale-up').map((d) => [d.at, d.chosenGroup])).toEqual([[310, 'work']]);
    // The idle node is unneeded since 10 (removable at 610) but the scale-up at 310 holds deletions until 910.
    const downs = w.find('scale-down');
    expect(downs.map((d) => d.at)).toEqual([910]);
    expect(downs[0]!.group).toBe('idle');
  });

  it('restarts the unneeded timer when the node stops being unneeded', () => {
    const w = caWorld({ groups: [nodeGroup('idle', 'm5.xlarge', { desiredCapacity: 1 })] });
    w.ca.start();
    w.clock.run(195);
    const pod = w.cluster.createPod(podSpec(2500, 1024)); // 2500/3920 = 0.64 > 0.5: needed at the loop of 200
    w.clock.run(295);
    w.cluster.deletePod(pod.uid);
    w.clock.run(2000);
    // Unneeded 10..190, needed at 200..290, unneeded again from 300 → removable at 900.
    expect(w.find('scale-down').map((d) => d.at)).toEqual([900]);
  });

  describe('a kube-system pod without a PodDisruptionBudget', () => {
    function world(version: string, withPdb: boolean) {
      const w = caWorld({ groups: [nodeGroup('sys', 'm5.xlarge', { desiredCapacity: 2 })], options: { version } });
      w.cluster.createPod(podSpec(2500, 1024, { app: 'busy' })); // first node (name tie-break): 0.64 utilized
      w.cluster.createPod(podSpec(100, 70, { namespace: 'kube-system', app: 'coredns' })); // least allocated: second node
      if (withPdb) w.cluster.addPdb({ name: 'coredns', namespace: 'kube-system', selector: { matchLabels: { app: 'coredns' } }, maxUnavailable: 1 });
      w.ca.start();
      return w;
    }

    it('blocks removal of its node (1.32: for good)', () => {
      const w = world('1.32', false);
      w.clock.run(5000);
      expect(w.find('scale-down')).toHaveLength(0);
      expect(w.find('node-unremovable').some((d) => String(d.reason).includes('UnmovableKubeSystemPod'))).toBe(true);
      expect([...w.cluster.nodes()]).toHaveLength(2);
    });

    it('stops blocking once older than 1 h from 1.33 on (re-checked every 5 min)', () => {
      const w = world('1.33', false);
      w.clock.run(5000);
      // Unremovable at 10, re-simulated every 300 s: 310, ..., 3610 (pod created at 0 is then > 1 h old);
      // unneeded from 3610, removable at 4210.
      expect(w.find('scale-down').map((d) => d.at)).toEqual([4210]);
    });

    it('with a PDB allowing a disruption, the node is drained and removed', () => {
      const w = world('1.32', true);
      w.clock.run(2000);
      const downs = w.find('scale-down');
      expect(downs.map((d) => [d.at, d.empty])).toEqual([[610, false]]);
      expect(w.find('scale-down-completed')).toHaveLength(1);
      expect([...w.cluster.nodes()]).toHaveLength(1);
    });
  });

  it('never removes nodes below the group min size', () => {
    const w = caWorld({ groups: [nodeGroup('pool', 'm5.xlarge', { minSize: 2, desiredCapacity: 4 })] });
    w.ca.start();
    w.clock.run(3000);
    expect(w.find('scale-down').map((d) => d.at)).toEqual([610, 610]);
    expect(w.asg.group('pool')!.desiredCapacity).toBe(2);
    expect([...w.cluster.nodes()]).toHaveLength(2);
  });
});
