import { describe, expect, it } from 'vitest';
import { runDoc } from '../property/run-doc.js';
import { nodeClass, nodePoolDoc, type Doc } from '../property/scenario-arbitrary.js';

/**
 * Karpenter's MIN_VALUES_POLICY from the scenario (`karpenter.options.minValuesPolicy`) reaches the engine:
 * a NodePool asking for at least 50 instance types while the catalog is cut down to the m5 family (8 sizes,
 * of which far fewer than 50 fit any pod) cannot meet minValues. Strict (the default) launches nothing and
 * leaves the pod pending; BestEffort relaxes minValues and launches a node.
 */
function doc(minValuesPolicy?: 'Strict' | 'BestEffort'): Doc {
  return {
    name: 'min-values-policy',
    horizon: '20m',
    zones: ['us-east-1a'],
    cloud: { catalog: { families: ['m5'] }, spot: { interruptions: false } },
    workload: [{ generator: 'burst', name: 'web', at: '0s', replicas: 1, requests: { cpu: '1', memory: '1Gi' } }],
    karpenter: {
      manifests: [
        nodePoolDoc('general', {
          requirements: [
            { key: 'karpenter.sh/capacity-type', operator: 'In', values: ['on-demand'] },
            { key: 'node.kubernetes.io/instance-type', operator: 'Exists', minValues: 50 },
          ],
        }),
        nodeClass('al2023@latest'),
      ],
      ...(minValuesPolicy ? { options: { minValuesPolicy } } : {}),
    },
  };
}

describe('karpenter.options.minValuesPolicy', () => {
  it('Strict (default): minValues 50 over the m5 family cannot be met — no launch, the pod stays pending', () => {
    for (const run of [runDoc(doc(), 'karpenter', 1), runDoc(doc('Strict'), 'karpenter', 1)]) {
      expect(run.summary.nodes.launched).toBe(0);
      expect(run.summary.pods.pendingAtEnd).toBe(1);
    }
  });

  it('BestEffort: minValues is relaxed, one node is launched and the pod runs', () => {
    const run = runDoc(doc('BestEffort'), 'karpenter', 1);
    expect(run.summary.nodes.launched).toBe(1);
    expect(run.summary.pods.pendingAtEnd).toBe(0);
  });
});
