import { z } from 'zod';
import { LabelKeys } from '../../model/index.js';
import { BadRowHandler } from '../io/bad-rows.js';
import { eachRow, readTable } from '../io/table.js';
import { makePodSpec } from '../pod-template.js';
import { WorkloadLabels, type WorkloadEvent } from '../types.js';
import type { ReaderContext } from './reader-context.js';
import { sortEvents } from './sorted.js';

/**
 * Alibaba cluster-trace-gpu-v2023 pod list (`openb_pod_list_*.csv`): name, cpu_milli, memory_mib,
 * num_gpu, gpu_milli, gpu_spec, qos, pod_phase, creation_time, deletion_time, scheduled_time (seconds
 * from the trace start; times are kept as they are: use a window to pick a stretch).
 *
 * - A pod arrives at creation_time in namespace = its qos lowercased (ls, be, burstable, guaranteed),
 *   so templateByNamespace can map QoS classes; priority LS/Guaranteed 1000, Burstable 500, BE 0.
 * - A pod that was scheduled runs deletion_time − scheduled_time once Running, then completes (its
 *   work is kept even when the simulated cluster starts it later); without a deletion_time it runs
 *   until the horizon. A pod never scheduled is deleted at deletion_time (its user gave up).
 * - Never-ran pods (no scheduled_time, mostly Pending: the original cluster never placed them) are demand the
 *   autoscaler may serve: `neverRan: include` (default) keeps them, `skip` filters them.
 * - Fractional GPUs (num_gpu 1 with gpu_milli < 1000, GPU sharing): Kubernetes GPUs are whole, so
 *   `fractionalGpu: whole` (default) asks for 1 GPU and records the share in the
 *   fleetsim.io/gpu-milli annotation; `skip` filters such pods.
 * - Empty cpu_milli / memory_mib / num_gpu count as 0; an empty creation_time is a bad row.
 * - `gpuSpecAffinity: true` turns gpu_spec (e.g. V100M16|V100M32) into required node affinity on
 *   karpenter.k8s.aws/instance-gpu-name for the models AWS has (V100 → v100, T4 → t4, A10 → a10g);
 *   other models (P100, G2, G3) add no constraint.
 */
export const alibabaGpuOptionsSchema = z
  .strictObject({
    neverRan: z.enum(['include', 'skip']).default('include'),
    fractionalGpu: z.enum(['whole', 'skip']).default('whole'),
    gpuSpecAffinity: z.boolean().default(false),
  })
  .default({ neverRan: 'include', fractionalGpu: 'whole', gpuSpecAffinity: false });
export type AlibabaGpuOptions = z.infer<typeof alibabaGpuOptionsSchema>;

const COLUMNS = ['name', 'cpu_milli', 'memory_mib', 'num_gpu', 'gpu_milli', 'gpu_spec', 'qos', 'pod_phase', 'creation_time', 'deletion_time', 'scheduled_time'];
const PRIORITY: Record<string, number> = { LS: 1000, Guaranteed: 1000, Burstable: 500, BE: 0 };
const PHASES = new Set(['Running', 'Succeeded', 'Failed', 'Pending']);
const AWS_GPU: [RegExp, string][] = [
  [/^V100/i, 'v100'],
  [/^T4$/i, 't4'],
  [/^A10$/i, 'a10g'],
];

export function readAlibabaGpuTrace(ctx: ReaderContext, options: AlibabaGpuOptions = alibabaGpuOptionsSchema.parse(undefined)): Iterable<WorkloadEvent> {
  const { file, stats, resolver } = ctx;
  const handler = new BadRowHandler(file, ctx.onBadRow, stats);
  const rows = readTable(file, handler, stats, { columns: COLUMNS, header: 'auto', required: ['name', 'creation_time'] });
  const events: WorkloadEvent[] = [];
  eachRow(rows, handler, (r) => {
    const name = r.str('name');
    if (name === '') r.fail('name', 'required');
    const created = r.num('creation_time', { min: 0 });
    const deleted = r.optNum('deletion_time', { min: 0 });
    const scheduled = r.optNum('scheduled_time', { min: 0 });
    if (deleted !== undefined && deleted < created) r.fail('deletion_time', `before creation_time (${created})`);
    if (scheduled !== undefined && scheduled < created) r.fail('scheduled_time', `before creation_time (${created})`);
    const phase = r.str('pod_phase') || 'Running';
    if (!PHASES.has(phase)) r.fail('pod_phase', `expected Running, Succeeded, Failed or Pending, found ${JSON.stringify(phase)}`);
    const qos = r.str('qos') || 'BE';
    if (!(qos in PRIORITY)) r.fail('qos', `expected LS, BE, Burstable or Guaranteed, found ${JSON.stringify(qos)}`);
    const gpus = r.optNum('num_gpu', { min: 0, integer: true }) ?? 0;
    const gpuMilli = r.optNum('gpu_milli', { min: 0, max: 1000 }) ?? (gpus > 0 ? 1000 : 0);
    const fractional = gpus === 1 && gpuMilli < 1000;
    const neverRan = scheduled === undefined;
    if ((neverRan && options.neverRan === 'skip') || (fractional && options.fractionalGpu === 'skip')) {
      stats.filtered++;
      return undefined;
    }
    const namespace = qos.toLowerCase();
    const annotations: Record<string, string> = {};
    if (fractional) annotations[WorkloadLabels.gpuMilli] = String(gpuMilli);
    const gpuSpec = r.str('gpu_spec');
    if (gpuSpec) annotations['fleetsim.io/gpu-spec'] = gpuSpec;
    const completes = scheduled !== undefined && deleted !== undefined;
    const template = resolver.resolve(undefined, namespace, undefined);
    let spec = makePodSpec(template, {
      namespace,
      requests: { cpuMillis: r.optNum('cpu_milli', { min: 0 }) ?? 0, memoryMiB: r.optNum('memory_mib', { min: 0 }) ?? 0, gpus },
      annotations,
      priority: PRIORITY[qos],
      durationSeconds: completes ? deleted - scheduled : undefined,
    });
    const models = options.gpuSpecAffinity && gpus > 0 ? awsGpuNames(gpuSpec) : [];
    if (models.length > 0) {
      spec = { ...spec, affinity: { ...spec.affinity, nodeAffinity: { required: [{ matchExpressions: [{ key: LabelKeys.instanceGpuName, operator: 'In', values: models }] }] } } };
    }
    events.push({ kind: 'pod', at: created, id: name, spec });
    if (!completes && deleted !== undefined) events.push({ kind: 'delete-pod', at: deleted, id: name });
    return true;
  });
  return sortEvents(events);
}

function awsGpuNames(spec: string): string[] {
  const out = new Set<string>();
  for (const model of spec.split('|')) for (const [re, aws] of AWS_GPU) if (re.test(model.trim())) out.add(aws);
  return [...out];
}
