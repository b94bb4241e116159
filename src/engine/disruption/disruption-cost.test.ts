import { describe, expect, it } from 'vitest';
import type { Pod } from '../../model/index.js';
import { pod } from '../testing/fixtures.js';
import { evictionCost, POD_DELETION_COST_ANNOTATION, rescheduleDisruptionCost, savingsRatio } from './disruption-cost.js';

function withDeletionCost(p: Pod, cost: number): Pod {
  return { ...p, annotations: { [POD_DELETION_COST_ANNOTATION]: String(cost) } };
}

describe('disruption cost (Karpenter EvictionCost / RescheduleDisruptionCost)', () => {
  it('EvictionCost = clamp(1 + deletionCost/2^27 + priority/2^25, −10, 10)', () => {
    expect(evictionCost(pod())).toBe(1);
    expect(evictionCost(pod({ priority: 2 ** 25 }))).toBe(2);
    expect(evictionCost(withDeletionCost(pod(), 2 ** 27))).toBe(2);
    expect(evictionCost(withDeletionCost(pod({ priority: 2 ** 24 }), -(2 ** 26)))).toBe(1);
    expect(evictionCost(pod({ priority: 1_000_000_000 }))).toBe(10); // 1 + 29.8 → 10
    expect(evictionCost(pod({ priority: -1_000_000_000 }))).toBe(-10);
  });

  it('RescheduleDisruptionCost = 1 + Σ max(0, EvictionCost); SavingsRatio = price / cost', () => {
    expect(rescheduleDisruptionCost([])).toBe(1);
    expect(rescheduleDisruptionCost([pod(), pod()])).toBe(3);
    expect(rescheduleDisruptionCost([pod(), pod({ priority: -1_000_000_000 })])).toBe(2);
    expect(savingsRatio(0.192, 3)).toBeCloseTo(0.064, 12);
  });
});
