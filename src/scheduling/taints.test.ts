import { describe, expect, it } from 'vitest';
import type { Taint } from '../model/index.js';
import { intolerablePreferNoScheduleCount, tolerationMatches, toleratesTaint, untoleratedTaint } from './taints.js';

const gpu: Taint = { key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' };

describe('tolerations (Toleration.ToleratesTaint)', () => {
  it('Equal (default operator) needs key, value and effect', () => {
    expect(tolerationMatches({ key: 'nvidia.com/gpu', value: 'true', effect: 'NoSchedule' }, gpu)).toBe(true);
    expect(tolerationMatches({ key: 'nvidia.com/gpu', operator: 'Equal', value: 'false', effect: 'NoSchedule' }, gpu)).toBe(false);
    expect(tolerationMatches({ key: 'other', value: 'true', effect: 'NoSchedule' }, gpu)).toBe(false);
    expect(tolerationMatches({ key: 'nvidia.com/gpu', value: 'true', effect: 'NoExecute' }, gpu)).toBe(false);
  });
  it('an effect-less toleration matches every effect', () => {
    expect(tolerationMatches({ key: 'nvidia.com/gpu', value: 'true' }, gpu)).toBe(true);
    expect(tolerationMatches({ key: 'nvidia.com/gpu', value: 'true' }, { ...gpu, effect: 'NoExecute' })).toBe(true);
  });
  it('Exists ignores the value', () => {
    expect(tolerationMatches({ key: 'nvidia.com/gpu', operator: 'Exists' }, gpu)).toBe(true);
    expect(tolerationMatches({ key: 'nvidia.com/gpu', operator: 'Exists', value: 'ignored' }, gpu)).toBe(true);
  });
  it('empty key with Exists tolerates everything', () => {
    expect(toleratesTaint([{ operator: 'Exists' }], gpu)).toBe(true);
    expect(toleratesTaint([{ key: '', operator: 'Exists' }], { key: 'a', effect: 'NoExecute' })).toBe(true);
    expect(toleratesTaint([{ operator: 'Exists', effect: 'NoExecute' }], gpu)).toBe(false);
  });
  it('a taint without value equals an empty toleration value', () => {
    expect(tolerationMatches({ key: 'dedicated', operator: 'Equal' }, { key: 'dedicated', effect: 'NoSchedule' })).toBe(true);
    expect(tolerationMatches({ key: 'dedicated', value: 'x' }, { key: 'dedicated', effect: 'NoSchedule' })).toBe(false);
  });
});

describe('untoleratedTaint', () => {
  const prefer: Taint = { key: 'spot', effect: 'PreferNoSchedule' };
  it('returns the first NoSchedule/NoExecute taint not tolerated', () => {
    const noExec: Taint = { key: 'b', effect: 'NoExecute' };
    expect(untoleratedTaint([], [prefer, noExec, gpu])).toEqual(noExec);
    expect(untoleratedTaint([{ key: 'b', operator: 'Exists' }], [prefer, noExec, gpu])).toEqual(gpu);
    expect(untoleratedTaint([{ operator: 'Exists' }], [prefer, noExec, gpu])).toBeUndefined();
  });
  it('PreferNoSchedule does not filter by default, but can be asked for', () => {
    expect(untoleratedTaint([], [prefer])).toBeUndefined();
    expect(untoleratedTaint([], [prefer], ['PreferNoSchedule'])).toEqual(prefer);
  });
  it('counts intolerable PreferNoSchedule taints for scoring', () => {
    const taints: Taint[] = [prefer, { key: 'x', effect: 'PreferNoSchedule' }, gpu];
    expect(intolerablePreferNoScheduleCount([], taints)).toBe(2);
    expect(intolerablePreferNoScheduleCount([{ key: 'spot', operator: 'Exists' }], taints)).toBe(1);
    // a toleration restricted to another effect does not count
    expect(intolerablePreferNoScheduleCount([{ key: 'spot', operator: 'Exists', effect: 'NoSchedule' }], taints)).toBe(2);
  });
});
