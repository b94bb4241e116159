import { describe, expect, it } from 'vitest';
import { BARE_SPEC } from './pod-template.js';
import { hashUnit, transformEvents, type TraceTransform } from './transform.js';
import { newSourceStats, type WorkloadEvent } from './types.js';

const pod = (at: number, id: string, durationSeconds?: number): WorkloadEvent => ({
  kind: 'pod',
  at,
  id,
  spec: durationSeconds === undefined ? BARE_SPEC : { ...BARE_SPEC, durationSeconds },
});
const del = (at: number, id: string): WorkloadEvent => ({ kind: 'delete-pod', at, id });
const scale = (at: number, replicas: number): WorkloadEvent => ({ kind: 'scale', at, namespace: 'n', name: 'd', replicas, template: BARE_SPEC });

function apply(events: WorkloadEvent[], t: TraceTransform, salt = 0.5) {
  const stats = newSourceStats('t');
  let pulled = 0;
  function* source(): Generator<WorkloadEvent> {
    for (const e of events) {
      pulled++;
      yield e;
    }
  }
  const out = [...transformEvents(source(), t, salt, stats)];
  return { out, stats, pulled };
}

describe('trace transforms', () => {
  it('window keeps [start, end), rebases to 0, drops deletes of pods from before, stops reading at the end', () => {
    const events = [pod(50, 'early'), pod(100, 'a'), del(150, 'early'), pod(150, 'b'), scale(199, 2), pod(200, 'late'), pod(300, 'later')];
    const { out, stats, pulled } = apply(events, { window: { startSeconds: 100, endSeconds: 200 } });
    expect(out.map((e) => [e.kind, e.at])).toEqual([
      ['pod', 0],
      ['delete-pod', 50],
      ['pod', 50],
      ['scale', 99],
    ]);
    expect(stats.filtered).toBe(2);
    expect(pulled).toBe(6);
  });

  it('compress divides times and run times; shift adds', () => {
    const { out } = apply([pod(100, 'a', 60), pod(400, 'b')], { compress: 2, shiftSeconds: 1000 });
    expect(out.map((e) => [e.at, e.kind === 'pod' ? e.spec.durationSeconds : null])).toEqual([
      [1050, 30],
      [1200, undefined],
    ]);
  });

  it('sample keeps about p of the pods, each with its delete, the same ones for the same salt', () => {
    const events: WorkloadEvent[] = [];
    for (let i = 0; i < 10000; i++) events.push(pod(i, `p${i}`));
    for (let i = 0; i < 10000; i++) events.push(del(20000 + i, `p${i}`));
    const a = apply(events, { sample: 0.3 }, 0.25);
    const kept = a.out.filter((e) => e.kind === 'pod').map((e) => (e as { id: string }).id);
    // Binomial(10000, 0.3): sd ≈ 46.
    expect(Math.abs(kept.length - 3000)).toBeLessThan(200);
    const deleted = a.out.filter((e) => e.kind === 'delete-pod').map((e) => (e as { id: string }).id);
    expect(deleted).toEqual(kept);
    expect(a.stats.filtered).toBe(10000 - kept.length);
    expect(apply(events, { sample: 0.3 }, 0.25).out).toEqual(a.out);
    expect(apply(events, { sample: 0.3 }, 0.75).out).not.toEqual(a.out);
  });

  it('hashUnit is uniform enough: deciles of 100,000 ids within 5 % of 10,000', () => {
    const deciles = new Array<number>(10).fill(0);
    for (let i = 0; i < 100000; i++) deciles[Math.floor(hashUnit(`pod-${i}`, 0.123) * 10)]!++;
    for (const d of deciles) expect(Math.abs(d - 10000)).toBeLessThan(500);
  });

  it('replicasFactor scales Deployments and Jobs, keeping at least 1 of what was at least 1', () => {
    const job: WorkloadEvent = { kind: 'job', at: 0, namespace: 'n', name: 'j', template: BARE_SPEC, completions: 10, parallelism: 4 };
    expect(apply([scale(0, 3), scale(1, 1), scale(2, 0), job], { replicasFactor: 1.5 }).out.map((e) => (e.kind === 'scale' ? e.replicas : e.kind === 'job' ? [e.completions, e.parallelism] : null))).toEqual([
      5,
      2,
      0,
      [15, 6],
    ]);
    expect(apply([scale(0, 3)], { replicasFactor: 0.1 }).out.map((e) => (e as { replicas: number }).replicas)).toEqual([1]);
  });
});
