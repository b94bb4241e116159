import { z } from 'zod';
import { duration } from '../../scenario/fields.js';
import { cronTimes, parseCron } from '../../model/cron.js';
import { cpuMillisOf, memoryMiBOf } from '../quantity.js';
import type { WorkloadEvent } from '../types.js';
import { baseSpec, podShape, untilOf, withDuration, type GeneratorContext } from './common.js';
import { durationDistributionSchema, sampleDuration, weightedPick } from './distributions.js';

/** Batch waves: every `interval` from `start`, `jobsPerWave` Jobs of `completions` pods (`parallelism` at once). */
export const batchWavesSchema = z.strictObject({
  generator: z.literal('batch-waves'),
  name: z.string().min(1).default('batch'),
  ...podShape,
  interval: duration,
  waves: z.number().int().min(1).optional(),
  jobsPerWave: z.number().int().min(1).default(1),
  completions: z.number().int().min(1).default(1),
  parallelism: z.number().int().min(1).optional(),
  duration: durationDistributionSchema,
});
export type BatchWavesConfig = z.infer<typeof batchWavesSchema>;

export function* batchWaves(cfg: BatchWavesConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const until = cfg.waves !== undefined ? (cfg.until ?? ctx.horizonSeconds ?? Infinity) : untilOf(cfg.until, ctx, 'batch-waves');
  const spec = baseSpec(cfg, ctx.templates);
  for (let w = 0; cfg.waves === undefined || w < cfg.waves; w++) {
    const at = cfg.start + w * cfg.interval;
    if (at >= until) return;
    for (let j = 0; j < cfg.jobsPerWave; j++) {
      ctx.stats.read++;
      yield {
        kind: 'job',
        at,
        namespace: spec.namespace,
        name: `${cfg.name}-${ctx.prefix}-w${w}-${j}`,
        template: withDuration(spec, sampleDuration(cfg.duration, ctx.rng)),
        completions: cfg.completions,
        parallelism: cfg.parallelism ?? cfg.completions,
      };
    }
  }
}

const weighted = <T extends z.ZodType>(v: T) => z.array(z.tuple([v, z.number().positive()])).min(1);

/**
 * GPU training Jobs arriving as a Poisson process (`meanInterarrival`): each has `workers` pods
 * (completions = parallelism, all at once) of `gpusPerWorker` GPUs, cpuPerGpu and memoryPerGpu per GPU,
 * running a draw of `duration`. Choices are [value, weight] lists. Pods tolerate the nvidia.com/gpu
 * taint unless a template says otherwise.
 */
export const gpuTrainingSchema = z.strictObject({
  generator: z.literal('gpu-training'),
  name: z.string().min(1).default('train'),
  ...podShape,
  meanInterarrival: duration,
  gpusPerWorker: weighted(z.number().int().min(1)).default([
    [1, 4],
    [4, 2],
    [8, 1],
  ]),
  workers: weighted(z.number().int().min(1)).default([
    [1, 3],
    [2, 1],
  ]),
  cpuPerGpu: z.union([z.string(), z.number()]).default(8),
  memoryPerGpu: z.union([z.string(), z.number()]).default('60Gi'),
  duration: durationDistributionSchema.default({ lognormal: { median: 3600, p95: 6 * 3600 } }),
});
export type GpuTrainingConfig = z.infer<typeof gpuTrainingSchema>;

export function* gpuTrainingJobs(cfg: GpuTrainingConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const until = untilOf(cfg.until, ctx, 'gpu-training');
  const cpuPerGpu = cpuMillisOf(cfg.cpuPerGpu);
  const memPerGpu = memoryMiBOf(cfg.memoryPerGpu);
  if (cpuPerGpu === undefined || memPerGpu === undefined) throw new Error(`gpu-training: cpuPerGpu/memoryPerGpu must be quantities`);
  const base = baseSpec(cfg, ctx.templates);
  const tolerations = cfg.template ? base.tolerations : [...base.tolerations, { key: 'nvidia.com/gpu', operator: 'Exists' as const, effect: 'NoSchedule' as const }];
  let t = cfg.start;
  for (let n = 0; ; n++) {
    t += ctx.rng.exponential(1 / cfg.meanInterarrival);
    if (t >= until) return;
    const gpus = weightedPick(cfg.gpusPerWorker, ctx.rng);
    const workers = weightedPick(cfg.workers, ctx.rng);
    ctx.stats.read++;
    yield {
      kind: 'job',
      at: t,
      namespace: base.namespace,
      name: `${cfg.name}-${ctx.prefix}-${n}`,
      template: {
        ...base,
        tolerations,
        requests: { ...base.requests, gpus, cpuMillis: gpus * cpuPerGpu, memoryMiB: gpus * memPerGpu },
        durationSeconds: sampleDuration(cfg.duration, ctx.rng),
      },
      completions: workers,
      parallelism: workers,
    };
  }
}

/**
 * A CronJob: a Job at every `schedule` tick (5-field cron, UTC; simulated time 0 is `epoch`, Unix
 * seconds, default 0 = 1970-01-01T00:00Z) or every `every`, from `start` until `until`.
 * Job names follow Kubernetes: `<name>-<scheduled time in minutes>`.
 */
export const cronJobSchema = z
  .strictObject({
    generator: z.literal('cronjob'),
    name: z.string().min(1),
    ...podShape,
    schedule: z.string().optional(),
    every: duration.optional(),
    epoch: z.number().default(0),
    completions: z.number().int().min(1).default(1),
    parallelism: z.number().int().min(1).default(1),
    duration: durationDistributionSchema,
  })
  .refine((c) => (c.schedule === undefined) !== (c.every === undefined), { message: 'give exactly one of schedule (cron) and every (duration)' })
  .superRefine((c, ctx) => {
    if (c.schedule === undefined) return;
    try {
      parseCron(c.schedule);
    } catch (e) {
      ctx.addIssue({ code: 'custom', path: ['schedule'], message: (e as Error).message });
    }
  });
export type CronJobConfig = z.infer<typeof cronJobSchema>;

export function* cronJobs(cfg: CronJobConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const until = untilOf(cfg.until, ctx, 'cronjob');
  const spec = baseSpec(cfg, ctx.templates);
  const ticks: Iterable<number> =
    cfg.schedule !== undefined
      ? (function* () {
          for (const t of cronTimes(parseCron(cfg.schedule!), cfg.epoch + cfg.start - 1, cfg.epoch + until - 1)) yield t - cfg.epoch;
        })()
      : (function* () {
          for (let t = cfg.start; t < until; t += cfg.every!) yield t;
        })();
  for (const at of ticks) {
    if (at >= until) return;
    ctx.stats.read++;
    yield {
      kind: 'job',
      at,
      namespace: spec.namespace,
      name: `${cfg.name}-${Math.floor((at + cfg.epoch) / 60)}`,
      template: withDuration(spec, sampleDuration(cfg.duration, ctx.rng)),
      completions: cfg.completions,
      parallelism: cfg.parallelism,
    };
  }
}
