import { describe, expect, it } from 'vitest';
import { TopologyIndex } from '../../../scheduling/index.js';
import type { NodeGroupInfo } from '../node-groups.js';
import { buildPodEquivalenceGroups } from '../pod-equivalence.js';
import type { SnapshotPod } from '../snapshot.js';
import { cloudTemplate } from '../template.js';
import { podSpec, TYPES } from '../testing/fixtures.js';
import { estimate, orderPodGroups } from './estimator.js';

const group = { name: 'g', zones: ['us-east-1a'], labels: {}, taints: [] } as unknown as NodeGroupInfo;
// m5.xlarge cloud template: allocatable = capacity = 4000m / 16384 MiB, kube-proxy 100m, no DaemonSets.
const template = cloudTemplate(group, TYPES.m5xlarge, []);

let seq = 0;
function pods(n: number, cpu: number, memMiB: number, app: string): SnapshotPod[] {
  return Array.from({ length: n }, () => ({ ...podSpec(cpu, memMiB, { app }), uid: `p${++seq}` }));
}

describe('binpacking estimator', () => {
  it('orders groups by cpu/alloc + mem/alloc, largest first', () => {
    const small = buildPodEquivalenceGroups(pods(1, 500, 512, 'small'), 10);
    const memHeavy = buildPodEquivalenceGroups(pods(1, 100, 12288, 'mem'), 10); // 0.025 + 0.75
    const cpuHeavy = buildPodEquivalenceGroups(pods(1, 3000, 1024, 'cpu'), 10); // 0.75 + 0.0625
    expect(orderPodGroups([...small, ...memHeavy, ...cpuHeavy], template).map((g) => g.sample.labels.app)).toEqual(['cpu', 'mem', 'small']);
  });

  it('packs first-fit decreasing: 3 pods of 3000m then 6 of 500m need 4 nodes', () => {
    // Big pods: one per node (3000 + 100 kube-proxy = 3100, 800 left): e1, e2, e3.
    // Small pods first fit on existing nodes: e1, e2, e3 take one each (800 >= 500), the 4th fits nowhere,
    // so the rest go to a new node e4 (3900 free: all 3). 4 nodes, 9 pods.
    const groups = buildPodEquivalenceGroups([...pods(6, 500, 512, 'small'), ...pods(3, 3000, 1024, 'big')], 10);
    const r = estimate(groups, template, 1000);
    expect(r.nodeCount).toBe(4);
    expect(r.pods).toHaveLength(9);
  });

  it('stops at the limiter: with 2 nodes allowed, 20 one-CPU pods get 2 nodes and 6 pods', () => {
    const r = estimate(buildPodEquivalenceGroups(pods(20, 1000, 1024, 'a'), 10), template, 2);
    expect(r.nodeCount).toBe(2);
    expect(r.pods).toHaveLength(6);
  });

  it('a pod that does not fit a fresh node ends its group; the empty node is not counted but later groups may use it', () => {
    const huge = buildPodEquivalenceGroups(pods(2, 5000, 1024, 'huge'), 10);
    const small = buildPodEquivalenceGroups(pods(3, 1000, 1024, 'small'), 10);
    expect(estimate(huge, template, 1000)).toEqual({ nodeCount: 0, pods: [] });
    const r = estimate([...huge, ...small], template, 1000);
    expect(r.nodeCount).toBe(1);
    expect(r.pods.map((p) => p.labels.app)).toEqual(['small', 'small', 'small']);
  });

  it('the 110-pod slots of the template bound tiny pods: 250 pods of 10m need 3 nodes', () => {
    // kube-proxy takes one of 110 slots: 109 pods per node; ceil(250 / 109) = 3.
    const r = estimate(buildPodEquivalenceGroups(pods(250, 10, 16, 'tiny'), 10), template, 1000);
    expect(r.nodeCount).toBe(3);
  });
});

describe('binpacking estimator with topology', () => {
  it('honours a zone spread constraint: with an empty zone-b domain, only one pod goes to new zone-a nodes', () => {
    const spread = [{ maxSkew: 1, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule' as const, labelSelector: { matchLabels: { app: 's' } } }];
    const spreadPods: SnapshotPod[] = Array.from({ length: 3 }, (_, i) => ({ ...podSpec(500, 512, { app: 's', topologySpreadConstraints: spread }), uid: `s${i}` }));
    const groups = buildPodEquivalenceGroups(spreadPods, 10);
    // Without topology the three 500m pods share one node.
    expect(estimate(groups, template, 1000)).toMatchObject({ nodeCount: 1 });
    expect(estimate(groups, template, 1000).pods).toHaveLength(3);
    // With zones a and b known (one empty node each): pod 1 → a:1 b:0; pod 2 would make a:2 b:0 (skew 2).
    const topology = new TopologyIndex();
    topology.upsertNode('a-1', { 'topology.kubernetes.io/zone': 'us-east-1a' });
    topology.upsertNode('b-1', { 'topology.kubernetes.io/zone': 'us-east-1b' });
    const r = estimate(groups, template, 1000, topology);
    expect(r.nodeCount).toBe(1);
    expect(r.pods).toHaveLength(1);
    // The estimate leaves the index as it found it.
    expect(topology.nodes.size).toBe(2);
    expect(topology.countInDomain('topology.kubernetes.io/zone', 'us-east-1a', { matchLabels: { app: 's' } }, ['default'])).toBe(0);
  });
});
