import { describe, expect, it } from 'vitest';
import { resources, type Pod, type PodStatus } from '../../model/index.js';
import {
  logarithmicRank,
  podDeletionCost,
  POD_DELETION_COST_ANNOTATION,
  scaleDownOrder,
  type RankedNode,
  type ScaleDownContext,
} from './scale-down-rank.js';

interface P {
  readonly name: string;
  readonly createdAt?: number;
  readonly node?: string;
  readonly phase?: PodStatus['phase'];
  readonly startedAt?: number;
  readonly cost?: string;
}

/** A ReplicaSet pod `default/<name>`; Running on its node since `startedAt` unless told otherwise. */
function pod(p: P): Pod {
  const phase = p.phase ?? (p.node === undefined ? 'Pending' : 'Running');
  return {
    uid: `default/${p.name}`,
    name: p.name,
    namespace: 'default',
    createdAt: p.createdAt ?? 0,
    labels: {},
    annotations: p.cost === undefined ? {} : { [POD_DELETION_COST_ANNOTATION]: p.cost },
    owner: { kind: 'ReplicaSet', name: 'web' },
    requests: resources({ cpuMillis: 100 }),
    nodeSelector: {},
    tolerations: [],
    topologySpreadConstraints: [],
    hostPorts: [],
    priority: 0,
    terminationGracePeriodSeconds: 30,
    status: {
      phase,
      nodeName: p.node,
      unschedulable: p.node === undefined,
      startedAt: phase === 'Running' ? (p.startedAt ?? p.createdAt ?? 0) : undefined,
    },
  };
}

/** Names in deletion order; creation sequence = position in `pods` (later = newer). */
function order(pods: readonly Pod[], now: number, nodes?: Record<string, RankedNode>): string[] {
  const ctx: ScaleDownContext = {
    now,
    seq: (x) => pods.indexOf(x),
    node: nodes ? (name) => nodes[name] : undefined,
  };
  return scaleDownOrder(pods, ctx).map((x) => x.name);
}

describe('logarithmicRank (LogarithmicScaleDown buckets: floor(log2(age in ns)))', () => {
  it('puts ages in power-of-two nanosecond buckets', () => {
    // 2^36 ns = 68.719476736 s, 2^37 ns = 137.438953472 s.
    expect(logarithmicRank(0, 68.719476736)).toBe(36);
    expect(logarithmicRank(0, 68.7)).toBe(35);
    expect(logarithmicRank(0, 137.4)).toBe(36);
    expect(logarithmicRank(0, 137.438953472)).toBe(37);
    // 100 s = 1e11 ns: log2 = 36.54; 130 s: 36.92; 150 s: 37.13.
    expect(logarithmicRank(900, 1000)).toBe(36);
    expect(logarithmicRank(870, 1000)).toBe(36);
    expect(logarithmicRank(850, 1000)).toBe(37);
    // 1 ns → 0; 1 s = 1e9 ns → 29 (2^29 = 536870912 ≤ 1e9 < 2^30).
    expect(logarithmicRank(0, 1e-9)).toBe(0);
    expect(logarithmicRank(9, 10)).toBe(29);
  });

  it('is -1 for no age or a future timestamp', () => {
    expect(logarithmicRank(5, 5)).toBe(-1);
    expect(logarithmicRank(6, 5)).toBe(-1);
  });
});

describe('podDeletionCost', () => {
  const cost = (v?: string): number => podDeletionCost(pod({ name: 'x', cost: v }));
  it('reads the annotation as an int32, 0 when missing', () => {
    expect(cost()).toBe(0);
    expect(cost('0')).toBe(0);
    expect(cost('-5')).toBe(-5);
    expect(cost('1000')).toBe(1000);
    expect(cost('2147483647')).toBe(2147483647);
    expect(cost('-2147483648')).toBe(-2147483648);
  });

  it('is 0 for invalid values (leading + or zero, out of int32 range, not a number)', () => {
    expect(cost('+10')).toBe(0);
    expect(cost('008')).toBe(0);
    expect(cost('2147483648')).toBe(0);
    expect(cost('-2147483649')).toBe(0);
    expect(cost('1.5')).toBe(0);
    expect(cost('abc')).toBe(0);
    expect(cost('')).toBe(0);
  });
});

describe('scaleDownOrder (Kubernetes ActivePodsWithRanks)', () => {
  it('deletes a doubled-up pod first: 2 on node A, 1 on node B, scale 3 → 2 removes one of A', () => {
    // All Running and Ready since t=10, created t=0; b-1 is the newest, which the old "newest first" rule took.
    const pods = [
      pod({ name: 'a-1', node: 'A', startedAt: 10 }),
      pod({ name: 'a-2', node: 'A', startedAt: 10 }),
      pod({ name: 'b-1', node: 'B', startedAt: 10 }),
    ];
    const out = order(pods, 1000);
    expect(out.slice(0, 2).sort()).toEqual(['a-1', 'a-2']);
    expect(out[2]).toBe('b-1');
  });

  it('unassigned before bound Pending before Running', () => {
    const pods = [
      pod({ name: 'pending-bound', node: 'A', phase: 'Pending', createdAt: 0 }),
      pod({ name: 'running', node: 'B', createdAt: 500, startedAt: 990 }),
      pod({ name: 'unassigned', createdAt: 0 }),
    ];
    expect(order(pods, 1000)).toEqual(['unassigned', 'pending-bound', 'running']);
  });

  it('a Pending pod goes before any Running one, even one on a more crowded node or with lower cost', () => {
    const pods = [
      pod({ name: 'r-1', node: 'A', cost: '-100' }),
      pod({ name: 'r-2', node: 'A' }),
      pod({ name: 'r-3', node: 'A' }),
      pod({ name: 'p', node: 'B', phase: 'Pending', cost: '100' }),
    ];
    expect(order(pods, 1000)[0]).toBe('p');
  });

  it('a Running pod on a NotReady node is not Ready: after Pending, before Ready pods', () => {
    const nodes: Record<string, RankedNode> = { A: { ready: true, readyAt: 0 }, B: { ready: false }, C: { ready: true, readyAt: 0 } };
    const pods = [
      pod({ name: 'ready-1', node: 'A', startedAt: 999 }),
      pod({ name: 'ready-2', node: 'A', startedAt: 999 }),
      pod({ name: 'on-notready', node: 'B', startedAt: 1 }),
      pod({ name: 'pending', node: 'C', phase: 'Pending' }),
    ];
    expect(order(pods, 1000, nodes)).toEqual(['pending', 'on-notready', 'ready-2', 'ready-1']);
  });

  it('lower pod-deletion-cost first, before the doubled-up rule', () => {
    const pods = [
      pod({ name: 'a-1', node: 'A' }),
      pod({ name: 'a-2', node: 'A' }),
      pod({ name: 'b-cheap', node: 'B', cost: '-5' }),
      pod({ name: 'c-dear', node: 'C', cost: '7' }),
    ];
    const out = order(pods, 1000);
    expect(out[0]).toBe('b-cheap');
    expect(out.slice(1, 3).sort()).toEqual(['a-1', 'a-2']);
    expect(out[3]).toBe('c-dear');
  });

  it('Ready for a shorter time first, across log2 buckets (100 s ready before 150 s ready)', () => {
    // now 1000: ready ages 100 s (bucket 36) and 150 s (bucket 37); creation times would say the opposite.
    const pods = [
      pod({ name: 'young-ready', node: 'A', createdAt: 0, startedAt: 900 }),
      pod({ name: 'old-ready', node: 'B', createdAt: 800, startedAt: 850 }),
    ];
    expect(order(pods, 1000)).toEqual(['young-ready', 'old-ready']);
  });

  it('ready ages in one log2 bucket (100 s and 130 s) are decided by UID, not by ready or creation time', () => {
    // Both in [68.7 s, 137.4 s). web-1 (lower UID) was Ready longer and created earlier, yet goes first.
    const pods = [
      pod({ name: 'web-1', node: 'A', createdAt: 0, startedAt: 870 }),
      pod({ name: 'web-2', node: 'B', createdAt: 800, startedAt: 900 }),
    ];
    expect(order(pods, 1000)).toEqual(['web-1', 'web-2']);
    expect(order([pods[1]!, pods[0]!], 1000)).toEqual(['web-1', 'web-2']);
  });

  it('equal ready times fall through to creation time: newer bucket first', () => {
    // Created 990 s ago (bucket 39: 2^39 ns = 549.8 s ≤ 990 s < 1099.5 s) and 500 s ago (bucket 38).
    const pods = [
      pod({ name: 'web-2', node: 'A', createdAt: 500, startedAt: 995 }),
      pod({ name: 'web-1', node: 'B', createdAt: 10, startedAt: 995 }),
    ];
    expect(order(pods, 1000)).toEqual(['web-2', 'web-1']);
  });

  it('creation ages in one log2 bucket (300 s and 400 s, bucket 38) are decided by UID', () => {
    const pods = [
      pod({ name: 'web-2', node: 'A', createdAt: 700, startedAt: 995 }),
      pod({ name: 'web-1', node: 'B', createdAt: 600, startedAt: 995 }),
    ];
    expect(order(pods, 1000)).toEqual(['web-1', 'web-2']);
  });

  it('everything equal: the later-created (higher sequence) pod first', () => {
    // web-9 was created after web-1 (sequence 1 vs 0); UID order alone would put web-1 first.
    const pods = [pod({ name: 'web-1', node: 'A' }), pod({ name: 'web-9', node: 'B' })];
    expect(order(pods, 1000)).toEqual(['web-9', 'web-1']);
  });

  it('a pod Ready on a node that became Ready after it started counts from the node readyAt', () => {
    // p-1 started at 850 on A (Ready 150 s, bucket 37); p-2 started at 850 on B that was Ready only at 900 (100 s, bucket 36).
    const nodes: Record<string, RankedNode> = { A: { ready: true, readyAt: 0 }, B: { ready: true, readyAt: 900 } };
    // Listed so that creation sequence and UID would both put p-1 first.
    const pods = [pod({ name: 'p-2', node: 'B', startedAt: 850 }), pod({ name: 'p-1', node: 'A', startedAt: 850 })];
    expect(order(pods, 1000, nodes)).toEqual(['p-2', 'p-1']);
  });
});
