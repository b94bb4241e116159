import { describe, expect, it } from 'vitest';
import type { Affinity } from '../model/index.js';
import { nodeSelectorMatches, podNodeRequirements, preferredNodeAffinityScore } from './node-affinity.js';
import { podSpec } from './test-fixtures.js';

const zoneTerm = (...zones: string[]) => ({ matchExpressions: [{ key: 'zone', operator: 'In' as const, values: zones }] });

describe('nodeSelectorMatches', () => {
  it('no selector, no affinity: every node', () => {
    expect(nodeSelectorMatches(podSpec(), {})).toBe(true);
  });
  it('nodeSelector needs equal labels', () => {
    const pod = podSpec({ nodeSelector: { arch: 'arm64' } });
    expect(nodeSelectorMatches(pod, { arch: 'arm64', zone: 'a' })).toBe(true);
    expect(nodeSelectorMatches(pod, { arch: 'amd64' })).toBe(false);
    expect(nodeSelectorMatches(pod, {})).toBe(false);
  });
  it('required terms are ORed, and ANDed with the nodeSelector', () => {
    const affinity: Affinity = { nodeAffinity: { required: [zoneTerm('a'), zoneTerm('b')] } };
    const pod = podSpec({ nodeSelector: { arch: 'arm64' }, affinity });
    expect(nodeSelectorMatches(pod, { arch: 'arm64', zone: 'b' })).toBe(true);
    expect(nodeSelectorMatches(pod, { arch: 'arm64', zone: 'c' })).toBe(false);
    expect(nodeSelectorMatches(pod, { arch: 'amd64', zone: 'a' })).toBe(false);
  });
  it('an empty term matches no node; an empty term list is no constraint', () => {
    expect(nodeSelectorMatches(podSpec({ affinity: { nodeAffinity: { required: [{ matchExpressions: [] }] } } }), { zone: 'a' })).toBe(false);
    expect(nodeSelectorMatches(podSpec({ affinity: { nodeAffinity: { required: [] } } }), { zone: 'a' })).toBe(true);
  });
});

describe('podNodeRequirements', () => {
  it('one Requirements per OR-term, each with the nodeSelector', () => {
    const pod = podSpec({ nodeSelector: { arch: 'arm64' }, affinity: { nodeAffinity: { required: [zoneTerm('a'), zoneTerm('b', 'c')] } } });
    const reqs = podNodeRequirements(pod);
    expect(reqs).toHaveLength(2);
    expect(reqs[0].matches({ arch: 'arm64', zone: 'a' })).toBe(true);
    expect(reqs[0].matches({ arch: 'arm64', zone: 'b' })).toBe(false);
    expect(reqs[1].matches({ arch: 'arm64', zone: 'c' })).toBe(true);
    expect(reqs[1].matches({ arch: 'amd64', zone: 'c' })).toBe(false);
  });
  it('just the nodeSelector without required terms', () => {
    const reqs = podNodeRequirements(podSpec({ nodeSelector: { arch: 'arm64' } }));
    expect(reqs).toHaveLength(1);
    expect(reqs[0].values('arch')).toEqual(new Set(['arm64']));
  });
  it('drops terms that cannot hold with the nodeSelector, and empty terms', () => {
    const pod = podSpec({
      nodeSelector: { zone: 'a' },
      affinity: { nodeAffinity: { required: [zoneTerm('b'), { matchExpressions: [] }, zoneTerm('a', 'b')] } },
    });
    const reqs = podNodeRequirements(pod);
    expect(reqs).toHaveLength(1);
    expect(reqs[0].values('zone')).toEqual(new Set(['a']));
    expect(podNodeRequirements(podSpec({ nodeSelector: { zone: 'a' }, affinity: { nodeAffinity: { required: [zoneTerm('b')] } } }))).toEqual([]);
  });
});

describe('preferredNodeAffinityScore', () => {
  it('sums the weights of matching preferred terms', () => {
    const pod = podSpec({
      affinity: { nodeAffinity: { preferred: [{ weight: 10, term: zoneTerm('a') }, { weight: 5, term: { matchExpressions: [{ key: 'ssd', operator: 'Exists', values: [] }] } }, { weight: 7, term: { matchExpressions: [] } }] } },
    });
    expect(preferredNodeAffinityScore(pod, { zone: 'a', ssd: '' })).toBe(15);
    expect(preferredNodeAffinityScore(pod, { zone: 'b', ssd: '' })).toBe(5);
    expect(preferredNodeAffinityScore(pod, {})).toBe(0);
    expect(preferredNodeAffinityScore(podSpec(), { zone: 'a' })).toBe(0);
  });
});
