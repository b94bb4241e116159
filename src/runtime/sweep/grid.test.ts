import { describe, expect, it } from 'vitest';
import { cartesian, gridPoints, gridRuns, inShard, parseShard, pointId, shortPath } from './grid.js';
import { parseSetSpecs } from './set-spec.js';

describe('the grid', () => {
  it('is the cartesian product, the first --set varying slowest', () => {
    expect(cartesian([2, 3])).toEqual([
      [0, 0],
      [0, 1],
      [0, 2],
      [1, 0],
      [1, 1],
      [1, 2],
    ]);
    expect(cartesian([])).toEqual([[]]);
  });

  it('names points by number and the last two keys of each path', () => {
    const specs = parseSetSpecs(['cloud.spot.interruptionMultiplier=1,10,40', 'karpenter.manifests[0].spec.disruption.consolidateAfter=0s,5m']);
    const points = gridPoints(specs);
    expect(points.map((p) => p.id)).toEqual([
      'p000-spot.interruptionMultiplier=1,disruption.consolidateAfter=0s',
      'p001-spot.interruptionMultiplier=1,disruption.consolidateAfter=5m',
      'p002-spot.interruptionMultiplier=10,disruption.consolidateAfter=0s',
      'p003-spot.interruptionMultiplier=10,disruption.consolidateAfter=5m',
      'p004-spot.interruptionMultiplier=40,disruption.consolidateAfter=0s',
      'p005-spot.interruptionMultiplier=40,disruption.consolidateAfter=5m',
    ]);
    expect(points[3]!.values).toEqual({ 'cloud.spot.interruptionMultiplier': 10, 'karpenter.manifests[0].spec.disruption.consolidateAfter': '5m' });
    expect(shortPath(['static', 'nodes', 0, 'count'])).toBe('nodes.0.count');
  });

  it('keeps ids directory-safe and wide enough for every point', () => {
    const specs = parseSetSpecs(['cluster.podTemplates.web.requests["nvidia.com/gpu"]=1', 'x=[a b]']);
    expect(pointId(0, 1, specs, [0, 0])).toBe('p000-requests.nvidia.com_gpu=1,x=_a_b_');
    expect(pointId(7, 1500, specs, [0, 0])).toMatch(/^p0007-/);
    expect(pointId(0, 1, [], [])).toBe('p000');
  });

  it('numbers runs point-major, then policy, then seed', () => {
    const points = gridPoints(parseSetSpecs(['a=1,2']));
    const runs = gridRuns(points, ['static', 'cluster-autoscaler'], () => [5, 6]);
    expect(runs.map((r) => `${r.index}:${r.point}/${r.policy}/${r.seed}`)).toEqual([
      '0:p000-a=1/static/5',
      '1:p000-a=1/static/6',
      '2:p000-a=1/cluster-autoscaler/5',
      '3:p000-a=1/cluster-autoscaler/6',
      '4:p001-a=2/static/5',
      '5:p001-a=2/static/6',
      '6:p001-a=2/cluster-autoscaler/5',
      '7:p001-a=2/cluster-autoscaler/6',
    ]);
    expect(runs[6]!.dir).toBe('runs/p001-a=2/cluster-autoscaler/seed-5');
  });
});

describe('shards', () => {
  it('parses i/N with 0 <= i < N', () => {
    expect(parseShard('2/3')).toEqual({ index: 2, count: 3 });
    expect(parseShard(' 0 / 1 ')).toEqual({ index: 0, count: 1 });
    for (const bad of ['3/3', '1/0', '-1/2', 'a/2', '1', '1/2/3', '']) expect(parseShard(bad)).toBeUndefined();
  });

  it('split the runs into disjoint sets that cover the grid: run r goes to shard r mod N', () => {
    const n = 4;
    const owners = Array.from({ length: 11 }, (_, r) => [0, 1, 2, 3].filter((i) => inShard(r, { index: i, count: n })));
    expect(owners).toEqual([[0], [1], [2], [3], [0], [1], [2], [3], [0], [1], [2]]);
  });
});
