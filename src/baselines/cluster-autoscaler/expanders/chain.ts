import type { CaExpander } from '../../../model/index.js';
import type { ExpanderFilter, ExpansionOption, RandomChoice } from './expander.js';
import { leastWasteExpander } from './least-waste.js';
import { priorityExpander } from './priority.js';
import { leastNodesExpander, mostPodsExpander, randomExpander } from './simple-expanders.js';

/** One expander's step in a decision, for the decision log. */
export interface ExpanderStep {
  readonly expander: string;
  readonly kept: readonly string[];
  readonly scores?: Readonly<Record<string, number | null>>;
}

export interface ExpanderChoice {
  readonly best: ExpansionOption | undefined;
  readonly steps: readonly ExpanderStep[];
  /** True when the final random tie-break chose among several options. */
  readonly tieBroken: boolean;
}

export class ExpanderConfigError extends Error {
  override readonly name = 'ExpanderConfigError';
  readonly code = 'CA_EXPANDER';
}

/**
 * `--expander` as a filter chain (`expander/factory/chain.go`): each expander narrows the options, the
 * chain stops once one is left, and any remaining tie is broken uniformly at random.
 */
export class ExpanderChain {
  private readonly filters: ExpanderFilter[];

  constructor(
    names: readonly CaExpander[],
    private readonly random: RandomChoice,
    priorities: Readonly<Record<number, readonly string[]>> | undefined,
  ) {
    this.filters = names.map((name) => {
      switch (name) {
        case 'random':
          return randomExpander(random);
        case 'most-pods':
          return mostPodsExpander;
        case 'least-waste':
          return leastWasteExpander;
        case 'least-nodes':
          return leastNodesExpander;
        case 'priority':
          if (!priorities) throw new ExpanderConfigError('the priority expander needs the priorities ConfigMap (options.priorities)');
          return priorityExpander(priorities);
        case 'price':
          throw new ExpanderConfigError('the price expander is not available on AWS: Pricing() is not implemented there and Cluster Autoscaler exits at start-up');
        default:
          throw new ExpanderConfigError(`unknown expander "${String(name)}"`);
      }
    });
  }

  choose(options: readonly ExpansionOption[]): ExpanderChoice {
    const steps: ExpanderStep[] = [];
    let current = options;
    if (current.length === 0) return { best: undefined, steps, tieBroken: false };
    for (const f of this.filters) {
      const r = f.bestOptions(current);
      current = r.options;
      steps.push({ expander: f.name, kept: current.map((o) => o.group.name), ...(r.scores ? { scores: r.scores } : {}) });
      if (current.length === 1) break;
    }
    if (current.length <= 1) return { best: current[0], steps, tieBroken: false };
    return { best: current[this.random.int(current.length)], steps, tieBroken: true };
  }
}
