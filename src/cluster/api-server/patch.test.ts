import { describe, expect, it } from 'vitest';
import { ApiError } from './http.js';
import { applyPatch, patchType } from './patch.js';
import { labelSelectorPredicate } from './selectors.js';
import { humanDuration } from './table.js';

describe('patches', () => {
  it('merge patch (RFC 7386): objects merge, null removes, arrays replace', () => {
    const target = { a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] };
    expect(applyPatch('merge', target, { a: 'z', c: { f: null }, list: [3] })).toEqual({ a: 'z', c: { d: 'e' }, list: [3] });
    expect(target).toEqual({ a: 'b', c: { d: 'e', f: 'g' }, list: [1, 2] });
  });

  it('strategic merge patch drops $-directives and replaces node taints whole (no merge key)', () => {
    const node = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }], unschedulable: true } };
    const patch = { spec: { taints: [{ key: 'b', effect: 'NoExecute' }], unschedulable: null, '$setElementOrder/taints': [{ key: 'b' }] } };
    expect(applyPatch('strategic', node, patch)).toEqual({ spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } });
  });

  it('JSON patch (RFC 6902): add, remove, replace, move, copy, test', () => {
    const doc = { metadata: { labels: { a: '1' } }, spec: { taints: [{ key: 'x' }] } };
    const out = applyPatch('json', doc, [
      { op: 'add', path: '/metadata/labels/b~1c', value: '2' },
      { op: 'add', path: '/spec/taints/-', value: { key: 'y' } },
      { op: 'remove', path: '/spec/taints/0' },
      { op: 'copy', from: '/metadata/labels/a', path: '/metadata/labels/copy' },
      { op: 'move', from: '/metadata/labels/a', path: '/metadata/labels/moved' },
      { op: 'replace', path: '/metadata/labels/moved', value: '3' },
      { op: 'test', path: '/spec/taints/0/key', value: 'y' },
    ]);
    expect(out).toEqual({ metadata: { labels: { 'b/c': '2', copy: '1', moved: '3' } }, spec: { taints: [{ key: 'y' }] } });
    expect(() => applyPatch('json', doc, [{ op: 'test', path: '/metadata/labels/a', value: '2' }])).toThrow(ApiError);
    expect(() => applyPatch('json', doc, [{ op: 'remove', path: '/nope/x' }])).toThrow(/does not exist/);
  });

  it('content types', () => {
    expect(patchType('application/merge-patch+json; charset=utf-8')).toBe('merge');
    expect(patchType('application/strategic-merge-patch+json')).toBe('strategic');
    expect(patchType('application/json-patch+json')).toBe('json');
    expect(() => patchType('application/apply-patch+yaml')).toThrow(/server-side apply/);
  });
});

describe('label selectors', () => {
  const m = (sel: string, labels: Record<string, string>): boolean => labelSelectorPredicate(sel)!({ metadata: { labels } });
  it('equality, sets and existence as kubectl writes them', () => {
    expect(m('app=web,tier!=db', { app: 'web', tier: 'front' })).toBe(true);
    expect(m('app==web', { app: 'api' })).toBe(false);
    expect(m('env in (prod, staging),!canary', { env: 'staging' })).toBe(true);
    expect(m('env notin (prod)', {})).toBe(true);
    expect(m('team', { team: 'x' })).toBe(true);
    expect(m('!team', { team: 'x' })).toBe(false);
    expect(() => m('a b', {})).toThrow(ApiError);
  });
});

describe('ages', () => {
  it('follow kubectl HumanDuration', () => {
    expect([59, 119, 125, 600, 10799, 3 * 3600 + 120, 8 * 3600, 50 * 3600, 30 * 86400, 800 * 86400].map(humanDuration)).toEqual([
      '59s',
      '119s',
      '2m5s',
      '10m',
      '179m',
      '3h2m',
      '8h',
      '2d2h',
      '30d',
      '2y70d',
    ]);
  });
});
