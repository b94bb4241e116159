/** The target's members (own properties and its prototype chain's, nearest first) with where each is defined. */
function members(target: object): { readonly key: string | symbol; readonly descriptor: PropertyDescriptor }[] {
  const out: { key: string | symbol; descriptor: PropertyDescriptor }[] = [];
  const seen = new Set<string | symbol>();
  for (let o: object | null = target; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Reflect.ownKeys(o)) {
      if (key === 'constructor' || seen.has(key)) continue;
      seen.add(key);
      const descriptor = Object.getOwnPropertyDescriptor(o, key);
      if (descriptor) out.push({ key, descriptor });
    }
  }
  return out;
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
  for (const { key: k, descriptor } of members(target)) {
    if (Object.prototype.hasOwnProperty.call(overrides, k)) continue;
    const value: unknown = 'value' in descriptor ? descriptor.value : undefined;
    if (typeof value === 'function') {
      const f = (value as (...args: unknown[]) => unknown).bind(target);
      bound.set(k, f);
      Object.defineProperty(out, k, { value: f, enumerable: true });
    } else {
      // Data and accessors are read (and written) live on the target; a getter is not called before it is read.
      Object.defineProperty(out, k, {
        get: () => record[k],
        set: (v: unknown) => {
          record[k] = v;
        },
        enumerable: true,
      });
    }
  }
  // The overrides are own properties too, so the Proxy behind never sees their names.
  for (const k of Reflect.ownKeys(overrides)) Object.defineProperty(out, k, { value: overrides[k as keyof typeof overrides], enumerable: true });
  return out;
}
