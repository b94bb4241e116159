import { z } from 'zod';

/**
 * A union whose member is chosen by which key the value has (`{fixed: ..}` vs `{lognormal: ..}`),
 * so a mistake is reported inside the chosen member ("lognormal.p95: expected ...") instead of a bare
 * "invalid input" for the whole union.
 */
export function keyedUnion<T extends Record<string, z.ZodType>>(members: T, what: string): z.ZodType<z.output<T[keyof T]>> {
  const keys = Object.keys(members);
  return z.unknown().transform((v, ctx): z.output<T[keyof T]> => {
    const obj = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
    const key = obj ? keys.find((k) => k in obj) : undefined;
    if (key === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${what}: a mapping with one of ${keys.join(', ')}` });
      return z.NEVER;
    }
    const r = members[key]!.safeParse(v);
    if (r.success) return r.data as z.output<T[keyof T]>;
    for (const issue of r.error.issues) ctx.addIssue(issue as Parameters<typeof ctx.addIssue>[0]);
    return z.NEVER;
  }) as unknown as z.ZodType<z.output<T[keyof T]>>;
}
