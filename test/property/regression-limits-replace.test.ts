import { describe, expect, it } from 'vitest';
import { runDoc } from './run-doc.js';
import { nodeClass, nodePoolDoc, type Doc } from './scenario-arbitrary.js';

/**
 * Shrunk from the property run (fc.sample(scenarioDoc(), { seed: 11 }) #18, and seed 7 #11): one NodePool
 * with `limits.nodes: 1`, one pod, an AMI rollout. Drift used to launch the replacement while leaving the
 * candidate out of the limits count, taking the pool to 2 nodes > its limit of 1 (NODEPOOL_LIMIT_EXCEEDED
 * at t≈1801 s). Karpenter counts a disruption candidate against its pool's limits until it is gone, so at
 * `limits.nodes` a drifted node with pods is not replaced (aws/karpenter-provider-aws#8873 describes the
 * same deadlock); the node stays, drifted, and the run is clean.
 */
const doc: Doc = {
  name: 'limits-vs-drift',
  horizon: '1h',
  zones: ['us-east-1a'],
  cloud: { catalog: { families: ['m5'] }, spot: { interruptions: false } },
  workload: [{ generator: 'burst', name: 'web', at: '0s', replicas: 1, requests: { cpu: '1', memory: '1Gi' } }],
  karpenter: {
    manifests: [
      nodePoolDoc('general', {
        requirements: [{ key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] }],
        disruption: { consolidationPolicy: 'WhenEmpty', consolidateAfter: '5m' },
        limits: { nodes: '1' },
      }),
      nodeClass('al2023@latest'),
    ],
    changes: [{ at: '30m', manifests: [nodeClass('al2023@v20261120')] }],
  },
};

describe('regression: NodePool limits during a drift replacement', () => {
  it('a pool at limits.nodes 1 is not taken over its limit by a drift replacement (the drifted node stays)', () => {
    // The run is clean (the invariant checker would throw NODEPOOL_LIMIT_EXCEEDED) and no replacement was launched.
    const run = runDoc(doc, 'karpenter', 1);
    expect(run.summary.nodes.launched).toBe(1);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });

  it('(the same scenario without the AMI rollout runs clean)', () => {
    const karpenter = doc.karpenter as Doc;
    const { changes: _changes, ...withoutRollout } = karpenter;
    expect(runDoc({ ...doc, karpenter: withoutRollout }, 'karpenter', 1).summary.nodes.launched).toBe(1);
  });
});
