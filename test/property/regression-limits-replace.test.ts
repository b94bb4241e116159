import { describe, expect, it } from 'vitest';
import { runDoc } from './run-doc.js';
import type { Doc } from './scenario-arbitrary.js';

const nodeClass = (ami: string): Doc => ({
  apiVersion: 'karpenter.k8s.aws/v1',
  kind: 'EC2NodeClass',
  metadata: { name: 'default' },
  spec: {
    amiSelectorTerms: [{ alias: ami }],
    role: 'KarpenterNodeRole-prop',
    subnetSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prop' } }],
    securityGroupSelectorTerms: [{ tags: { 'karpenter.sh/discovery': 'prop' } }],
  },
});

/**
 * Shrunk from the property run (fc.sample(scenarioDoc(), { seed: 11 }) #18, and seed 7 #11): one NodePool
 * with `limits.nodes: 1`, one pod, an AMI rollout. Drift replaces the node by launching the replacement
 * first (the candidate is left out of the limits count), so the pool has 2 nodes > its limit of 1 for a
 * while, and the run stops with NODEPOOL_LIMIT_EXCEEDED at t≈1801 s. Kubernetes-sigs/karpenter counts
 * every existing node against limits when it provisions, and the fleetsim guarantee ("NodePool limits are
 * never exceeded") has no exception for replacements: either the engine must not launch a replacement
 * that would exceed the limits, or the guarantee must say replacements may. `it.fails` while the bug is
 * there: when this test starts failing, make it a plain `it` and set AVOID_KNOWN_LIMITS_REPLACE_BUG to false.
 */
const doc: Doc = {
  name: 'limits-vs-drift',
  horizon: '1h',
  zones: ['us-east-1a'],
  cloud: { catalog: { families: ['m5'] }, spot: { interruptions: false } },
  workload: [{ generator: 'burst', name: 'web', at: '0s', replicas: 1, requests: { cpu: '1', memory: '1Gi' } }],
  karpenter: {
    manifests: [
      {
        apiVersion: 'karpenter.sh/v1',
        kind: 'NodePool',
        metadata: { name: 'general' },
        spec: {
          template: {
            spec: {
              nodeClassRef: { group: 'karpenter.k8s.aws', kind: 'EC2NodeClass', name: 'default' },
              requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }],
            },
          },
          disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' },
          limits: { nodes: '1' },
        },
      },
      nodeClass('al2023@latest'),
    ],
    changes: [{ at: '30m', manifests: [nodeClass('al2023@v20261120')] }],
  },
};

describe('regression: NodePool limits during a drift replacement', () => {
  it.fails('a pool at limits.nodes 1 is not taken over its limit by a drift replacement', () => {
    let error: unknown;
    try {
      runDoc(doc, 'karpenter', 1);
    } catch (e) {
      error = e;
    }
    // Today: NODEPOOL_LIMIT_EXCEEDED at t=1801.729 s [nodePool general, node general-00001]: nodes 2 > limit 1.
    expect(String(error)).not.toContain('NODEPOOL_LIMIT_EXCEEDED');
    expect(error).toBeUndefined();
  });

  it('(the same scenario without the AMI rollout runs clean)', () => {
    const karpenter = doc.karpenter as Doc;
    const { changes: _changes, ...withoutRollout } = karpenter;
    expect(runDoc({ ...doc, karpenter: withoutRollout }, 'karpenter', 1).summary.nodes.launched).toBe(1);
  });
});
