import { describe, expect, it } from 'vitest';
import { resources, type NodeClaim, type NodePool } from '../model/index.js';
import { harness } from './testing/harness.js';

function pool(name: string, limits: NodePool['limits']): NodePool {
  return {
    name,
    weight: 0,
    labels: {},
    taints: [],
    startupTaints: [],
    requirements: [],
    nodeClassName: 'default',
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets: [] },
    limits,
  };
}

const POOL = 'karpenter.sh/nodepool';

function claim(name: string, status: NodeClaim['status']): NodeClaim {
  return {
    name,
    nodePoolName: 'general',
    nodeClassName: 'default',
    createdAt: 0,
    requirements: [],
    instanceTypeOptions: ['m5.xlarge'],
    requests: resources(),
    taints: [],
    startupTaints: [],
    templateHash: 'h',
    status,
  };
}

describe('NodePool limits', () => {
  it('cpu 8 cores: two 4-core nodes fit, a third trips naming the pool, the node and the figures', () => {
    const h = harness({ nodePools: [pool('general', { cpuMillis: 8000 })] });
    h.cluster.addNode('a', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    h.cluster.addNode('b', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    expect(h.violations).toEqual([]);
    h.clock.t = 300;
    h.cluster.addNode('c', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    expect(h.codes()).toEqual(['NODEPOOL_LIMIT_EXCEEDED']);
    expect(h.violations[0]!.objects).toEqual({ nodePool: 'general', node: 'c' });
    expect(h.violations[0]!.message).toContain('cpu 12000m > limit 8000m');
  });

  it('ignores nodes of other pools and unlabelled nodes, and frees capacity when a node goes', () => {
    const h = harness({ nodePools: [pool('general', { cpuMillis: 8000, memoryMiB: 32768 })] });
    h.cluster.addNode('a', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    h.cluster.addNode('b', { cpuMillis: 4000, labels: { [POOL]: 'gpu' } });
    h.cluster.addNode('c', { cpuMillis: 4000 });
    h.cluster.addNode('d', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    h.cluster.deleteNode('a');
    h.cluster.addNode('e', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    expect(h.violations).toEqual([]);
    h.cluster.addNode('f', { cpuMillis: 100, memoryMiB: 1024, labels: { [POOL]: 'general' } });
    expect(h.violations[0]!.message).toContain('memory 33792Mi > limit 32768Mi');
  });

  it('limits.nodes counts machines', () => {
    const h = harness({ nodePools: [pool('general', { nodes: 2 })] });
    for (const n of ['a', 'b', 'c']) h.cluster.addNode(n, { labels: { [POOL]: 'general' } });
    expect(h.violations.map((v) => v.message.includes('nodes 3 > limit 2'))).toEqual([true]);
  });

  it('a launched NodeClaim counts with its instance type capacity until its node registers, without double counting', () => {
    const capacityOf = (t: string) => (t === 'm5.xlarge' ? resources({ cpuMillis: 4000, memoryMiB: 16384, pods: 58 }) : undefined);
    const h = harness({ nodePools: [pool('general', { cpuMillis: 8000 })], capacityOf });
    h.cluster.createNodeClaim(claim('c1', {}));
    h.cluster.updateNodeClaimStatus('c1', { providerID: 'aws:///us-east-1a/i-1', instanceType: 'm5.xlarge' });
    h.cluster.createNodeClaim(claim('c2', { providerID: 'aws:///us-east-1a/i-2', instanceType: 'm5.xlarge' }));
    h.cluster.addNode('n1', { cpuMillis: 4000, labels: { [POOL]: 'general' }, providerID: 'aws:///us-east-1a/i-1' });
    expect(h.violations).toEqual([]);
    h.cluster.createNodeClaim(claim('c3', { providerID: 'aws:///us-east-1a/i-3', instanceType: 'm5.xlarge' }));
    expect(h.codes()).toEqual(['NODEPOOL_LIMIT_EXCEEDED']);
  });

  it('a machine counts until both its node and its NodeClaim are gone', () => {
    const capacityOf = () => resources({ cpuMillis: 4000 });
    const h = harness({ nodePools: [pool('general', { cpuMillis: 4000 })], capacityOf });
    h.cluster.createNodeClaim(claim('c1', { providerID: 'aws:///us-east-1a/i-1', instanceType: 'm5.xlarge' }));
    h.cluster.addNode('n1', { cpuMillis: 4000, labels: { [POOL]: 'general' }, providerID: 'aws:///us-east-1a/i-1' });
    h.cluster.deleteNode('n1');
    h.cluster.addNode('n2', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    expect(h.codes()).toEqual(['NODEPOOL_LIMIT_EXCEEDED']);
    h.violations.length = 0;
    h.cluster.deleteNodeClaim('c1');
    h.cluster.deleteNode('n2');
    h.cluster.addNode('n3', { cpuMillis: 4000, labels: { [POOL]: 'general' } });
    expect(h.violations).toEqual([]);
  });
});
