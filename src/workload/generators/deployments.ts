import { z } from 'zod';
import { duration } from '../../scenario/fields.js';
import type { PodSpec } from '../../model/index.js';
import type { ScaleEvent, WorkloadEvent } from '../types.js';
import { baseSpec, podShape, untilOf, type GeneratorContext } from './common.js';
import { HpaModel } from './hpa-model.js';
import { diurnalValue, loadCurve, loadCurveSchema, type LoadCurve } from './load-curve.js';

const deploymentShape = { name: z.string().min(1), ...podShape };

/**
 * A web Deployment following a day curve: every `step` its replicas are
 * round(min + (max − min)·(1 + cos(2π(t − peakAt)/period))/2 · (1 + noise·N(0,1))), clamped to
 * [min, max]; a scale event is emitted when the count changes. Peak at `peakAt` (default 14h).
 */
export const diurnalSchema = z.strictObject({
  generator: z.literal('diurnal-web'),
  ...deploymentShape,
  minReplicas: z.number().int().min(0),
  maxReplicas: z.number().int().min(0),
  peakAt: duration.default(14 * 3600),
  period: duration.default(86400),
  step: duration.default(300),
  /** Relative noise (standard deviation as a fraction of the curve), default 0. */
  noise: z.number().min(0).default(0),
});
export type DiurnalConfig = z.infer<typeof diurnalSchema>;

export function* diurnalDeployment(cfg: DiurnalConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const until = untilOf(cfg.until, ctx, 'diurnal-web');
  const template = baseSpec(cfg, ctx.templates);
  const namespace = template.namespace;
  let last = -1;
  for (let t = cfg.start; t < until; t += cfg.step) {
    const curve = diurnalValue(t, cfg.minReplicas, cfg.maxReplicas, cfg.peakAt, cfg.period);
    const noisy = cfg.noise > 0 ? curve * (1 + cfg.noise * ctx.rng.normal()) : curve;
    const replicas = Math.min(cfg.maxReplicas, Math.max(cfg.minReplicas, Math.round(noisy)));
    if (replicas === last) continue;
    last = replicas;
    ctx.stats.read++;
    yield { kind: 'scale', at: t, namespace, name: cfg.name, replicas, template };
  }
}

/** A sudden burst: the Deployment goes from `from` (default 0) to `replicas` at `at`, and back after `hold`. */
export const burstSchema = z.strictObject({
  generator: z.literal('burst'),
  ...deploymentShape,
  at: duration,
  replicas: z.number().int().min(0),
  from: z.number().int().min(0).default(0),
  hold: duration.optional(),
});
export type BurstConfig = z.infer<typeof burstSchema>;

export function* burstDeployment(cfg: BurstConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const template = baseSpec(cfg, ctx.templates);
  const base = { kind: 'scale' as const, namespace: template.namespace, name: cfg.name, template };
  const until = cfg.until ?? ctx.horizonSeconds ?? Infinity;
  if (cfg.from > 0 && cfg.start < cfg.at) {
    ctx.stats.read++;
    yield { ...base, at: cfg.start, replicas: cfg.from };
  }
  if (cfg.at >= until) return;
  ctx.stats.read++;
  yield { ...base, at: cfg.at, replicas: cfg.replicas };
  if (cfg.hold !== undefined && cfg.at + cfg.hold < until) {
    ctx.stats.read++;
    yield { ...base, at: cfg.at + cfg.hold, replicas: cfg.from };
  }
}

const policy = z.strictObject({ type: z.enum(['Pods', 'Percent']), value: z.number().int().positive(), periodSeconds: z.number().int().positive() });
const rules = z.strictObject({
  stabilizationWindowSeconds: z.number().int().min(0),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']).default('Max'),
  policies: z.array(policy).min(1),
});

/**
 * A Deployment scaled by an HPA model (hpa-model.ts) from a load curve: at every sync the pods'
 * utilization is load / (replicas × capacityPerReplica), and the HPA's decision becomes a scale event.
 * `targetUtilization` is a fraction (0.7) or a percentage (70).
 */
export const hpaDeploymentSchema = z.strictObject({
  generator: z.literal('hpa-deployment'),
  ...deploymentShape,
  load: loadCurveSchema,
  /** Load one replica serves at 100 % utilization of its request (same unit as the load). */
  capacityPerReplica: z.number().positive(),
  targetUtilization: z.number().positive().default(0.7),
  minReplicas: z.number().int().min(1).default(1),
  maxReplicas: z.number().int().min(1),
  tolerance: z.number().min(0).default(0.1),
  syncPeriod: duration.default(15),
  behavior: z.strictObject({ scaleUp: rules, scaleDown: rules }).optional(),
});
export type HpaDeploymentConfig = z.infer<typeof hpaDeploymentSchema>;

export function fractionOf(target: number): number {
  return target > 1 ? target / 100 : target;
}

export function* hpaDeployment(cfg: HpaDeploymentConfig, ctx: GeneratorContext): Generator<WorkloadEvent> {
  const until = untilOf(cfg.until, ctx, 'hpa-deployment');
  for (const e of hpaScaleEvents(cfg, baseSpec(cfg, ctx.templates), loadCurve(cfg.load), until)) {
    ctx.stats.read++;
    yield e;
  }
}

/** The HPA-driven scale events of a Deployment for a load curve, from cfg.start until `until`. */
export function* hpaScaleEvents(cfg: Omit<HpaDeploymentConfig, 'load' | 'generator'>, template: PodSpec, load: LoadCurve, until: number): Generator<ScaleEvent> {
  const target = fractionOf(cfg.targetUtilization);
  const initial = Math.ceil(load(cfg.start) / (cfg.capacityPerReplica * target) - 1e-9);
  const hpa = new HpaModel(
    { minReplicas: cfg.minReplicas, maxReplicas: cfg.maxReplicas, targetUtilization: target, tolerance: cfg.tolerance, ...(cfg.behavior ? { behavior: cfg.behavior } : {}) },
    initial,
    cfg.start,
  );
  const base = { kind: 'scale' as const, namespace: template.namespace, name: cfg.name, template };
  yield { ...base, at: cfg.start, replicas: hpa.current };
  for (let t = cfg.start + cfg.syncPeriod; t < until; t += cfg.syncPeriod) {
    const before = hpa.current;
    const after = hpa.sync(t, load(t) / (before * cfg.capacityPerReplica));
    if (after !== before) yield { ...base, at: t, replicas: after };
  }
}
