/** The target's methods and accessors, from its own properties and its prototype chain (nearest first). */
function memberNames(target: object): (string | symbol)[] {
  const names: (string | symbol)[] = [];
  const seen = new Set<string | symbol>();
  for (let o: object | null = target; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const k of Reflect.ownKeys(o)) {
      if (k === 'constructor' || seen.has(k)) continue;
      seen.add(k);
      names.push(k);
    }
  }
  return names;
}

/**
 * `target` with its methods named in `overrides` replaced; every other method is the target's own, bound
 * to it once (so callers may pass them around), and properties read through. The members the target has
 * now are plain properties of the returned object (a call costs what a bound call costs: the engine and
 * the baselines call the cluster in their hot loops); anything else is looked up on the target through a
 * Proxy behind them.
 */
export function interceptMethods<T extends object>(target: T, overrides: Readonly<Record<PropertyKey, unknown>>): T {
  const bound = new Map<PropertyKey, unknown>();
  const fallback = new Proxy(target, {
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
  const out = Object.create(fallback) as T;
  const record = target as Record<PropertyKey, unknown>;
  for (const k of memberNames(target)) {
    if (Object.prototype.hasOwnProperty.call(overrides, k)) {
      Object.defineProperty(out, k, { value: overrides[k as keyof typeof overrides], enumerable: true });
      continue;
    }
    const value = record[k];
    if (typeof value === 'function') {
      const f = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(k, f);
      Object.defineProperty(out, k, { value: f, enumerable: true });
    } else {
      // Data and accessors are read (and written) live on the target.
      Object.defineProperty(out, k, {
        get: () => record[k],
        set: (v: unknown) => {
          record[k] = v;
        },
        enumerable: true,
      });
    }
  }
  for (const k of Reflect.ownKeys(overrides)) if (!Object.prototype.hasOwnProperty.call(out, k)) Object.defineProperty(out, k, { value: overrides[k as keyof typeof overrides], enumerable: true });
  return out;
}
