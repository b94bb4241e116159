import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isInputError } from '../errors.js';
import { parseClusterAutoscalerOptions, parseNodeGroups } from './index.js';

const leaf = fc.oneof(fc.string({ maxLength: 10 }), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.constant(null));
const json = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('value'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('name', 'maxSize', 'minSize', 'instanceType', 'mixedInstancesPolicy', 'overrides', 'scalingConfig', 'tags', 'taints', 'x'), tie('value'), { maxKeys: 4 })),
})).value;

function accepts(run: () => unknown): void {
  try {
    run();
  } catch (e) {
    if (!isInputError(e)) throw e;
    expect(e.problems.length).toBeGreaterThan(0);
  }
}

describe('Cluster Autoscaler config robustness', () => {
  it('flags, versions and priorities: success or an InputError', () => {
    const flag = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('--expander=priority', '--scan-interval', '10s', '--v=4', '--scale-down-enabled'));
    fc.assert(
      fc.property(fc.oneof(fc.array(flag, { maxLength: 5 }), json), json, fc.oneof(json, fc.constantFrom('1.33', 1.3, 'v1.36.0')), (flags, priorities, version) => {
        accepts(() => parseClusterAutoscalerOptions({ version, flags, priorities }, { file: 'f' }));
      }),
      { numRuns: 400, seed: 11 },
    );
  });

  it('node groups: success or an InputError', () => {
    fc.assert(
      fc.property(json, (groups) => accepts(() => parseNodeGroups(groups, { file: 'f' }, { zones: ['us-east-1a'] }))),
      { numRuns: 400, seed: 13 },
    );
  });
});
