import { describe, expect, it } from 'vitest';
import { loadCatalog } from '../../catalog/index.js';
import { LabelKeys, resources, type Node, type NodeClaim } from '../../model/index.js';
import { pod, req } from '../testing/fixtures.js';
import { stateNodeFromClaim, stateNodeFromNode } from './state-node-builders.js';

const catalog = loadCatalog({ families: ['m5'] });
const lookup = (name: string) => catalog.find((t) => t.name === name);

function claim(status: NodeClaim['status'] = {}): NodeClaim {
  return {
    name: 'default-00001',
    nodePoolName: 'default',
    nodeClassName: 'default',
    createdAt: 0,
    requirements: [req(LabelKeys.nodePool, 'In', 'default'), req(LabelKeys.instanceType, 'In', 'm5.large', 'm5.xlarge')],
    instanceTypeOptions: ['m5.large', 'm5.xlarge'],
    requests: resources({ cpuMillis: 500, pods: 1 }),
    taints: [],
    startupTaints: [{ key: 'agent', effect: 'NoSchedule' }],
    templateHash: 'h',
    status,
  };
}

describe('StateNode builders', () => {
  it('an unlaunched claim offers the smallest allocatable and counts the largest capacity of its options', () => {
    const n = stateNodeFromClaim(claim(), lookup);
    // m5.large allocates 1930m / 6903Mi / 29 pods; m5.xlarge has 4 vCPUs of capacity
    expect(n.allocatable).toMatchObject({ cpuMillis: 1930, memoryMiB: 6903, pods: 29 });
    expect(n.capacity.cpuMillis).toBe(4000);
    expect(n.registered).toBe(false);
    expect(n.hostname).toBe('default-00001');
    expect(n.labels[LabelKeys.nodePool]).toBe('default');
  });

  it('a launched claim is exactly its instance type, in its zone', () => {
    const n = stateNodeFromClaim(claim({ instanceType: 'm5.xlarge', zone: 'us-east-1b', capacityType: 'spot', launchedAt: 3 }), lookup);
    expect(n.allocatable.cpuMillis).toBe(3920);
    expect(n.labels).toMatchObject({ [LabelKeys.zone]: 'us-east-1b', [LabelKeys.capacityType]: 'spot', [LabelKeys.instanceType]: 'm5.xlarge' });
  });

  it('a registered, uninitialized node hides its startup and boot taints and sums its pods requests', () => {
    const it = lookup('m5.large')!;
    const node: Node = {
      name: 'n1',
      labels: { ...it.labels, [LabelKeys.hostname]: 'n1' },
      taints: [
        { key: 'agent', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' },
        { key: 'karpenter.sh/unregistered', effect: 'NoExecute' },
        { key: 'dedicated', value: 'x', effect: 'NoSchedule' },
      ],
      annotations: {},
      capacity: it.capacity,
      allocatable: it.allocatable,
      providerID: 'aws:///us-east-1a/i-1',
      ready: false,
      unschedulable: false,
      createdAt: 0,
    };
    const pods = [
      pod({ name: 'a', cpuMillis: 300, memoryMiB: 100, nodeName: 'n1' }),
      pod({ name: 'ds', cpuMillis: 50, nodeName: 'n1', owner: { kind: 'DaemonSet', name: 'agent' }, hostPorts: [9100] }),
    ];
    const n = stateNodeFromNode(node, claim({ launchedAt: 1, registeredAt: 2 }), pods);
    expect(n.taints).toEqual([{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }]);
    expect(n.requested).toMatchObject({ cpuMillis: 350, memoryMiB: 100, pods: 2 });
    expect([...n.daemonSetNames]).toEqual(['agent']);
    expect([...n.hostPortsInUse]).toEqual([9100]);
    expect(n.initialized).toBe(false);
    const initialized = stateNodeFromNode(node, claim({ launchedAt: 1, registeredAt: 2, initializedAt: 5 }), pods);
    expect(initialized.taints).toHaveLength(4);
  });
});
