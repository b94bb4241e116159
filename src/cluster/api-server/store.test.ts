import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../kube/convert/index.js';
import { ResourceStore, type StoreEvent } from './store.js';

const obj = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({ metadata: { name, namespace: 'default' }, ...extra }) as KubeObject;

describe('ResourceStore', () => {
  it('numbers every change with one global counter and stamps it on the object', () => {
    const s = new ResourceStore();
    expect(s.put('pods', 'default/a', obj('a')).object.metadata.resourceVersion).toBe('1');
    expect(s.put('nodes', 'n1', obj('n1')).rv).toBe(2);
    expect(s.put('pods', 'default/a', obj('a', { spec: { x: 1 } })).rv).toBe(3);
    expect(s.delete('pods', 'default/a')!.object.metadata.resourceVersion).toBe('4');
    expect(s.resourceVersion).toBe(4);
    expect(s.list('pods')).toEqual([]);
  });

  it('an unchanged object is not a change', () => {
    const s = new ResourceStore();
    s.put('pods', 'default/a', obj('a', { spec: { x: 1 } }));
    expect(s.put('pods', 'default/a', obj('a', { spec: { x: 1 } })).rv).toBe(1);
    expect(s.resourceVersion).toBe(1);
  });

  it('replays the events of one resource after a version, and tells listeners at once', () => {
    const s = new ResourceStore();
    const heard: StoreEvent[] = [];
    s.subscribe((e) => heard.push(e));
    s.put('pods', 'default/a', obj('a'));
    s.put('nodes', 'n1', obj('n1'));
    s.put('pods', 'default/b', obj('b'));
    s.delete('pods', 'default/a');
    expect((s.eventsSince(1, 'pods') as StoreEvent[]).map((e) => `${e.rv} ${e.type} ${e.key}`)).toEqual(['3 ADDED default/b', '4 DELETED default/a']);
    expect(heard.map((e) => e.rv)).toEqual([1, 2, 3, 4]);
  });

  it('a version older than the history window is expired (410)', () => {
    const s = new ResourceStore(3);
    for (const n of ['a', 'b', 'c', 'd', 'e']) s.put('pods', `default/${n}`, obj(n));
    // Kept: versions 3, 4, 5. From 2 on, everything after is known; from 1, version 2 is lost.
    expect(s.eventsSince(1, 'pods')).toBe('expired');
    expect((s.eventsSince(2, 'pods') as StoreEvent[]).map((e) => e.rv)).toEqual([3, 4, 5]);
    expect(s.eventsSince(5, 'pods')).toEqual([]);
    s.expireHistory();
    expect(s.eventsSince(4, 'pods')).toBe('expired');
    expect(s.eventsSince(5, 'pods')).toEqual([]);
  });
});
