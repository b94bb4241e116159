import { describe, expect, it } from 'vitest';
import { interceptMethods } from './intercept.js';

class Base {
  protected items: string[] = [];
  add(x: string): number {
    this.items.push(x);
    return this.items.length;
  }
  get size(): number {
    return this.items.length;
  }
}

class Store extends Base {
  label = 'a';
  remove(): string | undefined {
    return this.items.pop();
  }
}

describe('interceptMethods', () => {
  it('replaces the named methods and binds the others to the target', () => {
    const store = new Store();
    const calls: string[] = [];
    const wrapped = interceptMethods(store, {
      remove: () => {
        calls.push('remove');
        return store.remove();
      },
    });
    const add = wrapped.add; // detached: must still act on the store
    expect(add('x')).toBe(1);
    expect(wrapped.add('y')).toBe(2);
    expect(wrapped.remove()).toBe('y');
    expect(calls).toEqual(['remove']);
    expect(store.size).toBe(1);
  });

  it('reads data and accessors live from the target, and writes through to it', () => {
    const store = new Store();
    const wrapped = interceptMethods(store, {});
    store.add('x');
    expect(wrapped.size).toBe(1);
    store.label = 'b';
    expect(wrapped.label).toBe('b');
    wrapped.label = 'c';
    expect(store.label).toBe('c');
  });

  it('still finds members the target gains after wrapping', () => {
    const store = new Store() as Store & { late?: () => string };
    const wrapped = interceptMethods(store, {});
    store.late = function (this: Store) {
      return this.label;
    };
    expect(wrapped.late?.()).toBe('a');
  });

  it('does not call a getter before it is read', () => {
    let reads = 0;
    class Lazy {
      get value(): number {
        reads++;
        return 7;
      }
    }
    const wrapped = interceptMethods(new Lazy(), {});
    expect(reads).toBe(0);
    expect(wrapped.value).toBe(7);
    expect(reads).toBe(1);
  });
});
