import { describe, expect, it } from 'vitest';
import type { Node } from '../../model/index.js';
import { NodeGroupBackoff } from './backoff.js';
import { ClusterStateRegistry } from './cluster-state.js';
import type { NodeGroupInfo } from './node-groups.js';

const RES = { cpuMillis: 4000, memoryMiB: 16384, gpus: 0, pods: 58, ephemeralMiB: 0 };

function node(name: string, ready: boolean, createdAt: number): Node {
  return {
    name,
    labels: {},
    taints: [],
    annotations: {},
    capacity: RES,
    allocatable: RES,
    providerID: `aws:///us-east-1a/${name}`,
    ready,
    unschedulable: false,
    createdAt,
    ...(ready ? { readyAt: createdAt } : {}),
  };
}

function group(instances: string[], targetSize: number): NodeGroupInfo {
  return {
    name: 'g',
    minSize: 0,
    maxSize: 10,
    targetSize,
    instanceTypes: ['m5.xlarge'],
    zones: ['us-east-1a'],
    capacityType: 'on-demand',
    labels: {},
    taints: [],
    instances: instances.map((id) => ({ id, instanceType: 'm5.xlarge', zone: 'us-east-1a', capacityType: 'on-demand' as const, lifecycleState: 'InService' as const })),
    spec: undefined,
  };
}

describe('cluster-state readiness', () => {
  it('a registered node that never gets Ready is NotStarted (upcoming) for max-node-startup-time, then unready — also when the loop reuses the node lists', () => {
    const csr = new ClusterStateRegistry({ maxNodeProvisionSeconds: 900, maxNodeStartupSeconds: 900, upcomingOnlyWhileRequested: false, okTotalUnreadyCount: 3, maxTotalUnreadyPercentage: 45 }, new NodeGroupBackoff(300, 1800, 10800));
    const nodes = [node('i-1', true, 0), node('i-2', false, 100)];
    const info = { instanceIds: ['i-1', 'i-2'], groupNames: ['g', 'g'] };
    const groups = [group(['i-1', 'i-2', 'i-3'], 3)];
    csr.update(200, groups, nodes, info, false);
    // i-2 created at 100: NotStarted until 100 + 900 = 1000; i-3 has no node: unregistered.
    expect(csr.readinessOf('g')).toMatchObject({ ready: ['i-1'], notStarted: ['i-2'], unready: [], registered: ['i-1', 'i-2'], unregistered: ['i-3'] });
    expect(csr.upcoming('g', 200)).toEqual({ count: 2, registered: ['i-2'] });
    csr.update(999, groups, nodes, info, true);
    expect(csr.readinessOf('g').notStarted).toEqual(['i-2']);
    csr.update(1000, groups, nodes, info, true);
    expect(csr.readinessOf('g')).toMatchObject({ ready: ['i-1'], notStarted: [], unready: ['i-2'] });
    expect(csr.totalReadiness.unready).toEqual(['i-2']);
    // i-3 unregistered since 200: long-unregistered once 200 + 900 < now.
    expect(csr.longUnregistered('g')).toEqual([]);
    csr.update(1101, groups, nodes, info, true);
    expect(csr.longUnregistered('g')).toEqual(['i-3']);
    expect(csr.upcoming('g', 1101)).toEqual({ count: 0, registered: [] });
  });

  it('re-reads instances without a node when the membership version changes, and their lifecycle state every loop', () => {
    const csr = new ClusterStateRegistry({ maxNodeProvisionSeconds: 900, maxNodeStartupSeconds: 900, upcomingOnlyWhileRequested: false, okTotalUnreadyCount: 3, maxTotalUnreadyPercentage: 45 }, new NodeGroupBackoff(300, 1800, 10800));
    const nodes = [node('i-1', true, 0)];
    const info = { instanceIds: ['i-1'], groupNames: ['g'] };
    csr.update(10, [group(['i-1', 'i-2'], 2)], nodes, info, false, 1);
    expect(csr.readinessOf('g').unregistered).toEqual(['i-2']);
    csr.update(20, [group(['i-1', 'i-2', 'i-3'], 3)], nodes, info, true, 2);
    expect(csr.readinessOf('g').unregistered).toEqual(['i-2', 'i-3']);
    const terminating = group(['i-1', 'i-2', 'i-3'], 3);
    const instances = terminating.instances.map((i) => (i.id === 'i-2' ? { ...i, lifecycleState: 'Terminating' as const } : i));
    csr.update(30, [{ ...terminating, instances }], nodes, info, true, 2);
    expect(csr.readinessOf('g').unregistered).toEqual(['i-3']);
    expect(csr.totalReadiness.unregistered).toEqual(['i-3']);
  });
});
