import { z } from 'zod';
import type { WorkloadEvent } from '../types.js';
import { BadRowHandler } from '../io/bad-rows.js';
import { eachRow, readTable } from '../io/table.js';
import { baseSpec, requestsSchema } from '../generators/common.js';
import { hpaScaleEvents } from '../generators/deployments.js';
import { piecewise } from '../generators/load-curve.js';
import type { PodTemplates } from '../pod-template.js';
import type { ReaderContext } from './reader-context.js';

/**
 * Azure LLM inference trace (Azure Public Dataset, 2023/2024: TIMESTAMP, ContextTokens,
 * GeneratedTokens, one row per request) as a load shape: requests (or tokens) per second in
 * `bucket`-wide bins, starting at the first request, drive a Deployment through the HPA model (see
 * generators/hpa-model.ts). `capacityPerReplica` is the load one replica serves at 100 % of its
 * request; the Deployment is `name` in `namespace` with pods from `template` and/or `requests`.
 */
export const azureLlmOptionsSchema = z
  .strictObject({
    name: z.string().min(1).default('llm-inference'),
    namespace: z.string().min(1).optional(),
    template: z.string().optional(),
    requests: requestsSchema.optional(),
    metric: z.enum(['requests', 'tokens']).default('requests'),
    bucketSeconds: z.number().positive().default(60),
    capacityPerReplica: z.number().positive().default(1),
    targetUtilization: z.number().positive().default(0.7),
    minReplicas: z.number().int().min(1).default(1),
    maxReplicas: z.number().int().min(1).default(100),
    tolerance: z.number().min(0).default(0.1),
    syncPeriod: z.number().positive().default(15),
  })
  .default({
    name: 'llm-inference',
    metric: 'requests',
    bucketSeconds: 60,
    capacityPerReplica: 1,
    targetUtilization: 0.7,
    minReplicas: 1,
    maxReplicas: 100,
    tolerance: 0.1,
    syncPeriod: 15,
  });
export type AzureLlmOptions = z.infer<typeof azureLlmOptionsSchema>;

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?Z?$/;

/** "2023-11-16 18:17:03.9799600" (UTC) → Unix seconds; undefined when not that shape. */
export function parseTimestamp(text: string): number | undefined {
  const m = TIMESTAMP.exec(text.trim());
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]));
  return Number.isFinite(ms) ? ms / 1000 + (m[7] ? Number(m[7]) : 0) : undefined;
}

/** The load per second in each bucket from the first request; rows with bad fields are bad rows. */
export function readLlmLoad(ctx: ReaderContext, metric: 'requests' | 'tokens', bucketSeconds: number): number[] {
  const handler = new BadRowHandler(ctx.file, ctx.onBadRow, ctx.stats);
  const rows = readTable(ctx.file, handler, ctx.stats, {
    columns: ['timestamp', 'contexttokens', 'generatedtokens'],
    header: 'yes',
    required: ['timestamp'],
  });
  const samples = eachRow(rows, handler, (r) => {
    const at = parseTimestamp(r.str('timestamp')) ?? r.fail('timestamp', `expected "YYYY-MM-DD hh:mm:ss[.fraction]", found ${JSON.stringify(r.str('timestamp'))}`);
    const tokens = metric === 'tokens' ? r.num('contexttokens', { min: 0 }) + r.num('generatedtokens', { min: 0 }) : 1;
    return { at, tokens };
  });
  if (samples.length === 0) return [];
  const t0 = Math.min(...samples.map((s) => s.at));
  const bins: number[] = [];
  for (const s of samples) {
    const i = Math.floor((s.at - t0) / bucketSeconds);
    while (bins.length <= i) bins.push(0);
    bins[i]! += s.tokens;
  }
  return bins.map((v) => v / bucketSeconds);
}

export function readAzureLlmTrace(ctx: ReaderContext, options: AzureLlmOptions, templates: PodTemplates): Iterable<WorkloadEvent> {
  const bins = readLlmLoad(ctx, options.metric, options.bucketSeconds);
  if (bins.length === 0) return [];
  const load = piecewise(
    bins.map((v, i) => [i * options.bucketSeconds, v] as const),
    'step',
  );
  const template = baseSpec(options, templates);
  return hpaScaleEvents({ ...options, start: 0 }, template, load, bins.length * options.bucketSeconds);
}
