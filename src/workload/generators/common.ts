import { z } from 'zod';
import type { PodSpec, Resources } from '../../model/index.js';
import { duration } from '../../scenario/fields.js';
import type { RandomStream } from '../../sim/random.js';
import { resourcesFromKube } from '../kube-objects.js';
import { makePodSpec, templateNamed, type PodTemplates } from '../pod-template.js';
import type { SourceStats } from '../types.js';

/** What every generator gets. */
export interface GeneratorContext {
  /** The generator's own random stream (named after its position in the workload list). */
  readonly rng: RandomStream;
  readonly templates: PodTemplates;
  /** The run's horizon: generators without `until` stop there. */
  readonly horizonSeconds?: number;
  readonly stats: SourceStats;
  /** Prefix for generated names and ids, unique per generator (e.g. "g2"). */
  readonly prefix: string;
}

/** Requests in Kubernetes spelling (cpu: 500m, memory: 1Gi, nvidia.com/gpu: 1); checked as quantities. */
export const requestsSchema = z.record(z.string(), z.union([z.string(), z.number()])).superRefine((r, ctx) => {
  for (const [name, q] of Object.entries(r)) {
    try {
      resourcesFromKube({ [name]: q }, 'requests');
    } catch {
      ctx.addIssue({ code: 'custom', path: [name], message: `expected a Kubernetes quantity such as "500m", "2Gi" or 1, found ${JSON.stringify(q)}` });
    }
  }
});

/** Fields shared by generators: the pods' shape and the active time span. */
export const podShape = {
  /** Pod template name (scenario `cluster.podTemplates`). */
  template: z.string().optional(),
  namespace: z.string().min(1).optional(),
  /** Override (or, without a template, set) the requests. */
  requests: requestsSchema.optional(),
  labels: z.record(z.string(), z.string()).optional(),
  /** First event time (default 0). */
  start: duration.default(0),
  /** No events at or after this time (default: the scenario horizon). */
  until: duration.optional(),
};

export interface PodShapeInput {
  readonly template?: string;
  readonly namespace?: string;
  readonly requests?: Readonly<Record<string, string | number>>;
  readonly labels?: Readonly<Record<string, string>>;
}

function requestOverrides(r: PodShapeInput['requests']): Partial<Resources> | undefined {
  if (!r) return undefined;
  const full = resourcesFromKube(r, 'requests');
  const out: { cpuMillis?: number; memoryMiB?: number; gpus?: number; ephemeralMiB?: number; extended?: Record<string, number> } = {};
  if ('cpu' in r) out.cpuMillis = full.cpuMillis;
  if ('memory' in r) out.memoryMiB = full.memoryMiB;
  if ('nvidia.com/gpu' in r || 'amd.com/gpu' in r) out.gpus = full.gpus;
  if ('ephemeral-storage' in r) out.ephemeralMiB = full.ephemeralMiB;
  if (full.extended) out.extended = { ...full.extended };
  return out;
}

/** The PodSpec a generator stamps: its template, then its namespace/requests/labels. */
export function baseSpec(cfg: PodShapeInput, templates: PodTemplates, extra: { durationSeconds?: number } = {}): PodSpec {
  const template = cfg.template !== undefined ? templateNamed(templates, cfg.template) : undefined;
  return makePodSpec(template, {
    namespace: cfg.namespace,
    requests: requestOverrides(cfg.requests),
    labels: cfg.labels,
    durationSeconds: extra.durationSeconds,
  });
}

/** The end of a generator's span: `until`, else the horizon; an error when neither is known. */
export function untilOf(until: number | undefined, ctx: GeneratorContext, what: string): number {
  const u = until ?? ctx.horizonSeconds;
  if (u === undefined) throw new Error(`${what}: give "until" (no scenario horizon is known)`);
  return u;
}

export function withDuration(spec: PodSpec, durationSeconds: number | undefined): PodSpec {
  if (durationSeconds === undefined) return spec;
  return { ...spec, durationSeconds };
}
