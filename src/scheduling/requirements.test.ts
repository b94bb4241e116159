import { describe, expect, it } from 'vitest';
import type { Requirement } from '../model/index.js';
import { Requirements, requirementMatches, selectorMatches } from './requirements.js';

const req = (key: string, operator: Requirement['operator'], ...values: string[]): Requirement => ({ key, operator, values });

describe('requirementMatches (node-selector requirement semantics)', () => {
  it('In needs the label with one of the values', () => {
    expect(requirementMatches(req('zone', 'In', 'a', 'b'), { zone: 'b' })).toBe(true);
    expect(requirementMatches(req('zone', 'In', 'a', 'b'), { zone: 'c' })).toBe(false);
    expect(requirementMatches(req('zone', 'In', 'a'), {})).toBe(false);
  });
  it('NotIn matches a missing label', () => {
    expect(requirementMatches(req('zone', 'NotIn', 'a'), {})).toBe(true);
    expect(requirementMatches(req('zone', 'NotIn', 'a'), { zone: 'a' })).toBe(false);
    expect(requirementMatches(req('zone', 'NotIn', 'a'), { zone: 'b' })).toBe(true);
  });
  it('Exists with no values needs only the key, even with an empty value', () => {
    expect(requirementMatches(req('gpu', 'Exists'), { gpu: '' })).toBe(true);
    expect(requirementMatches(req('gpu', 'Exists'), {})).toBe(false);
    expect(requirementMatches(req('gpu', 'DoesNotExist'), {})).toBe(true);
    expect(requirementMatches(req('gpu', 'DoesNotExist'), { gpu: 'x' })).toBe(false);
  });
  it('Gt/Lt compare integers; non-integers and missing labels never match', () => {
    expect(requirementMatches(req('cpu', 'Gt', '4'), { cpu: '8' })).toBe(true);
    expect(requirementMatches(req('cpu', 'Gt', '4'), { cpu: '4' })).toBe(false);
    expect(requirementMatches(req('cpu', 'Gt', '4'), { cpu: '10' })).toBe(true); // numeric, not lexical
    expect(requirementMatches(req('cpu', 'Lt', '4'), { cpu: '-1' })).toBe(true);
    expect(requirementMatches(req('cpu', 'Gt', '4'), { cpu: '8.5' })).toBe(false);
    expect(requirementMatches(req('cpu', 'Gt', '4'), { cpu: 'eight' })).toBe(false);
    expect(requirementMatches(req('cpu', 'Gt', '4.5'), { cpu: '8' })).toBe(false);
    expect(requirementMatches(req('cpu', 'Gt', '4'), {})).toBe(false);
    expect(requirementMatches(req('cpu', 'Lt', '4'), {})).toBe(false);
  });
});

describe('selectorMatches (metav1.LabelSelector)', () => {
  it('undefined matches nothing, empty matches everything', () => {
    expect(selectorMatches(undefined, { app: 'x' })).toBe(false);
    expect(selectorMatches({}, {})).toBe(true);
    expect(selectorMatches({ matchLabels: {}, matchExpressions: [] }, { app: 'x' })).toBe(true);
  });
  it('ANDs matchLabels and matchExpressions', () => {
    const sel = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In' as const, values: ['fe', 'be'] }] };
    expect(selectorMatches(sel, { app: 'web', tier: 'fe' })).toBe(true);
    expect(selectorMatches(sel, { app: 'web' })).toBe(false);
    expect(selectorMatches(sel, { app: 'db', tier: 'fe' })).toBe(false);
  });
  it('expression without values (Exists / DoesNotExist)', () => {
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'Exists' }] }, { app: '' })).toBe(true);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'DoesNotExist' }] }, { app: 'a' })).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['a'] }] }, {})).toBe(true);
  });
});

describe('Requirements', () => {
  const zones = Requirements.from([req('zone', 'In', 'a', 'b', 'c')]);

  it('intersects In sets', () => {
    const r = zones.intersect(Requirements.from([req('zone', 'In', 'b', 'c', 'd')]));
    expect([...(r.values('zone') ?? [])].sort()).toEqual(['b', 'c']);
    expect(r.allows('zone', 'a')).toBe(false);
    expect(r.allows('zone', 'b')).toBe(true);
  });
  it('In ∩ NotIn removes values; In [a] ∩ NotIn [a] conflicts', () => {
    const r = zones.intersect(Requirements.from([req('zone', 'NotIn', 'a')]));
    expect([...(r.values('zone') ?? [])].sort()).toEqual(['b', 'c']);
    expect(Requirements.from([req('zone', 'In', 'a')]).conflict(Requirements.from([req('zone', 'NotIn', 'a')]))).toBe('zone');
  });
  it('disjoint In sets conflict on that key', () => {
    expect(zones.conflict(Requirements.from([req('zone', 'In', 'x')]))).toBe('zone');
    expect(zones.conflict(Requirements.from([req('zone', 'In', 'c')]))).toBeUndefined();
  });
  it('NotIn ∩ DoesNotExist is satisfiable (label absent); In ∩ DoesNotExist is not', () => {
    const notIn = Requirements.from([req('team', 'NotIn', 'x')]);
    const dne = Requirements.from([req('team', 'DoesNotExist')]);
    expect(notIn.conflict(dne)).toBeUndefined();
    expect(notIn.intersect(dne).matches({})).toBe(true);
    expect(notIn.intersect(dne).matches({ team: 'y' })).toBe(false);
    expect(Requirements.from([req('team', 'In', 'y')]).conflict(dne)).toBe('team');
    expect(Requirements.from([req('team', 'Exists')]).conflict(dne)).toBe('team');
  });
  it('Exists ∩ NotIn still needs the label', () => {
    const r = Requirements.from([req('team', 'Exists'), req('team', 'NotIn', 'x')]);
    expect(r.matches({})).toBe(false);
    expect(r.matches({ team: 'x' })).toBe(false);
    expect(r.matches({ team: 'y' })).toBe(true);
    expect(Requirements.from(r.toList()).matches({})).toBe(false);
    expect(Requirements.from(r.toList()).matches({ team: 'y' })).toBe(true);
  });
  it('unsatisfiableKey finds a key no labeling satisfies', () => {
    expect(Requirements.from([req('zone', 'In', 'a'), req('zone', 'In', 'b')]).unsatisfiableKey()).toBe('zone');
    expect(Requirements.from([req('zone', 'In', 'a', 'b'), req('zone', 'In', 'b')]).unsatisfiableKey()).toBeUndefined();
    expect(Requirements.from([req('zone', 'NotIn', 'a'), req('zone', 'DoesNotExist')]).unsatisfiableKey()).toBeUndefined();
  });
  it('keys on one side only never conflict', () => {
    expect(zones.conflict(Requirements.from([req('arch', 'In', 'arm64')]))).toBeUndefined();
    expect(Requirements.EMPTY.conflict(zones)).toBeUndefined();
  });
  it('Gt/Lt bounds: filter In values, combine, and detect empty ranges', () => {
    const cpus = Requirements.from([req('cpu', 'In', '2', '4', '8', '16', 'big')]);
    const r = cpus.intersect(Requirements.from([req('cpu', 'Gt', '2'), req('cpu', 'Lt', '16')]));
    expect([...(r.values('cpu') ?? [])].sort()).toEqual(['4', '8']);
    const range = Requirements.from([req('cpu', 'Gt', '4'), req('cpu', 'Lt', '6')]);
    expect(range.matches({ cpu: '5' })).toBe(true);
    expect(range.matches({ cpu: '6' })).toBe(false);
    expect(range.conflict(Requirements.EMPTY)).toBeUndefined();
    expect(range.conflict(Requirements.from([req('cpu', 'NotIn', '5')]))).toBe('cpu'); // nothing left in (4,6)
    expect(Requirements.from([req('cpu', 'Gt', '4')]).conflict(Requirements.from([req('cpu', 'Lt', '5')]))).toBe('cpu');
    expect(Requirements.from([req('cpu', 'Gt', '4')]).conflict(Requirements.from([req('cpu', 'Lt', '6')]))).toBeUndefined();
    expect(Requirements.from([req('cpu', 'Gt', '4')]).allows('cpu', 'x')).toBe(false);
    expect(Requirements.from([req('cpu', 'Gt', '4')]).matches({})).toBe(false);
  });
  it('matches concrete labels; unconstrained keys allow anything', () => {
    const r = Requirements.from([req('zone', 'In', 'a'), req('gpu', 'DoesNotExist'), req('os', 'NotIn', 'windows')]);
    expect(r.matches({ zone: 'a' })).toBe(true);
    expect(r.matches({ zone: 'a', os: 'linux', other: 'x' })).toBe(true);
    expect(r.matches({ zone: 'a', gpu: '1' })).toBe(false);
    expect(r.matches({ zone: 'a', os: 'windows' })).toBe(false);
    expect(r.matches({})).toBe(false);
    expect(r.allows('anything', 'v')).toBe(true);
    expect(r.has('zone')).toBe(true);
    expect(r.has('anything')).toBe(false);
  });
  it('values() is defined only for finite (In / DoesNotExist) keys', () => {
    expect(Requirements.from([req('k', 'NotIn', 'a')]).values('k')).toBeUndefined();
    expect(Requirements.from([req('k', 'Exists')]).values('k')).toBeUndefined();
    expect(Requirements.EMPTY.values('k')).toBeUndefined();
    expect(Requirements.from([req('k', 'DoesNotExist')]).values('k')?.size).toBe(0);
  });
  it('fromLabels pins each key to its value', () => {
    const r = Requirements.fromLabels({ zone: 'a', arch: 'amd64' });
    expect(r.matches({ zone: 'a', arch: 'amd64' })).toBe(true);
    expect(r.matches({ zone: 'b', arch: 'amd64' })).toBe(false);
    expect(r.singleValueLabels()).toEqual({ zone: 'a', arch: 'amd64' });
  });
  it('keeps minValues (largest wins) through intersect and toList', () => {
    const a = Requirements.from([{ key: 'type', operator: 'In', values: ['m5.large', 'c5.large', 'r5.large'], minValues: 2 }]);
    const b = Requirements.from([{ key: 'type', operator: 'Exists', values: [], minValues: 3 }]);
    const r = a.intersect(b);
    expect(r.minValues('type')).toBe(3);
    expect(r.toList()).toEqual([{ key: 'type', operator: 'In', values: ['m5.large', 'c5.large', 'r5.large'], minValues: 3 }]);
    expect(Requirements.from([req('type', 'In', 'x')]).minValues('type')).toBeUndefined();
  });
  it('toList round-trips each operator', () => {
    const list = [req('a', 'In', 'x', 'y'), req('b', 'NotIn', 'z'), req('c', 'Exists'), req('d', 'DoesNotExist'), req('e', 'Gt', '3'), req('f', 'Lt', '9')];
    const r = Requirements.from(list);
    expect(r.toList()).toEqual(list);
  });
  it('incompatibility: undefined incoming keys must allow absence unless allowed', () => {
    const pool = Requirements.from([req('zone', 'In', 'a', 'b')]);
    const pod = Requirements.from([req('team', 'In', 'x')]);
    expect(pool.incompatibility(pod)).toBe('team');
    expect(pool.incompatibility(pod, (k) => k === 'team')).toBeUndefined();
    expect(pool.incompatibility(Requirements.from([req('team', 'NotIn', 'x')]))).toBeUndefined();
    expect(pool.incompatibility(Requirements.from([req('zone', 'In', 'c')]))).toBe('zone');
  });
  it('is immutable', () => {
    const before = zones.toList();
    zones.intersect(Requirements.from([req('zone', 'In', 'a')]));
    expect(zones.toList()).toEqual(before);
  });
});
