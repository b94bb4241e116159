import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { parseKarpenterObjects } from './index.js';

/** Values shaped like manifests, with arbitrary leaves: parsing either succeeds or throws an InputError. */
const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.constantFrom('In', 'Never', '10%', '1000Gi', 'al2023@latest'));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('spec', 'template', 'requirements', 'nodeClassRef', 'name', 'limits', 'kubelet', 'amiSelectorTerms', 'disruption', 'budgets', 'x'), tie('value'), { maxKeys: 4 })),
})).value;
const manifest = fc.record({
  apiVersion: fc.constantFrom('karpenter.sh/v1', 'karpenter.sh/v1beta1', 'karpenter.sh/v1alpha5', 'karpenter.k8s.aws/v1', 'karpenter.k8s.aws/v1beta1', 'karpenter.k8s.aws/v1alpha1', 'v1'),
  kind: fc.constantFrom('NodePool', 'Provisioner', 'EC2NodeClass', 'AWSNodeTemplate', 'List'),
  metadata: fc.oneof(fc.record({ name: fc.constantFrom('a', 'b', 'default') }), json),
  spec: json,
});

describe('Karpenter manifest parsing robustness', () => {
  it('never fails with anything but an InputError', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(manifest, json), { maxLength: 4 }), (values) => {
        try {
          const config = parseKarpenterObjects(values, 'f.yaml', () => ({}));
          expect(Array.isArray(config.nodePools)).toBe(true);
        } catch (e) {
          if (!isInputError(e)) throw e;
          expect(e.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 400, seed: 7 },
    );
  });
});
