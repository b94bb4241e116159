import { describe, expect, it } from 'vitest';
import { resources, type Node } from '../../model/index.js';
import { NodeState } from './node-state.js';

function node(): Node {
  const r = resources({ cpuMillis: 4000, memoryMiB: 16384, pods: 110 });
  return { name: 'n1', labels: {}, taints: [], annotations: {}, capacity: r, allocatable: r, providerID: 'aws:///us-east-1a/i-1', ready: true, unschedulable: false, createdAt: 0 };
}

describe('NodeState static verdicts', () => {
  it('remembers pass (1) and fail (2) per id, small and large ids alike, and forgets them all when the node changes', () => {
    const s = new NodeState(node());
    const ids = [0, 1, 29, 30, 31, 45];
    for (const id of ids) expect(s.staticVerdict(id)).toBe(0);
    ids.forEach((id, i) => s.rememberStaticVerdict(id, i % 2 === 0));
    expect(ids.map((id) => s.staticVerdict(id))).toEqual([1, 2, 1, 2, 1, 2]);
    expect(s.staticVerdict(2)).toBe(0);
    // A verdict can be replaced (after a change made it unknown again).
    s.rememberStaticVerdict(0, false);
    s.rememberStaticVerdict(1, true);
    expect([s.staticVerdict(0), s.staticVerdict(1)]).toEqual([2, 1]);
    s.nodeChanged();
    for (const id of ids) expect(s.staticVerdict(id)).toBe(0);
  });
});
