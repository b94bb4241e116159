/**
 * `target` seen through a Proxy whose methods named in `overrides` are replaced; every other method is
 * the target's own, bound to it once (so callers may pass them around), and properties read through.
 */
export function interceptMethods<T extends object>(target: T, overrides: Readonly<Record<PropertyKey, unknown>>): T {
  const bound = new Map<PropertyKey, unknown>();
  return new Proxy(target, {
    get(t, prop) {
      if (Object.prototype.hasOwnProperty.call(overrides, prop)) return overrides[prop];
      const value: unknown = Reflect.get(t, prop, t);
      if (typeof value !== 'function') return value;
      let f = bound.get(prop);
      if (f === undefined) {
        f = (value as (...args: unknown[]) => unknown).bind(t);
        bound.set(prop, f);
      }
      return f;
    },
  });
}
