import { describe, expect, it } from 'vitest';
import { resources } from '../model/index.js';
import { checkFit, describeFailure, summarizeFailures } from './fit.js';
import { nodeView, podSpec } from './test-fixtures.js';

describe('checkFit', () => {
  it('fits an empty node', () => {
    expect(checkFit(podSpec({ cpuMillis: 1000, memoryMiB: 1024 }), nodeView())).toBeUndefined();
  });
  it('resources: requests vs allocatable − requested, exact boundary fits', () => {
    const node = nodeView({ allocatable: { cpuMillis: 2000, memoryMiB: 4096 }, requested: { cpuMillis: 1500, memoryMiB: 1000, pods: 3 } });
    expect(checkFit(podSpec({ cpuMillis: 500 }), node)).toBeUndefined();
    expect(checkFit(podSpec({ cpuMillis: 501 }), node)).toEqual({ kind: 'resources', resource: 'cpu' });
    expect(checkFit(podSpec({ memoryMiB: 3097 }), node)).toEqual({ kind: 'resources', resource: 'memory' });
    expect(describeFailure({ kind: 'resources', resource: 'cpu' })).toBe('Insufficient cpu');
  });
  it('needs a pod slot', () => {
    const node = nodeView({ allocatable: { pods: 3 }, requested: { pods: 3 } });
    const f = checkFit(podSpec(), node);
    expect(f).toEqual({ kind: 'resources', resource: 'pods' });
    expect(describeFailure(f!)).toBe('Too many pods');
    expect(checkFit(podSpec(), nodeView({ allocatable: { pods: 3 }, requested: { pods: 2 } }))).toBeUndefined();
  });
  it('a zero-request pod fits an overcommitted node (only requested resources are checked)', () => {
    const node = nodeView({ allocatable: { cpuMillis: 1000 }, requested: { cpuMillis: 1200, pods: 1 } });
    expect(checkFit(podSpec(), node)).toBeUndefined();
    expect(checkFit(podSpec({ cpuMillis: 1 }), node)).toEqual({ kind: 'resources', resource: 'cpu' });
  });
  it('GPUs and extended resources absent from the node are insufficient', () => {
    expect(checkFit(podSpec({ requests: resources({ gpus: 1 }) }), nodeView())).toEqual({ kind: 'resources', resource: 'nvidia.com/gpu' });
    expect(checkFit(podSpec({ requests: resources({ extended: { 'vpc.amazonaws.com/efa': 1 } }) }), nodeView())).toEqual({
      kind: 'resources',
      resource: 'vpc.amazonaws.com/efa',
    });
  });
  it('untolerated NoSchedule taint fails with the Kubernetes wording; PreferNoSchedule does not filter', () => {
    const node = nodeView({ taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] });
    const f = checkFit(podSpec(), node);
    expect(f?.kind).toBe('taint');
    expect(describeFailure(f!)).toBe('node(s) had untolerated taint {dedicated: gpu}');
    expect(checkFit(podSpec({ tolerations: [{ key: 'dedicated', operator: 'Exists' }] }), node)).toBeUndefined();
    expect(checkFit(podSpec(), nodeView({ taints: [{ key: 'x', effect: 'PreferNoSchedule' }] }))).toBeUndefined();
  });
  it('cordoned nodes reject pods unless they tolerate node.kubernetes.io/unschedulable', () => {
    expect(checkFit(podSpec(), nodeView({ unschedulable: true }))).toEqual({ kind: 'unschedulable' });
    const ds = podSpec({ tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }] });
    expect(checkFit(ds, nodeView({ unschedulable: true }))).toBeUndefined();
  });
  it('nodeSelector and required node affinity', () => {
    expect(checkFit(podSpec({ nodeSelector: { zone: 'a' } }), nodeView({ labels: { zone: 'b' } }))).toEqual({ kind: 'node-selector' });
    const aff = podSpec({ affinity: { nodeAffinity: { required: [{ matchExpressions: [{ key: 'zone', operator: 'NotIn', values: ['b'] }] }] } } });
    expect(checkFit(aff, nodeView({ labels: { zone: 'b' } }))).toEqual({ kind: 'node-affinity' });
    expect(checkFit(aff, nodeView({ labels: {} }))).toBeUndefined();
  });
  it('host port conflicts', () => {
    const pod = podSpec({ hostPorts: [8080, 9090] });
    expect(checkFit(pod, nodeView({ hostPortsInUse: new Set([9090]) }))).toEqual({ kind: 'host-port', port: 9090 });
    expect(checkFit(pod, nodeView({ hostPortsInUse: new Set([80]) }))).toBeUndefined();
  });
  it('reports the first failure in kube-scheduler plugin order', () => {
    const node = nodeView({
      unschedulable: false,
      taints: [{ key: 't', effect: 'NoSchedule' }],
      labels: { zone: 'b' },
      allocatable: { cpuMillis: 100 },
    });
    expect(checkFit(podSpec({ cpuMillis: 1000, nodeSelector: { zone: 'a' } }), node)?.kind).toBe('taint');
    expect(checkFit(podSpec({ cpuMillis: 1000, nodeSelector: { zone: 'a' }, tolerations: [{ operator: 'Exists' }] }), node)?.kind).toBe('node-selector');
  });
  it('summarizes failures across nodes', () => {
    expect(summarizeFailures([{ kind: 'resources', resource: 'cpu' }, { kind: 'resources', resource: 'cpu' }, { kind: 'unschedulable' }])).toBe(
      '0/3 nodes are available: 2 Insufficient cpu, 1 node(s) were unschedulable.',
    );
  });
});
