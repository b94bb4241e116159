import { z } from 'zod';
import type { WorkloadEvent } from '../types.js';
import { baseSpec, podShape, untilOf, withDuration, type GeneratorContext } from './common.js';
import { durationDistributionSchema, sampleDuration } from './distributions.js';

/**
 * Bare pods arriving as a Poisson process: exponential gaps with mean 1/rate, each pod running for a
 * draw of `duration` once Running, then completing. `rate` is pods per second (`ratePerMinute` and
 * `ratePerHour` are other spellings).
 */
export const poissonSchema = z
  .strictObject({
    generator: z.literal('poisson'),
    rate: z.number().positive().optional(),
    ratePerMinute: z.number().positive().optional(),
    ratePerHour: z.number().positive().optional(),
    duration: durationDistributionSchema,
    ...podShape,
  })
  .refine((c) => [c.rate, c.ratePerMinute, c.ratePerHour].filter((x) => x !== undefined).length === 1, {
    message: 'give exactly one of rate (per second), ratePerMinute, ratePerHour',
  });
export type PoissonConfig = z.infer<typeof poissonSchema>;

export function* poissonPods(cfg: PoissonConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const rate = cfg.rate ?? (cfg.ratePerMinute !== undefined ? cfg.ratePerMinute / 60 : cfg.ratePerHour! / 3600);
  const until = untilOf(cfg.until, ctx, 'poisson');
  const spec = baseSpec(cfg, ctx.templates);
  let t = cfg.start;
  let n = 0;
  for (;;) {
    t += ctx.rng.exponential(rate);
    if (t >= until) return;
    ctx.stats.read++;
    const durationSeconds = sampleDuration(cfg.duration, ctx.rng);
    yield { kind: 'pod', at: t, id: `${ctx.prefix}-${n++}`, spec: withDuration(spec, durationSeconds) };
  }
}
