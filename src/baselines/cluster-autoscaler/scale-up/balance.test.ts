import { describe, expect, it } from 'vitest';
import type { NodeGroupInfo } from '../node-groups.js';
import { cloudTemplate } from '../template.js';
import { TYPES } from '../testing/fixtures.js';
import { balanceScaleUp, templatesSimilar } from './balance.js';

const g = (name: string, targetSize: number, maxSize: number, extra: Partial<NodeGroupInfo> = {}): NodeGroupInfo =>
  ({ name, targetSize, maxSize, minSize: 0, zones: ['us-east-1a'], labels: {}, taints: [], ...extra }) as NodeGroupInfo;

describe('balance-similar-node-groups', () => {
  it('water-fills new nodes into the smallest groups, respecting max sizes', () => {
    // Sizes a=1 (max 5), b=3 (max 5), c=0 (max 2); 6 nodes: c→1, c→2 (max), a→2, a→3, a→4, b→4.
    const r = balanceScaleUp([g('a', 1, 5), g('b', 3, 5), g('c', 0, 2)], 6);
    expect(Object.fromEntries(r.map((x) => [x.group.name, [x.currentSize, x.newSize]]))).toEqual({ c: [0, 2], a: [1, 4], b: [3, 4] });
  });

  it('stops when every group is at max', () => {
    const r = balanceScaleUp([g('a', 4, 5), g('b', 5, 5)], 10);
    expect(r.map((x) => [x.group.name, x.newSize])).toEqual([['a', 5]]);
  });

  it('groups of the same type in other zones are similar; another type or another label is not', () => {
    const a = cloudTemplate(g('a', 0, 5, { zones: ['us-east-1a'], labels: { team: 'x', 'eks.amazonaws.com/nodegroup': 'a' } }), TYPES.m5xlarge, []);
    const b = cloudTemplate(g('b', 0, 5, { zones: ['us-east-1b'], labels: { team: 'x', 'eks.amazonaws.com/nodegroup': 'b' } }), TYPES.m5xlarge, []);
    const c = cloudTemplate(g('c', 0, 5, { zones: ['us-east-1b'], labels: { team: 'y' } }), TYPES.m5xlarge, []);
    const d = cloudTemplate(g('d', 0, 5, { zones: ['us-east-1a'], labels: { team: 'x' } }), TYPES.c5xlarge, []);
    expect(templatesSimilar(a, b)).toBe(true);
    expect(templatesSimilar(a, c)).toBe(false);
    expect(templatesSimilar(a, d)).toBe(false);
  });
});
