import { describe, expect, it } from 'vitest';
import { SimCluster } from '../../cluster/sim/index.js';
import { resources, type NodeClaim } from '../../model/index.js';
import { RandomSource } from '../../sim/random.js';
import { SimClock } from '../../sim/sim-clock.js';
import { ClusterState } from './cluster-state.js';

function claim(name: string, providerID: string): NodeClaim {
  return {
    name,
    nodePoolName: 'general',
    nodeClassName: 'default',
    createdAt: 0,
    requirements: [],
    instanceTypeOptions: ['m5.large'],
    requests: resources({ cpuMillis: 500 }),
    taints: [],
    startupTaints: [],
    templateHash: '',
    status: { providerID },
  };
}

describe('ClusterState nominations', () => {
  it('carry from a NodeClaim to its Node when the Node registers, so the fresh node is not taken for un-nominated', () => {
    const clock = new SimClock();
    const cluster = new SimCluster(clock, new RandomSource(1));
    const state = new ClusterState(cluster, clock);
    const providerID = 'aws:///us-east-1a/i-0000000000000000a';
    cluster.createNodeClaim(claim('general-00001', providerID));
    clock.run(5);
    state.nominate('general-00001', ['default/web-1']);
    clock.run(30);
    cluster.registerNode({ name: 'ip-a', labels: {}, capacity: resources({ cpuMillis: 2000, pods: 29 }), allocatable: resources({ cpuMillis: 1930, pods: 29 }), providerID });
    expect(state.lastNominatedAt('ip-a')).toBe(5);
    expect(state.podsNominatedTo('ip-a')).toEqual(['default/web-1']);
    expect(state.lastNominatedAt('general-00001')).toBeUndefined();
  });
});
