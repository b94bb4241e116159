import { describe, expect, it } from 'vitest';
import { LabelKeys } from '../../../src/model/index.js';
import { EngineWorld } from './engine-world.js';
import { pool } from './world.js';

const onDemand = { key: LabelKeys.capacityType, operator: 'In' as const, values: ['on-demand'] };
const m5xlarge = { key: LabelKeys.instanceType, operator: 'In' as const, values: ['m5.xlarge'] };

describe('emptiness, end to end (engine + SimCluster + MockEc2)', () => {
  it('an empty node is removed once consolidateAfter has passed since its last pod left, not before', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], consolidateAfterSeconds: 300 })] });
    w.deployment('web', 2, { cpuMillis: 500 });
    w.runUntil(600);
    expect(w.nodes()).toHaveLength(1);
    const node = w.nodes()[0].name;
    w.deployment('web', 0);
    // Pods start terminating at 600 (lastPodEventTime); consolidatable from 900; the controller polls every 10 s,
    // then waits 15 s to validate the emptiness command.
    w.runUntil(899);
    expect(w.cluster.node(node)).toBeDefined();
    expect(w.decisionsOf('disruption')).toEqual([]);
    w.runUntil(1000);
    const d = w.decisionsOf('disruption');
    expect(d).toEqual([expect.objectContaining({ reason: 'emptiness', decision: 'delete', nodes: [node] })]);
    expect(d[0].at).toBeGreaterThanOrEqual(915);
    expect(d[0].at).toBeLessThanOrEqual(926);
    expect(w.cluster.node(node)).toBeUndefined();
  });

  it('consolidateAfter Never keeps the empty node', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand], consolidateAfterSeconds: 'Never' })] });
    w.deployment('web', 1, { cpuMillis: 500 });
    w.runUntil(300);
    w.deployment('web', 0);
    w.runUntil(4000);
    expect(w.nodes()).toHaveLength(1);
    expect(w.decisionsOf('disruption')).toEqual([]);
  });

  it('a budget of 1 node removes empty nodes one at a time', () => {
    const w = new EngineWorld({ pools: [pool({ requirements: [onDemand, m5xlarge], budgets: [{ nodes: '1' }], consolidateAfterSeconds: 30 })] });
    // 2500m pods: one per m5.xlarge (3920m allocatable).
    w.deployment('web', 4, { cpuMillis: 2500 });
    w.runUntil(600);
    expect(w.nodes()).toHaveLength(4);
    let mostAtOnce = 0;
    w.always(() => {
      const going = w.claims().filter((c) => c.status.deletionAt !== undefined).length;
      mostAtOnce = Math.max(mostAtOnce, going);
    });
    w.deployment('web', 0);
    w.runUntil(1800);
    expect(w.nodes()).toHaveLength(0);
    const d = w.decisionsOf('disruption');
    expect(d.map((x) => x.nodes)).toEqual([[expect.any(String)], [expect.any(String)], [expect.any(String)], [expect.any(String)]]);
    expect(d.every((x) => x.reason === 'emptiness')).toBe(true);
    expect(mostAtOnce).toBe(1);
    // With the default 10% (rounded up: 1 of 4) the same holds; with 100% all four go in one command.
    const all = new EngineWorld({ pools: [pool({ requirements: [onDemand, m5xlarge], budgets: [{ nodes: '100%' }], consolidateAfterSeconds: 30 })] });
    all.deployment('web', 4, { cpuMillis: 2500 });
    all.runUntil(600);
    all.deployment('web', 0);
    all.runUntil(1800);
    expect(all.decisionsOf('disruption').map((x) => (x.nodes as string[]).length)).toEqual([4]);
  });
});
