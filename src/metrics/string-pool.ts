/**
 * Strings of a per-pod table, stored once each: a row keeps a 32-bit id instead of a string. Id 0 is ''.
 * `intern` shares equal strings (owners, node names, uid prefixes); `append` stores a string without
 * looking for an equal one (a value that is probably unique, where a map entry would cost more than it saves).
 */
export class StringPool {
  private readonly values: string[] = [''];
  private readonly ids = new Map<string, number>([['', 0]]);

  get size(): number {
    return this.values.length;
  }

  intern(s: string): number {
    let id = this.ids.get(s);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(s);
      this.ids.set(s, id);
    }
    return id;
  }

  append(s: string): number {
    this.values.push(s);
    return this.values.length - 1;
  }

  get(id: number): string {
    return this.values[id]!;
  }
}

/** Longest numeric suffix kept as a number: 9 digits always fit an Int32. */
const MAX_DIGITS = 9;

/**
 * A pod uid as (prefix, number) when it ends in `-<n>` with n written canonically (no leading zero, at
 * most 9 digits), as the simulated cluster names pods (`<namespace>/<owner>-<n>`): the prefix is shared by
 * every pod of an owner, so a row costs 8 bytes. Any other uid is kept whole (number −1).
 * `uidString(pool, prefix, n)` gives back exactly the uid.
 */
export function encodeUid(pool: StringPool, uid: string): { prefix: number; n: number } {
  const dash = uid.lastIndexOf('-');
  const digits = uid.length - dash - 1;
  if (dash >= 0 && digits >= 1 && digits <= MAX_DIGITS) {
    const first = uid.charCodeAt(dash + 1);
    let ok = digits === 1 ? first >= 48 && first <= 57 : first >= 49 && first <= 57;
    let n = first - 48;
    for (let k = dash + 2; ok && k < uid.length; k++) {
      const c = uid.charCodeAt(k);
      ok = c >= 48 && c <= 57;
      n = n * 10 + (c - 48);
    }
    if (ok) return { prefix: pool.intern(uid.slice(0, dash + 1)), n };
  }
  return { prefix: pool.append(uid), n: -1 };
}

export function uidString(pool: StringPool, prefix: number, n: number): string {
  return n < 0 ? pool.get(prefix) : pool.get(prefix) + String(n);
}
