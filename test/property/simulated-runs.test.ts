import { describe, it } from 'vitest';
import { simulatedRunsProperty } from './simulated-runs.js';

describe('property: random scenarios run without an invariant violation and their totals add up', () => {
  it('karpenter', () => simulatedRunsProperty('karpenter', 20251101, 10), 120_000);
  it('cluster-autoscaler', () => simulatedRunsProperty('cluster-autoscaler', 20251102, 10), 120_000);
  it('static', () => simulatedRunsProperty('static', 20251103, 4), 120_000);
});
