import { z } from 'zod';
import { parseDuration } from './duration.js';

/** A duration ("30s", "10m", "1h30m", "7d" or seconds as a number) → seconds. */
export const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  const s = parseDuration(v);
  if (s === undefined) {
    ctx.addIssue({ code: 'custom', message: `expected a duration such as "30s", "10m", "6h" or "7d", found ${JSON.stringify(v)}` });
    return z.NEVER;
  }
  return s;
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
