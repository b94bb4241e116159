import { describe, it } from 'vitest';
import { simulatedRunsProperty } from '../property/simulated-runs.js';

/** The same properties as test/property/simulated-runs.test.ts with many more runs (npm run test:long). */
describe.skipIf(!process.env.FLEETSIM_LONG)('long property: random scenarios, many runs', () => {
  it('karpenter', () => simulatedRunsProperty('karpenter', 31, 150), 1_800_000);
  it('cluster-autoscaler', () => simulatedRunsProperty('cluster-autoscaler', 32, 150), 1_800_000);
  it('static', () => simulatedRunsProperty('static', 33, 50), 1_800_000);
});
