import { describe, expect, it } from 'vitest';
import type { InstanceType, Offering } from '../../model/index.js';
import { nodePool } from '../testing/fixtures.js';
import { fakeInstanceType } from '../testing/fake-instance-types.js';
import { poolTypesByName, priceOrderedTypes } from './price-ordered-types.js';

/** A type whose offerings can be repriced in place, as the cloud's catalog view does. */
function mutableType(name: string, vcpu: number): InstanceType {
  const it = fakeInstanceType(name, vcpu, vcpu * 2, 10);
  return { ...it, offerings: it.offerings.map((o) => ({ ...o })) };
}

function setPrice(it: InstanceType, price: number): void {
  for (const o of it.offerings) (o as { pricePerHour: number }).pricePerHour = price;
}

const names = (r: ReturnType<typeof priceOrderedTypes>): string[] => r.order.map((i) => r.types[i].name);

describe('priceOrderedTypes', () => {
  // fake prices: 0.1 per vCPU + 0.1 per GiB → 2 vCPU/4 GiB 0.6, 4/8 1.2, 1/2 0.3
  const small = mutableType('small', 1);
  const medium = mutableType('medium', 2);
  const large = mutableType('large', 4);
  const none: InstanceType = { ...fakeInstanceType('none', 8, 16, 10), offerings: [] as Offering[] };
  const a = nodePool({ name: 'a' });
  const b = nodePool({ name: 'b' });
  const lists = new Map<string, InstanceType[]>([
    ['a', [large, medium, none]],
    ['b', [medium, small]],
  ]);
  const listOf = (p: { name: string }): InstanceType[] => lists.get(p.name) ?? [];

  it('groups the pools’ types by name, cheapest first, leaving out types with no offering', () => {
    const r = priceOrderedTypes([a, b], listOf);
    expect(names(r)).toEqual(['small', 'medium', 'large']);
    expect(r.order.map((i) => r.lowerBounds[i])).toEqual([0.1 * 1 + 0.1 * 2, 0.1 * 2 + 0.1 * 4, 0.1 * 4 + 0.1 * 8].map((x) => expect.closeTo(x, 9)));
    const m = r.types.find((t) => t.name === 'medium');
    expect(m?.sources.length).toBe(2); // listed by both pools, in pool order
    expect(r.types.find((t) => t.name === 'none')).toBeDefined();
  });

  it('give each type by name as the first pool listing it sees it', () => {
    const bView = { ...medium, name: 'medium' }; // pool b's own object for the same type
    const views = new Map<string, InstanceType[]>([
      ['a', [large, medium]],
      ['b', [bView, small]],
    ]);
    const byName = poolTypesByName([b, a], (p) => views.get(p.name) ?? []);
    expect([...byName.keys()]).toEqual(['medium', 'small', 'large']);
    expect(byName.get('medium')).toBe(bView);
  });

  it('reads prices on every call and re-sorts when they moved (ties in order of first appearance)', () => {
    priceOrderedTypes([a, b], listOf);
    setPrice(large, 0.05);
    expect(names(priceOrderedTypes([a, b], listOf))).toEqual(['large', 'small', 'medium']);
    setPrice(small, 0.05); // ties with large: large appears first (pool a)
    expect(names(priceOrderedTypes([a, b], listOf))).toEqual(['large', 'small', 'medium']);
    setPrice(large, 1.2);
    setPrice(small, 0.3);
    expect(names(priceOrderedTypes([a, b], listOf))).toEqual(['small', 'medium', 'large']);
  });

  it('groups anew when a pool’s type list is another object', () => {
    priceOrderedTypes([a, b], listOf);
    const only = new Map<string, InstanceType[]>([['a', [medium]]]);
    const r = priceOrderedTypes([a], (p) => only.get(p.name) ?? []);
    expect(names(r)).toEqual(['medium']);
    expect(r.types.length).toBe(1);
  });
});
