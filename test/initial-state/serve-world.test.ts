import { describe, expect, it } from 'vitest';
import { buildWorld } from '../../src/runtime/live/world.js';
import { CLUSTER } from './cluster-fixture.js';
import { nodeNames, podsByNode, scenarioOf } from './world.js';

describe('fleetsim serve: the served world starts from the initial state too', () => {
  for (const policy of ['karpenter', 'none'] as const) {
    it(`${policy}: nodes and listed pods exist before the clock moves; adoption follows the policy`, () => {
      const w = buildWorld(scenarioOf(CLUSTER), { policy, seed: 1 });
      expect(nodeNames(w.cluster.nodes())).toEqual(['g1', 'k1', 'u1']);
      expect(podsByNode(w.cluster.pods())).toMatchObject({ k1: ['report-a', 'web-a'], g1: ['api-a', 'web-b'], u1: ['web-c'] });
      expect([...w.cluster.nodeClaims()].map((c) => c.status.nodeName)).toEqual(policy === 'karpenter' ? ['k1'] : []);
    });
  }
});
