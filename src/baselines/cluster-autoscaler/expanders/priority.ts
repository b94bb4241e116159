import type { ExpanderFilter, ExpansionOption, FilterResult } from './expander.js';

/**
 * `priority`: the ConfigMap `cluster-autoscaler-priority-expander` maps priorities to regexes over node
 * group names (unanchored, as Go's MatchString). Options of the highest matching priority are kept;
 * groups that match nothing are dropped; when no option matches anything, all pass through.
 */
export function priorityExpander(priorities: Readonly<Record<number, readonly string[]>>): ExpanderFilter {
  const table = Object.entries(priorities).map(([p, res]) => ({ priority: Number(p), regexes: res.map((r) => new RegExp(r)) }));
  return {
    name: 'priority',
    bestOptions(options: readonly ExpansionOption[]): FilterResult {
      const scores: Record<string, number | null> = {};
      let best: ExpansionOption[] = [];
      let maxPriority = -Infinity;
      for (const o of options) {
        let groupPriority: number | null = null;
        for (const { priority, regexes } of table) {
          if (!regexes.some((r) => r.test(o.group.name))) continue;
          if (groupPriority === null || priority > groupPriority) groupPriority = priority;
        }
        scores[o.group.name] = groupPriority;
        if (groupPriority === null) continue;
        if (groupPriority > maxPriority) {
          maxPriority = groupPriority;
          best = [o];
        } else if (groupPriority === maxPriority) best.push(o);
      }
      return { options: best.length > 0 ? best : options, scores };
    },
  };
}
