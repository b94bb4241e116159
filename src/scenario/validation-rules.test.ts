import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { echoValue, InputError } from './errors.js';
import { parseScenario } from './load.js';
import { keysAt } from './zod-problems.js';

function problemsOf(text: string): string[] {
  try {
    parseScenario('s.yaml', text);
  } catch (e) {
    if (e instanceof InputError) return e.problems.map((p) => `${p.line}:${p.column}: ${p.path ?? ''}: ${p.message}`);
    throw e;
  }
  return [];
}

const base = (extra: string, horizon = 'horizon: 1h\n'): string =>
  `name: t\n${horizon}policy: static\nstatic:\n  nodes: [{ instanceType: m5.large }]\n${extra}workload:\n  - generator: poisson\n`;
const pdb = (fields: string): string => base(`cluster:\n  pdbs:\n    - { name: w, selector: { matchLabels: { app: w } }, ${fields} }\n`);

describe('PodDisruptionBudgets (Kubernetes policy/v1 rules)', () => {
  it('take an integer or a percentage up to 100%', () => {
    expect(problemsOf(pdb('maxUnavailable: 2'))).toEqual([]);
    expect(problemsOf(pdb('minAvailable: "50%"'))).toEqual([]);
    expect(problemsOf(pdb('maxUnavailable: 100%'))).toEqual([]);
  });

  it('reject other strings, percentages over 100% and negative counts at the value', () => {
    for (const bad of ['fifty%', '150%', '-1', '1.5', '"3"']) {
      const out = problemsOf(pdb(`maxUnavailable: ${bad}`));
      expect(out, bad).toHaveLength(1);
      expect(out[0]).toMatch(/^8:73: cluster\.pdbs\[0\]\.maxUnavailable: expected a non-negative integer or a percentage from "0%" to "100%"/);
    }
  });

  it('reject both minAvailable and maxUnavailable, pointing at the budget', () => {
    expect(problemsOf(pdb('minAvailable: 1, maxUnavailable: 1'))).toEqual([
      '8:7: cluster.pdbs[0]: give at most one of minAvailable and maxUnavailable, found both (Kubernetes rejects a PodDisruptionBudget that sets both)',
    ]);
  });
});

describe('durations that must be positive or present', () => {
  it('rejects a zero horizon and a zero report step', () => {
    expect(problemsOf(base('', 'horizon: 0\n'))).toEqual(['2:10: horizon: must be longer than 0 s, found 0']);
    expect(problemsOf(base('report: { step: 0s }\n'))).toEqual(['6:17: report.step: must be longer than 0 s, found 0']);
  });

  it('says a missing horizon is required and what it takes', () => {
    expect(problemsOf(base('', ''))).toEqual(['1:1: horizon: expected a duration such as "30s", "10m", "6h" or "7d", found nothing (the field is required)']);
  });

  it('never echoes more than 40 characters of a bad value', () => {
    const [p] = problemsOf(base('', `horizon: "${'9q'.repeat(5000)}"\n`));
    expect(p).toBe(`2:10: horizon: expected a duration such as "30s", "10m", "6h" or "7d", found "${'9q'.repeat(19)}9… (10002 characters)`);
  });
});

describe('messages', () => {
  it('a comment-only file has no content rather than "object"', () => {
    expect(problemsOf('# soon\n')).toEqual(['1:1: : expected a YAML mapping (name, horizon, workload, ...), found no content (only comments or an empty document)']);
  });

  it('identical problems are reported once', () => {
    const p = { file: 'f', line: 1, column: 2, message: 'm' };
    expect(new InputError([p, { ...p }, { ...p, column: 3 }]).problems).toHaveLength(2);
  });

  it('echoValue cuts long values and keeps short ones', () => {
    expect(echoValue('abc')).toBe('"abc"');
    expect(echoValue('x'.repeat(100))).toBe(`"${'x'.repeat(39)}… (102 characters)`);
  });

  it('hints come from the union option the value chooses by its discriminator', () => {
    const a = z.strictObject({ kind: z.literal('a'), alpha: z.number() });
    const b = z.strictObject({ kind: z.literal('b'), beta: z.number() });
    const list = z.array(z.union([a, b]));
    expect(keysAt(list, [0], [{ kind: 'b', betta: 1 }])).toEqual(['kind', 'beta']);
    expect(keysAt(list, [0], [{ kind: 'c' }])).toEqual(['kind', 'alpha', 'beta']);
  });
});
