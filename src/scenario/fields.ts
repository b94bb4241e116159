import { z } from 'zod';
import { parseDuration } from './duration.js';
import { echoValue } from './errors.js';

const DURATION_EXAMPLES = 'a duration such as "30s", "10m", "6h" or "7d"';

/** What a field found, for messages: a type name or the value cut to a few dozen characters. */
function found(v: unknown): string {
  if (v === undefined) return 'nothing (the field is required)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return echoValue(v);
}

/** A duration ("30s", "10m", "1h30m", "7d" or seconds as a number) → seconds. */
export const duration = z
  .union([z.string(), z.number()], { error: (iss) => `expected ${DURATION_EXAMPLES}, found ${found(iss.input)}` })
  .transform((v, ctx) => {
    const s = parseDuration(v);
    if (s === undefined) {
      ctx.addIssue({ code: 'custom', message: `expected ${DURATION_EXAMPLES}, found ${found(v)}` });
      return z.NEVER;
    }
    return s;
  });

/** A duration that must be longer than zero (a horizon, a sampling step). */
export const positiveDuration = duration.refine((s) => s > 0, { error: (iss) => `must be longer than 0 s, found ${found(iss.input)}` });

/**
 * A PodDisruptionBudget's minAvailable or maxUnavailable: a non-negative integer or a percentage
 * "N%" with N from 0 to 100 (Kubernetes' IntOrString validation for policy/v1).
 */
export const percentOrCount = z.union([z.number(), z.string()]).superRefine((v, ctx) => {
  const percent = typeof v === 'string' ? /^(\d+)%$/.exec(v) : null;
  const ok = typeof v === 'number' ? Number.isInteger(v) && v >= 0 : percent !== null && Number(percent[1]) <= 100;
  if (!ok) ctx.addIssue({ code: 'custom', message: `expected a non-negative integer or a percentage from "0%" to "100%" such as "50%", found ${found(v)}` });
});

/** A latency distribution: lognormal by median and 95th percentile. */
export const distribution = z.strictObject({ median: duration, p95: duration });

export const probability = z.number().min(0).max(1);

export const capacityType = z.enum(['on-demand', 'spot']);

export const taint = z.strictObject({
  key: z.string().min(1),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']),
});

export const toleration = z.strictObject({
  key: z.string().optional(),
  operator: z.enum(['Equal', 'Exists']).optional(),
  value: z.string().optional(),
  effect: z.enum(['NoSchedule', 'PreferNoSchedule', 'NoExecute']).optional(),
  tolerationSeconds: z.number().optional(),
});

export const labelSelector = z.strictObject({
  matchLabels: z.record(z.string(), z.string()).optional(),
  matchExpressions: z
    .array(
      z.strictObject({
        key: z.string(),
        operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
        values: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});

export const quantity = z.union([z.string(), z.number()]);
