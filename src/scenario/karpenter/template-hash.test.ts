import { describe, expect, it } from 'vitest';
import type { NodeClass, NodePool } from '../../model/index.js';
import { defaultNodeClass, templateHash } from './index.js';

const pool: NodePool = {
  name: 'p',
  weight: 10,
  labels: { team: 'a', tier: 'web' },
  taints: [
    { key: 'a', effect: 'NoSchedule' },
    { key: 'b', value: 'x', effect: 'NoExecute' },
  ],
  startupTaints: [],
  requirements: [
    { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['spot', 'on-demand'] },
    { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['c', 'm'] },
  ],
  nodeClassName: 'default',
  expireAfterSeconds: 2_592_000,
  disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [{ nodes: '10%' }] },
  limits: { cpuMillis: 1_000_000 },
};
const nodeClass: NodeClass = { ...defaultNodeClass('default'), recorded: { subnetSelectorTerms: [{ tags: { a: 'b' } }], userData: 'echo 1' } };
const base = templateHash(pool, nodeClass);

describe('templateHash', () => {
  it('is 16 hex digits and stable for equal inputs', () => {
    expect(base).toMatch(/^[0-9a-f]{16}$/);
    expect(templateHash(structuredClone(pool), structuredClone(nodeClass))).toBe(base);
  });

  it('ignores the order of requirements, values, taints and label keys (hashed as sets, as Karpenter does)', () => {
    const reordered: NodePool = {
      ...pool,
      labels: { tier: 'web', team: 'a' },
      taints: [...pool.taints].reverse(),
      requirements: [
        { key: 'karpenter.k8s.aws/instance-category', operator: 'In', values: ['m', 'c'] },
        { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand', 'spot'] },
      ],
    };
    expect(templateHash(reordered, nodeClass)).toBe(base);
  });

  it('does not change with behavioural fields (disruption, limits, weight) nor subnet selectors', () => {
    const behavioural: NodePool = {
      ...pool,
      weight: 99,
      limits: {},
      disruption: { consolidationPolicy: 'WhenEmpty', budgets: [{ nodes: '0' }] },
    };
    expect(templateHash(behavioural, nodeClass)).toBe(base);
    expect(templateHash(pool, { ...nodeClass, recorded: { ...nodeClass.recorded, subnetSelectorTerms: [{ id: 'subnet-1' }] } })).toBe(base);
  });

  it('changes with every static field of the pool template and the node class', () => {
    const variants: [string, NodePool, NodeClass][] = [
      ['labels', { ...pool, labels: { team: 'b', tier: 'web' } }, nodeClass],
      ['taints', { ...pool, taints: [{ key: 'a', effect: 'NoExecute' }] }, nodeClass],
      ['startupTaints', { ...pool, startupTaints: [{ key: 's', effect: 'NoSchedule' }] }, nodeClass],
      ['requirements', { ...pool, requirements: pool.requirements.slice(1) }, nodeClass],
      ['minValues', { ...pool, requirements: [pool.requirements[0]!, { ...pool.requirements[1]!, minValues: 2 }] }, nodeClass],
      ['nodeClassRef', { ...pool, nodeClassName: 'other' }, nodeClass],
      ['expireAfter', { ...pool, expireAfterSeconds: undefined }, nodeClass],
      ['terminationGracePeriod', { ...pool, terminationGracePeriodSeconds: 60 }, nodeClass],
      ['amiId', pool, { ...nodeClass, amiId: 'al2023@v20240807' }],
      ['kubelet', pool, { ...nodeClass, kubelet: { maxPods: 20 } }],
      ['blockDevice', pool, { ...nodeClass, blockDeviceGiB: 40 }],
      ['tags', pool, { ...nodeClass, tags: { owner: 'x' } }],
      ['userData', pool, { ...nodeClass, recorded: { ...nodeClass.recorded, userData: 'echo 2' } }],
    ];
    const hashes = new Set([base]);
    for (const [what, p, c] of variants) {
      const h = templateHash(p, c);
      expect(h, what).not.toBe(base);
      hashes.add(h);
    }
    expect(hashes.size).toBe(variants.length + 1);
  });
});
