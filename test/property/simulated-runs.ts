import fc from 'fast-check';
import { expect } from 'vitest';
import type { PolicyName } from '../../src/scenario/schema.js';
import { runDoc, totalsProblems } from './run-doc.js';
import { scenarioDoc } from './scenario-arbitrary.js';

/**
 * Random small scenarios through the real runtime: the run completes (the InvariantChecker inside
 * `simulate` throws on any violation — placement, PDBs, do-not-disrupt, NodePool limits, disruption
 * budgets, instance lifecycles, registration timeout, pod fates vs summary.json, cost vs the ledger, ASG
 * bounds) and summary.json / nodes.csv add up against direct formulas. Seeded so CI is repeatable; a
 * failure prints the seed, the path and the shrunk scenario document.
 */
export function simulatedRunsProperty(policy: PolicyName, seed: number, numRuns: number): void {
  fc.assert(
    fc.property(scenarioDoc({ staticNodes: policy === 'static' }), fc.integer({ min: 1, max: 1000 }), (doc, runSeed) => {
      const run = runDoc(doc, policy, runSeed);
      expect(totalsProblems(run)).toEqual([]);
    }),
    { seed, numRuns, endOnFailure: false },
  );
}

