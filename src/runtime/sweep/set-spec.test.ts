import { describe, expect, it } from 'vitest';
import { isInputError } from '../../scenario/errors.js';
import { formatPath, parsePath, parseSetSpec, parseSetSpecs, splitValues } from './set-spec.js';

function inputErrorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('--set paths', () => {
  it('reads dotted keys, list indexes and quoted keys', () => {
    expect(parsePath('cloud.spot.interruptionMultiplier')).toEqual(['cloud', 'spot', 'interruptionMultiplier']);
    expect(parsePath('karpenter.manifests[0].spec.disruption.consolidateAfter')).toEqual(['karpenter', 'manifests', 0, 'spec', 'disruption', 'consolidateAfter']);
    expect(parsePath('clusterAutoscaler.flags.scale-down-unneeded-time')).toEqual(['clusterAutoscaler', 'flags', 'scale-down-unneeded-time']);
    expect(parsePath('a.b[2][3].c')).toEqual(['a', 'b', 2, 3, 'c']);
    expect(parsePath('requests["nvidia.com/gpu"]')).toEqual(['requests', 'nvidia.com/gpu']);
    expect(parsePath("requests['a.b'].x")).toEqual(['requests', 'a.b', 'x']);
    // digits after a dot are a mapping key (Cluster Autoscaler priorities "30": [...]), not an index
    expect(parsePath('clusterAutoscaler.priorities.30')).toEqual(['clusterAutoscaler', 'priorities', '30']);
  });

  it('formats paths back canonically', () => {
    expect(formatPath(['karpenter', 'manifests', 0, 'spec'])).toBe('karpenter.manifests[0].spec');
    expect(formatPath(['requests', 'nvidia.com/gpu'])).toBe('requests["nvidia.com/gpu"]');
    expect(formatPath(parsePath('a.b[1].scale-down-unneeded-time'))).toBe('a.b[1].scale-down-unneeded-time');
  });

  it('rejects malformed paths, naming the flag', () => {
    expect(inputErrorOf(() => parseSetSpec('a..b=1'))).toContain('"a..b=1": empty key');
    expect(inputErrorOf(() => parseSetSpec('a.b.=1'))).toContain('ends with "."');
    expect(inputErrorOf(() => parseSetSpec('a[x]=1'))).toContain('expected a list index');
    expect(inputErrorOf(() => parseSetSpec('a[0=1'))).toContain('unclosed "["');
    expect(inputErrorOf(() => parseSetSpec('a b=1'))).toContain('key "a b"');
    expect(inputErrorOf(() => parseSetSpec('=1'))).toContain('empty path');
    expect(inputErrorOf(() => parseSetSpec('horizon'))).toContain('expected path=value1,value2');
  });
});

describe('--set values', () => {
  it('splits on commas outside quotes and brackets', () => {
    expect(splitValues('1,10,40')).toEqual(['1', '10', '40']);
    expect(splitValues(' 5m , 10m ')).toEqual(['5m', '10m']);
    expect(splitValues('"priority,least-waste",random')).toEqual(['"priority,least-waste"', 'random']);
    expect(splitValues("[spot],[spot, on-demand]")).toEqual(['[spot]', '[spot, on-demand]']);
    expect(splitValues('{a: 1, b: 2},x')).toEqual(['{a: 1, b: 2}', 'x']);
  });

  it('parses each value as YAML: numbers, durations as strings, booleans, null, lists', () => {
    const s = parseSetSpec('x=1,2.5,5m,0s,true,null,"10",[spot, on-demand]');
    expect(s.values).toEqual([1, 2.5, '5m', '0s', true, null, '10', ['spot', 'on-demand']]);
    expect(s.valueTexts).toEqual(['1', '2.5', '5m', '0s', 'true', 'null', '"10"', '[spot, on-demand]']);
    expect(s.pathText).toBe('x');
  });

  it('rejects empty and repeated values and unclosed quotes', () => {
    expect(inputErrorOf(() => parseSetSpec('x=1,,2'))).toContain('empty value');
    expect(inputErrorOf(() => parseSetSpec('x='))).toContain('empty value');
    expect(inputErrorOf(() => parseSetSpec('x=1,2,1'))).toContain('value "1" is listed twice');
    expect(inputErrorOf(() => parseSetSpec('x="a,b'))).toContain('unclosed "');
  });

  it('rejects the same path twice and paths inside one another', () => {
    expect(inputErrorOf(() => parseSetSpecs(['horizon=1h', 'horizon=2h']))).toContain('path "horizon" is set twice');
    expect(inputErrorOf(() => parseSetSpecs(['cloud.spot={}', 'cloud.spot.correlation=0.1']))).toContain('overlaps --set cloud.spot={}');
    expect(parseSetSpecs(['cloud.spot.correlation=0.1', 'cloud.spot.interruptionMultiplier=2'])).toHaveLength(2);
  });
});
