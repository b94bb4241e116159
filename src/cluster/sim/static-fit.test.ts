import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Taint, Toleration } from '../../model/index.js';
import { checkFit, TopologyIndex } from '../../scheduling/index.js';
import { nodeSpec, podSpec as clusterPod, world } from '../../../test/cluster/fixtures.js';
import { nodeView, podSpec } from '../../scheduling/test-fixtures.js';
import { dynamicFiltersPass, staticFiltersPass, StaticFitKeys } from './static-fit.js';

const fitsBoth = (...args: Parameters<typeof checkFit>): boolean => staticFiltersPass(args[0], args[1]) && dynamicFiltersPass(...args);

describe('static and dynamic filters', () => {
  it('split kube-scheduler filters as documented (hand-made cases)', () => {
    const gpuTaint: Taint = { key: 'nvidia.com/gpu', effect: 'NoSchedule' };
    // taint without toleration: static fails; with it: passes
    expect(staticFiltersPass(podSpec(), nodeView({ taints: [gpuTaint] }))).toBe(false);
    expect(staticFiltersPass(podSpec({ tolerations: [{ key: 'nvidia.com/gpu', operator: 'Exists' }] }), nodeView({ taints: [gpuTaint] }))).toBe(true);
    // cordoned node: only a pod tolerating node.kubernetes.io/unschedulable passes
    expect(staticFiltersPass(podSpec(), nodeView({ unschedulable: true }))).toBe(false);
    expect(staticFiltersPass(podSpec({ tolerations: [{ operator: 'Exists' }] }), nodeView({ unschedulable: true }))).toBe(true);
    // nodeSelector subset of labels
    expect(staticFiltersPass(podSpec({ nodeSelector: { team: 'a' } }), nodeView({ labels: { team: 'b' } }))).toBe(false);
    // resources and host ports are dynamic: 3000m requested of 4000m leaves no room for 1500m
    expect(dynamicFiltersPass(podSpec({ cpuMillis: 1500 }), nodeView({ requested: { cpuMillis: 3000 } }))).toBe(false);
    expect(dynamicFiltersPass(podSpec({ cpuMillis: 1000 }), nodeView({ requested: { cpuMillis: 3000 } }))).toBe(true);
    expect(dynamicFiltersPass(podSpec({ hostPorts: [8080] }), nodeView({ hostPortsInUse: new Set([8080]) }))).toBe(false);
  });

  it('together equal checkFit for any pod and node', () => {
    const taintArb = fc.record({ key: fc.constantFrom('a', 'b', 'node.kubernetes.io/unschedulable'), value: fc.option(fc.constantFrom('x', 'y'), { nil: undefined }), effect: fc.constantFrom('NoSchedule', 'NoExecute', 'PreferNoSchedule') as fc.Arbitrary<Taint['effect']> });
    const tolArb: fc.Arbitrary<Toleration> = fc.record(
      { key: fc.constantFrom('a', 'b', 'node.kubernetes.io/unschedulable'), operator: fc.constantFrom('Equal', 'Exists') as fc.Arbitrary<'Equal' | 'Exists'>, value: fc.constantFrom('x', 'y'), effect: fc.constantFrom('NoSchedule', 'NoExecute') as fc.Arbitrary<Taint['effect']> },
      { requiredKeys: ['operator'] },
    );
    const labelsArb = fc.dictionary(fc.constantFrom('zone', 'team', 'size'), fc.constantFrom('1', '2'), { maxKeys: 3 });
    const termArb = fc.record({ matchExpressions: fc.array(fc.record({ key: fc.constantFrom('zone', 'team'), operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist') as fc.Arbitrary<'In'>, values: fc.constant(['1']) }), { maxLength: 2 }) });
    fc.assert(
      fc.property(
        fc.record({
          cpu: fc.integer({ min: 0, max: 5000 }),
          gpus: fc.integer({ min: 0, max: 2 }),
          ports: fc.subarray([80, 443]),
          tolerations: fc.array(tolArb, { maxLength: 2 }),
          nodeSelector: labelsArb,
          terms: fc.option(fc.array(termArb, { maxLength: 2 }), { nil: undefined }),
        }),
        fc.record({ labels: labelsArb, taints: fc.array(taintArb, { maxLength: 2 }), unschedulable: fc.boolean(), reqCpu: fc.integer({ min: 0, max: 4000 }), gpus: fc.integer({ min: 0, max: 1 }), ports: fc.subarray([80, 443]) }),
        (p, n) => {
          const pod = podSpec({
            cpuMillis: p.cpu,
            requests: { cpuMillis: p.cpu, memoryMiB: 0, pods: 0, ephemeralMiB: 0, gpus: p.gpus },
            hostPorts: p.ports,
            tolerations: p.tolerations,
            nodeSelector: p.nodeSelector,
            ...(p.terms ? { affinity: { nodeAffinity: { required: p.terms } } } : {}),
          });
          const node = nodeView({ labels: n.labels, taints: n.taints, unschedulable: n.unschedulable, requested: { cpuMillis: n.reqCpu }, allocatable: { gpus: n.gpus }, hostPortsInUse: new Set(n.ports) });
          const topology = new TopologyIndex();
          topology.upsertNode(node.name, node.labels, node.taints);
          expect(fitsBoth(pod, node, topology)).toBe(checkFit(pod, node, topology) === undefined);
          expect(fitsBoth(pod, node)).toBe(checkFit(pod, node) === undefined);
        },
      ),
      { numRuns: 3000 },
    );
  });
});

describe('StaticFitKeys', () => {
  it('gives pods with the same tolerations, nodeSelector and required node affinity the same id, others another', () => {
    const keys = new StaticFitKeys();
    const a = keys.idOf(podSpec({ nodeSelector: { team: 'a' }, labels: { app: 'web' }, cpuMillis: 100 }));
    const b = keys.idOf(podSpec({ nodeSelector: { team: 'a' }, labels: { app: 'api' }, cpuMillis: 900 }));
    const c = keys.idOf(podSpec({ nodeSelector: { team: 'b' } }));
    const d = keys.idOf(podSpec({ nodeSelector: { team: 'a' }, tolerations: [{ key: 'a', operator: 'Exists' }] }));
    expect(a).toBe(b);
    expect(new Set([a, c, d]).size).toBe(3);
  });
});

describe('the scheduler with remembered static verdicts', () => {
  it('schedules a waiting pod once its node is relabelled, untainted or uncordoned (verdicts are forgotten on change)', () => {
    const { clock, cluster } = world();
    cluster.registerNode(nodeSpec('A', { labels: { team: 'b' }, taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] }));
    clock.run(1);
    cluster.cordonNode('A', true);
    const pod = cluster.createPod(clusterPod({ nodeSelector: { team: 'a' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] }));
    clock.run(10);
    expect(cluster.pod(pod.uid)!.status.nodeName).toBeUndefined(); // wrong team label and cordoned
    cluster.setNodeLabels('A', { team: 'a' });
    clock.run(400);
    expect(cluster.pod(pod.uid)!.status.nodeName).toBeUndefined(); // still cordoned
    cluster.cordonNode('A', false);
    clock.run(800);
    expect(cluster.pod(pod.uid)!.status.nodeName).toBe('A');
    // a second pod without the toleration is kept off by the taint; removing the taint lets it in
    const other = cluster.createPod(clusterPod({ nodeSelector: { team: 'a' } }));
    clock.run(810);
    expect(cluster.pod(other.uid)!.status.nodeName).toBeUndefined();
    cluster.removeNodeTaint('A', 'dedicated');
    clock.run(1200);
    expect(cluster.pod(other.uid)!.status.nodeName).toBe('A');
  });
});
