import { describe, expect, it } from 'vitest';
import { InputError } from './errors.js';
import { parseScenario } from './load.js';
import { parseDuration } from './duration.js';

function problemsOf(text: string): string[] {
  try {
    parseScenario('s.yaml', text);
  } catch (e) {
    if (e instanceof InputError) return e.message.split('\n');
    throw e;
  }
  return [];
}

const minimal = `name: t
horizon: 1h
policy: static
static:
  nodes:
    - instanceType: m5.large
workload:
  - generator: poisson
`;

describe('scenario loading', () => {
  it('accepts a minimal static scenario and applies defaults', () => {
    const s = parseScenario('s.yaml', minimal);
    expect(s.document.horizon).toBe(3600);
    expect(s.document.seed).toBe(1);
    expect(s.document.zones).toEqual(['us-east-1a', 'us-east-1b', 'us-east-1c']);
    expect(s.document.static?.nodes[0]?.count).toBe(1);
  });

  it('names file, line, column and path of an unknown field with a did-you-mean hint', () => {
    const text = minimal.replace('horizon: 1h', 'horizon: 1h\nhorizn: 2h');
    expect(problemsOf(text)).toEqual(['s.yaml:3:1: horizn: unknown field "horizn" (did you mean "horizon"?)']);
  });

  it('reports several problems at once, with what was expected and what was found', () => {
    const text = `name: t
horizon: soon
seed: "x"
policy: static
static:
  nodes:
    - instanceType: m5.large
      count: -2
workload:
  - generator: poisson
`;
    const problems = problemsOf(text);
    expect(problems).toContain('s.yaml:2:10: horizon: expected a duration such as "30s", "10m", "6h" or "7d", found "soon"');
    expect(problems).toContain('s.yaml:3:7: seed: expected number, found string "x"');
    expect(problems.some((p) => p.startsWith('s.yaml:8:14: static.nodes[0].count:'))).toBe(true);
    expect(problems).toHaveLength(3);
  });

  it('rejects YAML syntax errors with a position', () => {
    expect(problemsOf('name: [unclosed\nhorizon: 1h\n')[0]).toMatch(/^s\.yaml:\d+:\d+: YAML syntax:/);
  });

  it('rejects an empty file and a non-mapping', () => {
    expect(problemsOf('')[0]).toMatch(/empty file/);
    expect(problemsOf('- a\n- b\n')[0]).toBe('s.yaml:1:1: expected a YAML mapping (name, horizon, workload, ...), found a list');
  });

  it('needs the section of the chosen policy', () => {
    expect(problemsOf(minimal.replace('policy: static', 'policy: karpenter'))).toEqual([
      's.yaml:3:9: policy: policy "karpenter" needs a "karpenter.manifests" section',
    ]);
  });

  it('rejects an unknown policy naming the allowed ones', () => {
    expect(problemsOf(minimal.replace('policy: static', 'policy: magic'))[0]).toBe(
      's.yaml:3:9: policy: expected one of "karpenter", "cluster-autoscaler", "static", found string "magic"',
    );
  });
});

describe('durations', () => {
  it('parses Go-style durations and bare seconds', () => {
    expect(parseDuration('90s')).toBe(90);
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('720h')).toBe(2_592_000);
    expect(parseDuration('7d')).toBe(604_800);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration(42)).toBe(42);
    expect(parseDuration('1.5h')).toBe(5400);
    expect(parseDuration('10 minutes')).toBeUndefined();
    expect(parseDuration('-5s')).toBeUndefined();
  });
});
