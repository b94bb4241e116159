import { describe, expect, it } from 'vitest';
import { nodeGroup, podSpec } from '../../src/baselines/cluster-autoscaler/testing/fixtures.js';
import { RandomSource } from '../../src/sim/random.js';
import { caWorld } from './ca-world.js';

describe('Cluster Autoscaler bounds', () => {
  for (const seed of [1, 2, 3]) {
    it(`never asks for more than max or fewer than min nodes (bursts and idle periods, seed ${seed})`, () => {
      const groups = [
        nodeGroup('a', 'm5.xlarge', { minSize: 1, maxSize: 4, desiredCapacity: 1 }),
        nodeGroup('b', 'c5.xlarge', { minSize: 0, maxSize: 3 }),
        nodeGroup('c', 'm5.2xlarge', { minSize: 2, maxSize: 5, desiredCapacity: 2 }),
      ];
      const w = caWorld({
        groups,
        seed,
        options: { expanders: ['random'], frequentLoopsEnabled: true, balanceSimilarNodeGroups: seed === 2 },
        asg: { bootSeconds: 45 },
        nodeReadySeconds: 15,
      });
      const r = new RandomSource(seed).stream('workload');
      let created: string[] = [];
      const schedule = (at: number): void => {
        w.clock.scheduleAt(at, () => {
          if (r.bernoulli(0.5)) {
            const n = 20 + r.int(60);
            for (let i = 0; i < n; i++) created.push(w.cluster.createPod(podSpec(250 + r.int(1500), 256 + r.int(4096), { app: `burst-${at}` })).uid);
          } else {
            for (const uid of created) if (w.cluster.pod(uid)) w.cluster.deletePod(uid);
            created = [];
          }
          if (at < 6 * 3600) schedule(at + 600 + r.int(1200));
        });
      };
      schedule(5);
      w.ca.start();
      const bounds = new Map(groups.map((g) => [g.name, g]));
      const check = (): void => {
        for (const g of w.asg.groups()) {
          const b = bounds.get(g.name)!;
          expect(g.desiredCapacity).toBeGreaterThanOrEqual(b.minSize);
          expect(g.desiredCapacity).toBeLessThanOrEqual(b.maxSize);
          expect(g.instances.length).toBeLessThanOrEqual(b.maxSize);
        }
      };
      for (let t = 60; t <= 7 * 3600; t += 60) {
        w.clock.run(t);
        check();
      }
      for (const c of w.asg.calls) {
        if (c.op !== 'setDesiredCapacity') continue;
        const b = bounds.get(c.group)!;
        expect(c.value).toBeGreaterThanOrEqual(b.minSize);
        expect(c.value).toBeLessThanOrEqual(b.maxSize);
      }
      expect(w.find('scale-up').length).toBeGreaterThan(0);
      expect(w.find('scale-down-completed').length).toBeGreaterThan(0);
    });
  }
});
