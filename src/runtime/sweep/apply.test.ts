import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isInputError } from '../../scenario/errors.js';
import { applyAssignments } from './apply.js';
import { parseSetSpec } from './set-spec.js';

const TEXT = `# a scenario
name: demo
horizon: 2h
static:
  nodes:
    - { instanceType: m5.xlarge, count: 4 } # four nodes
clusterAutoscaler:
  flags:
    expander: least-waste
  priorities:
    30: [".*-spot-.*"]
`;

function apply(text: string, ...sets: [flag: string, valueIndex: number][]): string {
  return applyAssignments(
    text,
    sets.map(([flag, valueIndex]) => ({ spec: parseSetSpec(flag), valueIndex })),
  );
}

function errorOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isInputError(e)) return e.message;
    throw e;
  }
  throw new Error('expected an InputError');
}

describe('applyAssignments', () => {
  it('replaces an existing value and keeps comments and the rest of the document', () => {
    const out = apply(TEXT, ['horizon=30m,1h', 0]);
    expect(parse(out)).toEqual({ ...parse(TEXT), horizon: '30m' });
    expect(out).toContain('# a scenario');
    expect(out).toContain('# four nodes');
  });

  it('sets list items by index, with the YAML type of the value', () => {
    const out = parse(apply(TEXT, ['static.nodes[0].count=2,8', 1])) as { static: { nodes: { count: unknown; instanceType: string }[] } };
    expect(out.static.nodes[0]).toEqual({ instanceType: 'm5.xlarge', count: 8 });
  });

  it('creates missing mapping keys (cloud.spot.interruptionMultiplier in a scenario without cloud)', () => {
    const out = parse(apply(TEXT, ['cloud.spot.interruptionMultiplier=10', 0])) as Record<string, unknown>;
    expect(out.cloud).toEqual({ spot: { interruptionMultiplier: 10 } });
  });

  it('adds a new flag next to the existing ones', () => {
    const out = parse(apply(TEXT, ['clusterAutoscaler.flags.scale-down-unneeded-time=5m', 0])) as { clusterAutoscaler: { flags: Record<string, unknown> } };
    expect(out.clusterAutoscaler.flags).toEqual({ expander: 'least-waste', 'scale-down-unneeded-time': '5m' });
  });

  it('finds a numeric mapping key written as digits (replaces it, adds no twin key)', () => {
    const out = apply(TEXT, ['clusterAutoscaler.priorities.30=[".*"]', 0]);
    expect(out.match(/^ {4}30:/gm)).toHaveLength(1);
    expect((parse(out) as { clusterAutoscaler: { priorities: Record<string, unknown> } }).clusterAutoscaler.priorities).toEqual({ 30: ['.*'] });
  });

  it('applies several assignments together', () => {
    const out = parse(apply(TEXT, ['horizon=30m', 0], ['static.nodes[0].instanceType=m5.large,c5.large', 1])) as { horizon: string; static: { nodes: { instanceType: string }[] } };
    expect(out.horizon).toBe('30m');
    expect(out.static.nodes[0]!.instanceType).toBe('c5.large');
  });

  it('rejects an index past the end of a list instead of padding it with nulls', () => {
    expect(errorOf(() => apply(TEXT, ['static.nodes[1].count=1', 0]))).toContain('--set static.nodes[1].count=1: static.nodes has 1 item, so there is no [1]');
  });

  it('rejects paths through scalars, keys on lists and indexes on mappings', () => {
    expect(errorOf(() => apply(TEXT, ['horizon.x=1', 0]))).toContain('horizon is the value "2h", not a mapping or list');
    expect(errorOf(() => apply(TEXT, ['static.nodes.count=1', 0]))).toContain('static.nodes is a list: use an index such as [0], not "count"');
    expect(errorOf(() => apply(TEXT, ['static[0]=1', 0]))).toContain('static is a mapping, not a list');
    expect(errorOf(() => apply(TEXT, ['cloud.zones[0]=a', 0]))).toContain('cloud.zones does not exist, so it has no item [0]');
  });
});
