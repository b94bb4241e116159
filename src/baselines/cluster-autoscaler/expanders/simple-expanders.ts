import type { ExpanderFilter, ExpansionOption, FilterResult, RandomChoice } from './expander.js';
import { keepBest } from './expander.js';

/** `random`: one option, uniformly. */
export function randomExpander(random: RandomChoice): ExpanderFilter {
  return {
    name: 'random',
    bestOptions(options: readonly ExpansionOption[]): FilterResult {
      if (options.length <= 1) return { options };
      return { options: [options[random.int(options.length)]!] };
    },
  };
}

/** `most-pods`: the options that schedule the most pods. */
export const mostPodsExpander: ExpanderFilter = {
  name: 'most-pods',
  bestOptions: (options) => keepBest(options, (o) => o.pods.length, false),
};

/** `least-nodes`: the options that need the fewest nodes. */
export const leastNodesExpander: ExpanderFilter = {
  name: 'least-nodes',
  bestOptions: (options) => keepBest(options, (o) => o.nodeCount, true),
};
