import { describe, expect, it } from 'vitest';
import type { DisruptionBudget, NodePool } from '../../model/index.js';
import { nodePool } from '../testing/fixtures.js';
import { allowedDisruptions, budgetNodes, buildBudgetMapping } from './budgets.js';

function pool(budgets: DisruptionBudget[], name = 'default'): NodePool {
  const p = nodePool({ name });
  return { ...p, disruption: { ...p.disruption, budgets } };
}

describe('disruption budgets (Karpenter v1 semantics)', () => {
  it('percentages are rounded up; integers are absolute', () => {
    expect(budgetNodes('10%', 25)).toBe(3); // 2.5 → 3
    expect(budgetNodes('10%', 10)).toBe(1);
    expect(budgetNodes('10%', 1)).toBe(1);
    expect(budgetNodes('10%', 0)).toBe(0);
    expect(budgetNodes('0', 50)).toBe(0);
    expect(budgetNodes('5', 3)).toBe(5);
    expect(() => budgetNodes('ten', 3)).toThrow(/invalid disruption budget/);
  });

  it('the most restrictive active budget for the reason wins; budgets for other reasons are ignored', () => {
    const p = pool([{ nodes: '50%' }, { nodes: '1', reasons: ['Drifted'] }]);
    expect(allowedDisruptions(p, 'Drifted', 10, 0)).toBe(1);
    expect(allowedDisruptions(p, 'Underutilized', 10, 0)).toBe(5);
    expect(allowedDisruptions(pool([]), 'Empty', 10, 0)).toBe(Infinity);
  });

  it('a scheduled budget only counts inside its window ("0" during 09:00–17:00 UTC weekdays)', () => {
    const p = pool([{ nodes: '100%' }, { nodes: '0', schedule: '0 9 * * mon-fri', durationSeconds: 8 * 3600 }]);
    expect(allowedDisruptions(p, 'Underutilized', 4, 10 * 3600)).toBe(0); // Thu 1970-01-01 10:00
    expect(allowedDisruptions(p, 'Underutilized', 4, 18 * 3600)).toBe(4);
    expect(allowedDisruptions(p, 'Underutilized', 4, 2 * 86400 + 10 * 3600)).toBe(4); // Saturday
  });

  it('nodes being deleted or NotReady count against the budget', () => {
    const p = pool([{ nodes: '3' }]);
    const counts = new Map([['default', { total: 10, disrupting: 2 }]]);
    expect(buildBudgetMapping([p], counts, 'Empty', 0).get('default')).toBe(1);
    expect(buildBudgetMapping([p], new Map([['default', { total: 10, disrupting: 5 }]]), 'Empty', 0).get('default')).toBe(0);
  });
});
