import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { PodDisruptionBudget } from '../model/index.js';
import { InputError, type InputProblem } from '../scenario/errors.js';
import { duration } from '../scenario/fields.js';
import type { RandomSource } from '../sim/random.js';
import { guessFormat, openTrace, TRACE_FORMATS, traceFormats, type TraceFormat } from './formats/index.js';
import type { GeneratorContext } from './generators/common.js';
import { burstDeployment, burstSchema, diurnalDeployment, diurnalSchema, hpaDeployment, hpaDeploymentSchema } from './generators/deployments.js';
import { batchWaves, batchWavesSchema, cronJobs, cronJobSchema, gpuTrainingJobs, gpuTrainingSchema } from './generators/jobs.js';
import { poissonPods, poissonSchema } from './generators/pods.js';
import { mergeSources } from './merge.js';
import type { PodTemplates } from './pod-template.js';
import { TemplateResolver } from './template-resolver.js';
import { counted, transformEvents } from './transform.js';
import { newSourceStats, totalStats, type SourceStats, type WorkloadSource, type WorkloadStats } from './types.js';

const nameMap = z.record(z.string(), z.string());

export const traceTransformSchema = z.strictObject({
  window: z.strictObject({ start: duration.default(0), end: duration.optional() }).optional(),
  compress: z.number().positive().optional(),
  sample: z.number().gt(0).max(1).optional(),
  replicasFactor: z.number().positive().optional(),
  shiftSeconds: duration.optional(),
  templateByNamespace: nameMap.optional(),
  templateByOwner: nameMap.optional(),
  /** Template of rows that name none and match no mapping. */
  template: z.string().optional(),
});

export const traceSchema = z.strictObject({
  trace: z.strictObject({
    file: z.string().min(1),
    /** Default: from the file name (.sktrace → simkube, openb_pod_list* → alibaba-gpu-2023, *.csv → fleetsim, ...). */
    format: z.enum(TRACE_FORMATS).optional(),
    onBadRow: z.enum(['fail', 'skip']).default('fail'),
    /** Format-specific options (reference machine, never-ran pods, HPA settings, ...). */
    options: z.record(z.string(), z.unknown()).optional(),
    transform: traceTransformSchema.optional(),
  }),
});

/** Every generator, chosen by its `generator` key (exported for "did you mean" hints on misspelt fields). */
export const generatorSchema = z.discriminatedUnion('generator', [
  poissonSchema,
  diurnalSchema,
  burstSchema,
  batchWavesSchema,
  gpuTrainingSchema,
  cronJobSchema,
  hpaDeploymentSchema,
]);

export type GeneratorItem = z.infer<typeof generatorSchema>;
export type TraceItem = z.infer<typeof traceSchema>;
export type WorkloadItem = GeneratorItem | TraceItem;

/**
 * One item: a trace (`trace:` key) or a generator (`generator:` key), each validated by its own
 * schema so errors name the field at fault (a plain union would only say "invalid input").
 */
const workloadItemSchema = z.unknown().transform((v, ctx): WorkloadItem => {
  const obj = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  const schema = obj && 'trace' in obj ? traceSchema : obj && 'generator' in obj ? generatorSchema : undefined;
  if (!schema) {
    ctx.addIssue({ code: 'custom', message: `expected a generator (generator: ${GENERATORS.join(' | ')}) or a trace (trace: {file: ...})` });
    return z.NEVER;
  }
  const r = schema.safeParse(v);
  if (r.success) return r.data;
  for (const issue of r.error.issues) ctx.addIssue({ ...issue, path: issue.path } as Parameters<typeof ctx.addIssue>[0]);
  return z.NEVER;
});

export const GENERATORS = ['poisson', 'diurnal-web', 'burst', 'batch-waves', 'gpu-training', 'cronjob', 'hpa-deployment'] as const;

/** The scenario's `workload:` section: a list of generators and traces, merged in time order. */
export const workloadSchema = z.array(workloadItemSchema).min(1);
export type WorkloadConfig = WorkloadItem[];

export interface BuildOptions {
  /** The run's random source: generator i draws from stream `workload/<i>/<generator>`. */
  readonly rng: RandomSource;
  /** Directory relative trace paths resolve against (the scenario file's directory). */
  readonly baseDir: string;
  readonly podTemplates: PodTemplates;
  /** Generators without `until` stop here. */
  readonly horizonSeconds?: number;
  /** For error messages (default "scenario"). */
  readonly scenarioFile?: string;
}

export interface BuiltWorkload {
  /** All sources merged into one time-ordered stream: hand this to the WorkloadDriver. */
  readonly events: WorkloadSource;
  /** PDBs of the pod templates the workload uses. */
  readonly pdbs: readonly PodDisruptionBudget[];
  /** Live counters, one per workload item, filled while `events` is read. */
  readonly sourceStats: readonly SourceStats[];
  /** A snapshot of the counters with totals (for the run summary). */
  stats(): WorkloadStats;
}

function isTrace(item: WorkloadItem): item is TraceItem {
  return 'trace' in item;
}

function templatesUsed(item: WorkloadItem): string[] {
  if (isTrace(item)) {
    const t = item.trace.transform;
    return [...Object.values(t?.templateByNamespace ?? {}), ...Object.values(t?.templateByOwner ?? {}), ...(t?.template ? [t.template] : [])];
  }
  return item.template !== undefined ? [item.template] : [];
}

/**
 * Checks that need more than the schema: template names exist, trace files exist and their format
 * is known, format options are valid, generators have an end. Problems carry `workload[i]...` paths
 * for the scenario loader to locate in the YAML.
 */
export function validateWorkload(config: WorkloadConfig, o: Omit<BuildOptions, 'rng'>): InputProblem[] {
  const file = o.scenarioFile ?? 'scenario';
  const problems: InputProblem[] = [];
  const known = [...o.podTemplates.keys()];
  config.forEach((item, i) => {
    for (const name of templatesUsed(item)) {
      if (!o.podTemplates.has(name)) {
        problems.push({ file, path: `workload[${i}]`, message: `unknown pod template "${name}"${known.length ? ` (known: ${known.join(', ')})` : ' (cluster.podTemplates defines none)'}` });
      }
    }
    if (isTrace(item)) {
      const w = item.trace.transform?.window;
      if (w?.end !== undefined && w.end <= w.start) problems.push({ file, path: `workload[${i}].trace.transform.window.end`, message: `must be after start (${w.start} s), found ${w.end} s` });
      const path = resolveTracePath(item.trace.file, o.baseDir);
      if (!existsSync(path) || !statSync(path).isFile()) problems.push({ file, path: `workload[${i}].trace.file`, message: `trace file not found: ${path}` });
      const format = item.trace.format ?? guessFormat(path);
      if (!format) problems.push({ file, path: `workload[${i}].trace.format`, message: `cannot tell the format from the file name; give one of ${TRACE_FORMATS.join(', ')}` });
      else {
        const parsed = traceFormats[format].options.safeParse(item.trace.options);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) {
            problems.push({ file, path: `workload[${i}].trace.options${issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')}`, message: issue.message });
          }
        }
      }
    } else if (item.until === undefined && o.horizonSeconds === undefined && !(item.generator === 'burst' || (item.generator === 'batch-waves' && item.waves !== undefined))) {
      problems.push({ file, path: `workload[${i}].until`, message: 'required when the scenario has no horizon' });
    }
  });
  return problems;
}

export function resolveTracePath(file: string, baseDir: string): string {
  return isAbsolute(file) ? file : resolve(baseDir, file);
}

function generatorEvents(item: GeneratorItem, ctx: GeneratorContext): WorkloadSource {
  switch (item.generator) {
    case 'poisson':
      return poissonPods(item, ctx);
    case 'diurnal-web':
      return diurnalDeployment(item, ctx);
    case 'burst':
      return burstDeployment(item, ctx);
    case 'batch-waves':
      return batchWaves(item, ctx);
    case 'gpu-training':
      return gpuTrainingJobs(item, ctx);
    case 'cronjob':
      return cronJobs(item, ctx);
    case 'hpa-deployment':
      return hpaDeployment(item, ctx);
  }
}

/**
 * Build the workload of a scenario: one lazily read source per item (file readers stream; generators
 * generate on demand), transformed, counted and merged in time order. Throws InputError for the
 * problems validateWorkload finds, and for bad trace rows under `onBadRow: fail` (while reading).
 */
export function buildWorkload(config: WorkloadConfig, o: BuildOptions): BuiltWorkload {
  const problems = validateWorkload(config, o);
  if (problems.length > 0) throw new InputError(problems);
  const sourceStats: SourceStats[] = [];
  const sources: WorkloadSource[] = [];
  const pdbs = new Map<string, PodDisruptionBudget>();
  config.forEach((item, i) => {
    for (const name of templatesUsed(item)) {
      const pdb = o.podTemplates.get(name)?.pdb;
      if (pdb) pdbs.set(name, pdb);
    }
    if (isTrace(item)) {
      const t = item.trace;
      const file = resolveTracePath(t.file, o.baseDir);
      const format: TraceFormat = t.format ?? guessFormat(file)!;
      const stats = newSourceStats(`trace ${t.file} (${format})`);
      const resolver = new TemplateResolver(o.podTemplates, t.transform ?? {});
      const raw = openTrace(format, { file, resolver, onBadRow: t.onBadRow, stats }, t.options, o.podTemplates);
      const tr = t.transform;
      const salt = o.rng.stream(`workload/${i}/sample`).next();
      const transformed = tr
        ? transformEvents(
            raw,
            {
              ...(tr.window ? { window: { startSeconds: tr.window.start, ...(tr.window.end !== undefined ? { endSeconds: tr.window.end } : {}) } } : {}),
              ...(tr.compress !== undefined ? { compress: tr.compress } : {}),
              ...(tr.sample !== undefined ? { sample: tr.sample } : {}),
              ...(tr.replicasFactor !== undefined ? { replicasFactor: tr.replicasFactor } : {}),
              ...(tr.shiftSeconds !== undefined ? { shiftSeconds: tr.shiftSeconds } : {}),
            },
            salt,
            stats,
          )
        : raw;
      sourceStats.push(stats);
      sources.push(counted(transformed, stats));
    } else {
      const stats = newSourceStats(`generator ${item.generator} #${i}`);
      const ctx: GeneratorContext = {
        rng: o.rng.stream(`workload/${i}/${item.generator}`),
        templates: o.podTemplates,
        ...(o.horizonSeconds !== undefined ? { horizonSeconds: o.horizonSeconds } : {}),
        stats,
        prefix: `g${i}`,
      };
      sourceStats.push(stats);
      sources.push(counted(generatorEvents(item, ctx), stats));
    }
  });
  // Templates a trace row names directly get their PDBs too.
  for (const [name, t] of o.podTemplates) if (t.pdb && !pdbs.has(name) && config.some(isTrace)) pdbs.set(name, t.pdb);
  return {
    events: { [Symbol.iterator]: () => mergeSources(sources) },
    pdbs: [...pdbs.values()],
    sourceStats,
    stats: () => totalStats(sourceStats),
  };
}
