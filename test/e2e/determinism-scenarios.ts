import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDirName } from '../../src/report/index.js';
import { resolveScenario } from '../../src/runtime/resolve-scenario.js';
import { checkPolicyConfigured } from '../../src/runtime/run-scenario.js';
import { loadScenario } from '../../src/scenario/load.js';
import type { PolicyName } from '../../src/scenario/schema.js';

/** Every shipped scenario, read from the directory when the test runs (new ones are picked up). */
export function shippedScenarios(): string[] {
  return readdirSync('scenarios')
    .filter((f) => f.endsWith('.yaml') || f.endsWith('.yml'))
    .sort()
    .map((f) => join('scenarios', f));
}

/** The policies `compare` would run for the scenario, keeping those it configures (else its `run` policy). */
export function policiesOf(file: string): { policies: PolicyName[]; seed: number } {
  const r = resolveScenario(loadScenario(file));
  const configured = (p: PolicyName): boolean => {
    try {
      checkPolicyConfigured(r, p);
      return true;
    } catch {
      return false;
    }
  };
  const policies = r.comparePolicies.filter(configured);
  return { policies: policies.length > 0 ? policies : [r.defaultPolicy], seed: r.seed };
}

/** The deterministic outputs of a run directory (OUTPUTS.md: everything but run.json and the HTML/charts). */
export const DETERMINISTIC_FILES = ['summary.json', 'pods.csv', 'nodes.csv', 'timeseries.csv', 'decisions.jsonl'] as const;

/** Files of two compare directories that differ (empty when byte-identical); `comparison: false` skips comparison.json. */
export function differingFiles(a: string, b: string, policies: readonly PolicyName[], seed: number, opts: { comparison?: boolean } = {}): string[] {
  const out: string[] = [];
  for (const policy of policies) {
    for (const f of DETERMINISTIC_FILES) {
      const rel = join(runDirName(policy, seed), f);
      if (!readFileSync(join(a, rel)).equals(readFileSync(join(b, rel)))) out.push(rel);
    }
  }
  if (opts.comparison !== false && !readFileSync(join(a, 'comparison.json')).equals(readFileSync(join(b, 'comparison.json')))) out.push('comparison.json');
  return out;
}
