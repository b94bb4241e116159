import { describe, expect, it } from 'vitest';
import type { DisruptionBudget, NodePool } from '../model/index.js';
import { budgetNodeCount } from './disruption-budgets.js';
import { harness } from './testing/harness.js';

const POOL = 'karpenter.sh/nodepool';

function pool(name: string, budgets: DisruptionBudget[]): NodePool {
  return {
    name,
    weight: 0,
    labels: {},
    taints: [],
    startupTaints: [],
    requirements: [],
    nodeClassName: 'default',
    disruption: { consolidationPolicy: 'WhenEmptyOrUnderutilized', consolidateAfterSeconds: 0, budgets },
    limits: {},
  };
}

function world(budgets: DisruptionBudget[], nodes: number, extra: Parameters<typeof harness>[0] = {}): ReturnType<typeof harness> {
  const h = harness({ nodePools: [pool('general', budgets), pool('other', [{ nodes: '0' }])], ...extra });
  for (let i = 1; i <= nodes; i++) h.cluster.addNode(`n${i}`, { labels: { [POOL]: 'general' } });
  return h;
}

const disruption = (at: number, reason: string, nodes: string[], kind = 'disruption') => ({ at, actor: 'karpenter/disruption', kind, reason, nodes });

describe('budgetNodeCount (intstr, percentages round up)', () => {
  it('counts and percentages', () => {
    expect(budgetNodeCount('3', 10)).toBe(3);
    expect(budgetNodeCount('0', 10)).toBe(0);
    expect(budgetNodeCount('10%', 10)).toBe(1);
    expect(budgetNodeCount('10%', 11)).toBe(2); // 1.1 → 2
    expect(budgetNodeCount('40%', 4)).toBe(2); // 1.6 → 2
    expect(budgetNodeCount('100%', 7)).toBe(7);
    expect(budgetNodeCount('0%', 7)).toBe(0);
    expect(budgetNodeCount('1%', 1)).toBe(1);
    expect(budgetNodeCount('ten', 7)).toBeUndefined();
  });
});

describe('disruption budgets', () => {
  it('budget "1": a second node disrupted while the first is still there trips, naming pool, nodes and time', () => {
    const h = world([{ nodes: '1' }], 4);
    h.clock.t = 600;
    h.checker.decision(disruption(600, 'emptiness', ['n1']));
    expect(h.violations).toEqual([]);
    h.clock.t = 640;
    h.checker.decision(disruption(640, 'underutilized', ['n2']));
    expect(h.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
    const v = h.violations[0]!;
    expect(v.at).toBe(640);
    expect(v.objects).toEqual({ nodePool: 'general', nodes: 'n2' });
    expect(v.message).toContain('voluntary disruptions stay within');
    expect(v.message).toContain('t=640 s');
    expect(v.detail).toContain('2 nodes of NodePool general');
    expect(v.detail).toContain('already: n1');
    expect(v.detail).toContain('allows 1 of');
  });

  it('a node gone frees its share of the budget', () => {
    const h = world([{ nodes: '1' }], 3);
    h.checker.decision(disruption(10, 'emptiness', ['n1']));
    h.cluster.deleteNode('n1');
    h.checker.decision(disruption(20, 'emptiness', ['n2']));
    expect(h.violations).toEqual([]);
  });

  it('one command over the budget trips at once; percentages round up against the pool size', () => {
    const h = world([{ nodes: '40%' }], 4); // ceil(1.6) = 2
    h.checker.decision(disruption(10, 'emptiness', ['n1', 'n2']));
    expect(h.violations).toEqual([]);
    h.cluster.deleteNode('n1');
    h.cluster.deleteNode('n2');
    const g = world([{ nodes: '40%' }], 4);
    g.checker.decision(disruption(10, 'emptiness', ['n1', 'n2', 'n3']));
    expect(g.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
    expect(g.violations[0]!.detail).toContain('allows 2 of 4 nodes');
  });

  it('budget "0" forbids any voluntary disruption; nodes deleting already do not count in the pool size', () => {
    const h = world([{ nodes: '0' }], 2);
    h.checker.decision(disruption(5, 'drift', ['n1'], 'disruption-command'));
    expect(h.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
    const g = world([{ nodes: '50%' }], 4);
    g.cluster.node('n3')!.deletionAt = 1;
    g.cluster.node('n4')!.deletionAt = 1;
    g.checker.decision(disruption(5, 'emptiness', ['n1'])); // ceil(50% × 2) = 1
    g.checker.decision(disruption(6, 'emptiness', ['n2']));
    expect(g.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
  });

  it('a budget for other reasons does not apply; the tightest applicable one does', () => {
    const h = world([{ nodes: '0', reasons: ['Drifted'] }, { nodes: '5' }], 4);
    h.checker.decision(disruption(1, 'emptiness', ['n1']));
    h.checker.decision(disruption(1, 'underutilized', ['n2']));
    expect(h.violations).toEqual([]);
    h.checker.decision(disruption(2, 'drift', ['n3']));
    expect(h.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
    expect(h.violations[0]!.detail).toContain('for Drifted');
  });

  it('a replace command counts once (command, then disruption); an abandoned command frees its nodes', () => {
    const h = world([{ nodes: '1' }], 3);
    h.checker.decision(disruption(1, 'underutilized', ['n1'], 'disruption-command'));
    h.checker.decision(disruption(90, 'underutilized', ['n1']));
    expect(h.violations).toEqual([]);
    const g = world([{ nodes: '1' }], 3);
    g.checker.decision(disruption(1, 'underutilized', ['n1'], 'disruption-command'));
    g.checker.decision({ at: 600, actor: 'karpenter/disruption', kind: 'disruption-abandoned', reason: 'underutilized', nodes: ['n1'] });
    g.checker.decision(disruption(610, 'underutilized', ['n2'], 'disruption-command'));
    expect(g.violations).toEqual([]);
    g.checker.decision(disruption(620, 'drift', ['n3'], 'disruption-command'));
    expect(g.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
  });

  it('expiration, interruption, rejections and other pools do not count against the budget', () => {
    const h = world([{ nodes: '1' }], 4);
    h.cluster.addNode('x1', { labels: { [POOL]: 'other' } });
    h.checker.decision(disruption(1, 'expiration', ['n1']));
    h.checker.decision(disruption(1, 'interruption', ['n2']));
    h.checker.decision(disruption(1, 'underutilized', ['n3', 'n4'], 'disruption-rejected'));
    h.checker.decision(disruption(2, 'emptiness', ['n3']));
    expect(h.violations).toEqual([]);
    h.checker.decision(disruption(3, 'emptiness', ['x1']));
    expect(h.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
    expect(h.violations[0]!.objects.nodePool).toBe('other');
  });

  it('scripted changes: the budgets after a change apply from its time (either at the instant itself)', () => {
    const h = world([{ nodes: '10' }], 4, { nodePoolChanges: [{ atSeconds: 3600, nodePools: [pool('general', [{ nodes: '1' }])] }] });
    h.checker.decision(disruption(100, 'emptiness', ['n1', 'n2']));
    h.cluster.deleteNode('n1');
    h.cluster.deleteNode('n2');
    h.checker.decision(disruption(3600, 'emptiness', ['n3', 'n4'])); // the old budget may still be the engine's
    expect(h.violations).toEqual([]);
    const g = world([{ nodes: '10' }], 4, { nodePoolChanges: [{ atSeconds: 3600, nodePools: [pool('general', [{ nodes: '1' }])] }] });
    g.checker.decision(disruption(3601, 'emptiness', ['n3', 'n4']));
    expect(g.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
  });

  it('scheduled budgets apply only when said to be in force', () => {
    const scheduled: DisruptionBudget = { nodes: '0', schedule: '0 9 * * *', durationSeconds: 3600 };
    const h = world([scheduled], 3);
    h.checker.decision(disruption(1, 'emptiness', ['n1']));
    expect(h.violations).toEqual([]);
    const g = world([scheduled], 3, { isScheduledBudgetActive: (_b, at) => at >= 100 });
    g.checker.decision(disruption(50, 'emptiness', ['n1']));
    g.checker.decision(disruption(150, 'emptiness', ['n2']));
    expect(g.codes()).toEqual(['DISRUPTION_BUDGET_EXCEEDED']);
    expect(g.violations[0]!.at).toBe(150);
  });

  it('without NodePool budgets nothing is checked', () => {
    const h = harness({ nodePools: [pool('general', [])] });
    h.cluster.addNode('n1', { labels: { [POOL]: 'general' } });
    h.checker.decision(disruption(1, 'emptiness', ['n1']));
    expect(h.violations).toEqual([]);
  });
});
