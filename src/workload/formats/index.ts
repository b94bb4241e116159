import { z } from 'zod';
import type { PodTemplates } from '../pod-template.js';
import type { WorkloadEvent } from '../types.js';
import { alibaba2018OptionsSchema, readAlibaba2018Batch, readAlibaba2018Containers } from './alibaba-2018.js';
import { alibabaGpuOptionsSchema, readAlibabaGpuTrace } from './alibaba-gpu.js';
import { azureLlmOptionsSchema, readAzureLlmTrace } from './azure-llm.js';
import { azureVmOptionsSchema, readAzureVmTrace } from './azure-vm.js';
import { readFleetsimTrace } from './fleetsim-reader.js';
import { google2011OptionsSchema, readGoogle2011Trace } from './google-2011.js';
import { google2019OptionsSchema, readGoogle2019Trace } from './google-2019.js';
import type { ReaderContext } from './reader-context.js';
import { readSimkubeTrace, simkubeOptionsSchema } from './simkube.js';

/** Trace formats fleetsim reads (`fleetsim trace inspect --format`, a scenario trace's `format`). */
export const TRACE_FORMATS = [
  'fleetsim',
  'simkube',
  'alibaba-gpu-2023',
  'alibaba-2018-batch',
  'alibaba-2018-containers',
  'google-2011',
  'google-2019',
  'azure-vm',
  'azure-llm',
] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

interface FormatEntry {
  /** Options under the trace's `options:` key. */
  readonly options: z.ZodType;
  readonly read: (ctx: ReaderContext, options: never, templates: PodTemplates) => Iterable<WorkloadEvent>;
  readonly describe: string;
}

const noOptions = z.strictObject({}).optional();

export const traceFormats: Readonly<Record<TraceFormat, FormatEntry>> = {
  fleetsim: {
    options: noOptions,
    read: (ctx) => readFleetsimTrace(ctx.file, ctx),
    describe: "fleetsim's own trace (CSV with header, or JSON Lines for .jsonl/.ndjson)",
  },
  simkube: { options: simkubeOptionsSchema, read: (ctx) => readSimkubeTrace(ctx), describe: 'SimKube trace v2 (.sktrace msgpack, or JSON)' },
  'alibaba-gpu-2023': { options: alibabaGpuOptionsSchema, read: readAlibabaGpuTrace, describe: 'Alibaba cluster-trace-gpu-v2023 openb_pod_list' },
  'alibaba-2018-batch': { options: alibaba2018OptionsSchema, read: readAlibaba2018Batch, describe: 'Alibaba cluster-trace-v2018 batch_task' },
  'alibaba-2018-containers': { options: alibaba2018OptionsSchema, read: readAlibaba2018Containers, describe: 'Alibaba cluster-trace-v2018 container_meta' },
  'google-2011': { options: google2011OptionsSchema, read: readGoogle2011Trace, describe: 'Google clusterdata-2011 task_events' },
  'google-2019': { options: google2019OptionsSchema, read: readGoogle2019Trace, describe: 'Google clusterdata-2019 instance_events (BigQuery CSV export)' },
  'azure-vm': { options: azureVmOptionsSchema, read: readAzureVmTrace, describe: 'Azure Public Dataset vmtable' },
  'azure-llm': { options: azureLlmOptionsSchema, read: readAzureLlmTrace, describe: 'Azure LLM inference request arrivals → HPA-scaled Deployment' },
};

/** A format from a file name, where the name says it (.sktrace, openb_pod_list, vmtable, ...). */
export function guessFormat(file: string): TraceFormat | undefined {
  const base = file.slice(file.lastIndexOf('/') + 1).toLowerCase();
  if (base.endsWith('.sktrace')) return 'simkube';
  if (base.startsWith('openb_pod_list')) return 'alibaba-gpu-2023';
  if (base.startsWith('batch_task')) return 'alibaba-2018-batch';
  if (base.startsWith('container_meta')) return 'alibaba-2018-containers';
  if (base.startsWith('vmtable')) return 'azure-vm';
  if (base.includes('azurellminference') || base.includes('llm-inference') || base.includes('llm_inference')) return 'azure-llm';
  if (base.includes('task_events') || base.includes('task-events')) return 'google-2011';
  if (base.includes('instance_events') || base.includes('instance-events')) return 'google-2019';
  if (/\.(csv|jsonl|ndjson)(\.gz)?$/.test(base)) return 'fleetsim';
  return undefined;
}

/** Open a trace: validated options (defaults applied) → a lazily read, time-ordered event stream. */
export function openTrace(format: TraceFormat, ctx: ReaderContext, options: unknown, templates: PodTemplates): Iterable<WorkloadEvent> {
  const entry = traceFormats[format];
  const parsed = entry.options.parse(options) as never;
  return entry.read(ctx, parsed, templates);
}
